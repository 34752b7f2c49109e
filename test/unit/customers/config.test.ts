import assert from 'node:assert/strict';
import { parseConfig } from '../../../shared/config';
import { DEFAULT_EDITABLE_FIELDS } from '../../../shared/config/customers';
import { customerEditsInput } from '../../../workers/webhooks/customer-updated';
import { problemsOf } from '../config/problems';

describe('customers configuration', () => {
  it('defaults to the data contract (docs/data-contract.md)', () => {
    const { customers } = parseConfig({});
    assert.deepEqual(customers.meta, {
      account: 'sage_account',
      central: 'sage_central',
      homeDepot: 'sage_home_depot',
      vatNumber: 'sage_vat_number',
      siret: 'sage_siret',
      payer: 'sage_payer',
      priceGroup: 'sage_price_group',
      sleeping: 'sage_sleeping',
      customerCodes: 'sage_customer_codes',
    });
    assert.equal(customers.conflictPolicy, 'sage-wins');
    assert.equal(customers.sleeping.mode, 'meta');
    assert.equal(customers.newAccountEmail, 'hold-creates');
    assert.deepEqual(customers.editableFields, DEFAULT_EDITABLE_FIELDS);
    assert.ok(!customers.editableFields.includes('billing.company'));
    assert.equal(customers.countries.France, 'FR');
  });

  it('gives the edits workflow a retry backoff without end, from the configuration', () => {
    const { customers } = parseConfig({});
    assert.deepEqual(customers.editsRetry, { initialInterval: '1s', maximumInterval: '5m' });
    const config = parseConfig(
      {},
      {
        SWS_CUSTOMERS__EDITS_RETRY__MAXIMUM_INTERVAL: '30s',
        SWS_CUSTOMERS__POLLING_INTERVAL: '2m',
      },
    );
    assert.deepEqual(customerEditsInput(config), {
      pollEveryMs: 120_000,
      retry: { initialIntervalMs: 1_000, maximumIntervalMs: 30_000 },
    });
    assert.ok(
      problemsOf(() => parseConfig({ customers: { editsRetry: { maximumInterval: 'soon' } } }))
        .join('\n')
        .includes('customers.editsRetry.maximumInterval'),
    );
  });

  it('takes settings from the environment', () => {
    const { customers } = parseConfig(
      {},
      {
        SWS_CUSTOMERS__CONFLICT_POLICY: 'shop-wins',
        SWS_CUSTOMERS__SLEEPING__MODE: 'role',
        SWS_CUSTOMERS__SLEEPING__CREATE_SLEEPING: 'true',
        SWS_CUSTOMERS__HOME_DEPOT__BY_ACCOUNT: '{"CL00001": 3}',
        SWS_CUSTOMERS__META__HOME_DEPOT: 'acf_home_store',
        SWS_CUSTOMERS__PAGE_SIZE: '250',
      },
    );
    assert.equal(customers.conflictPolicy, 'shop-wins');
    assert.equal(customers.sleeping.mode, 'role');
    assert.equal(customers.sleeping.createSleeping, true);
    assert.deepEqual(customers.homeDepot.byAccount, { CL00001: 3 });
    assert.equal(customers.meta.homeDepot, 'acf_home_store');
    assert.equal(customers.meta.account, 'sage_account');
    assert.equal(customers.pageSize, 250);
  });

  it('names every bad field', () => {
    const problems = problemsOf(() =>
      parseConfig({
        customers: {
          meta: { siret: '_siret' },
          editableFields: ['email', 'meta.sage_account'],
          conflictPolicy: 'newest-wins',
          pollingInterval: 'often',
        },
      }),
    );
    const text = problems.join('\n');
    for (const path of [
      'customers.meta.siret',
      'customers.editableFields.1',
      'customers.conflictPolicy',
      'customers.pollingInterval',
    ]) {
      assert.match(text, new RegExp(path.replace(/\./g, '\\.')), text);
    }
  });
});
