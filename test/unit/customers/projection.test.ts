import assert from 'node:assert/strict';
import { customerHash } from '../../../shared/customers/content-hash';
import { customerPayload } from '../../../shared/customers/payload';
import {
  countryCode,
  countryName,
  projectCustomer,
  splitPersonName,
} from '../../../shared/customers/projection';
import { customersConfig, DEPOTS, sageCustomer } from './fixtures';

describe('projection of a Sage account to a shop customer', () => {
  const config = customersConfig({ priceGroups: { '1': 'Revendeurs' } });

  it('fills names, company, billing, shipping, e-mail and the data-contract meta', () => {
    const { fields, homeDepot } = projectCustomer(
      sageCustomer({ centralAccount: 'CENTRALE01', payerAccount: 'CL00009' }),
      { config, depots: DEPOTS },
    );
    assert.deepEqual(homeDepot, { depotNo: 1, rule: 'postal-code' });
    assert.equal(fields.email, 'contact@raccords.example.fr');
    assert.equal(fields.first_name, 'Jean');
    assert.equal(fields.last_name, 'Dupont');
    assert.equal(fields['billing.company'], 'SARL Raccords Lyonnais');
    assert.equal(fields['billing.address_1'], '12 rue de la Gare');
    assert.equal(fields['billing.country'], 'FR');
    assert.equal(fields['billing.email'], 'contact@raccords.example.fr');
    assert.equal(fields['shipping.company'], 'Entrepôt Vénissieux');
    assert.equal(fields['shipping.first_name'], 'Marie');
    assert.equal(fields['shipping.postcode'], '69200');
    assert.equal(fields['meta.sage_account'], 'CL00001');
    assert.equal(fields['meta.sage_vat_number'], 'FR12345678901');
    assert.equal(fields['meta.sage_siret'], '12345678900011');
    // The price sync owns the pricing keys (the effective category of a member).
    assert.equal(fields['meta.sage_price_category'], undefined);
    assert.equal(fields['meta.sage_price_group'], 'Revendeurs');
    assert.equal(fields['meta.sage_home_depot'], '1');
    assert.equal(fields['meta.sage_central'], 'CENTRALE01');
    assert.equal(fields['meta.sage_payer'], 'CL00009');
    assert.equal(fields['meta.sage_sleeping'], '0');
    assert.equal(fields.role, undefined);
  });

  it('uses the configured meta keys and the role for sleeping accounts when asked', () => {
    const custom = customersConfig({
      meta: { account: 'erp_customer', homeDepot: 'acf_home_store' },
      sleeping: { mode: 'role', role: 'blocked' },
    });
    const { fields } = projectCustomer(sageCustomer({ sleeping: true }), {
      config: custom,
      depots: DEPOTS,
    });
    assert.equal(fields['meta.erp_customer'], 'CL00001');
    assert.equal(fields['meta.acf_home_store'], '1');
    assert.equal(fields.role, 'blocked');
    assert.equal(fields['meta.sage_sleeping'], undefined);
  });

  it('leaves shipping empty without delivery address and the home depot empty without a match', () => {
    const { fields, homeDepot } = projectCustomer(
      sageCustomer({
        deliveryAddresses: [],
        address: { ...sageCustomer().address, postalCode: '98000', country: 'Monaco' },
      }),
      { config, depots: DEPOTS },
    );
    assert.equal(homeDepot, undefined);
    assert.equal(fields['meta.sage_home_depot'], '');
    assert.equal(fields['shipping.address_1'], '');
    assert.equal(fields['billing.country'], 'MC');
  });

  it('takes the first contact when the account has no contact name', () => {
    const { fields } = projectCustomer(
      sageCustomer({
        contactName: '',
        contacts: [
          {
            contactNo: 1,
            customerAccount: 'CL00001',
            firstName: 'Ana',
            lastName: 'Lopez',
            jobTitle: '',
            phone: '',
            mobile: '',
            email: '',
          },
        ],
      }),
      { config, depots: DEPOTS },
    );
    assert.equal(fields.first_name, 'Ana');
    assert.equal(fields.last_name, 'Lopez');
  });

  it('rejects a meta key starting with "_" (WooCommerce hides those)', () => {
    assert.throws(
      () => customersConfig({ meta: { account: '_sage_account' } }),
      /customers\.meta\.account/,
    );
  });

  it('splits person names and maps countries both ways', () => {
    assert.deepEqual(splitPersonName('  Jean  Paul Dupont '), {
      first: 'Jean',
      last: 'Paul Dupont',
    });
    assert.deepEqual(splitPersonName('Dupont'), { first: '', last: 'Dupont' });
    assert.equal(countryCode('france', config.countries), 'FR');
    assert.equal(countryCode('Atlantis', config.countries), 'Atlantis');
    assert.equal(countryName('BE', config.countries), 'Belgique');
  });

  it('hashes equal projections equally whatever the key order, and differently when a value changes', () => {
    const { fields } = projectCustomer(sageCustomer(), { config, depots: DEPOTS });
    const reversed = Object.fromEntries(Object.entries(fields).reverse());
    assert.equal(customerHash(fields), customerHash(reversed));
    assert.notEqual(customerHash(fields), customerHash({ ...fields, email: 'x@y.fr' }));
  });

  it('builds create and partial update bodies with no username and no password', () => {
    const { fields } = projectCustomer(sageCustomer(), { config, depots: DEPOTS });
    const create = customerPayload(fields);
    assert.equal(create.email, 'contact@raccords.example.fr');
    assert.equal(create.billing?.city, 'Lyon');
    assert.equal(create.shipping?.city, 'Vénissieux');
    assert.ok(create.meta_data?.some((m) => m.key === 'sage_account' && m.value === 'CL00001'));
    assert.ok(!('password' in create) && !('username' in create));
    const update = customerPayload({ 'billing.city': 'Bron', 'meta.sage_home_depot': '2' });
    assert.deepEqual(update, {
      billing: { city: 'Bron' },
      meta_data: [{ key: 'sage_home_depot', value: '2' }],
    });
  });
});
