import assert from 'node:assert/strict';
import { homeDepotFor } from '../../../shared/customers/home-depot';
import { customersConfig, DEPOTS, sageCustomer } from './fixtures';

describe('home depot rule', () => {
  const rules = customersConfig().homeDepot;

  it('takes the depot of the same postal code, then of the same département', () => {
    assert.deepEqual(homeDepotFor(sageCustomer(), DEPOTS, rules), {
      depotNo: 1,
      rule: 'postal-code',
    });
    const marseille = sageCustomer({ address: { ...sageCustomer().address, postalCode: '13008' } });
    assert.deepEqual(homeDepotFor(marseille, DEPOTS, rules), { depotNo: 2, rule: 'postal-code' });
  });

  it("prefers the account's own Sage depot when it exists, unless told not to", () => {
    const own = sageCustomer({ depotNo: 3 });
    assert.deepEqual(homeDepotFor(own, DEPOTS, rules), { depotNo: 3, rule: 'sage-default' });
    assert.equal(
      homeDepotFor(own, DEPOTS, { ...rules, useSageDefault: false })?.rule,
      'postal-code',
    );
    // A depot number Sage does not know is ignored.
    assert.equal(homeDepotFor(sageCustomer({ depotNo: 99 }), DEPOTS, rules)?.depotNo, 1);
  });

  it('applies configured overrides: account first, then the longest postal-code prefix', () => {
    const config = customersConfig({
      homeDepot: { byAccount: { CL00001: 2 }, byPostalCodePrefix: { '69': 3, '692': 2 } },
    }).homeDepot;
    assert.deepEqual(homeDepotFor(sageCustomer(), DEPOTS, config), {
      depotNo: 2,
      rule: 'account-override',
    });
    const other = sageCustomer({
      account: 'CL2',
      address: { ...sageCustomer().address, postalCode: '69200' },
    });
    assert.deepEqual(homeDepotFor(other, DEPOTS, config), {
      depotNo: 2,
      rule: 'postal-code-override',
    });
    const third = sageCustomer({ account: 'CL3' });
    assert.deepEqual(homeDepotFor(third, DEPOTS, config), {
      depotNo: 3,
      rule: 'postal-code-override',
    });
  });

  it('falls back to the configured depot, or gives none when no rule matches', () => {
    const monaco = sageCustomer({ address: { ...sageCustomer().address, postalCode: '98000' } });
    assert.equal(homeDepotFor(monaco, DEPOTS, rules), undefined);
    assert.deepEqual(homeDepotFor(monaco, DEPOTS, { ...rules, fallback: 1 }), {
      depotNo: 1,
      rule: 'fallback',
    });
  });
});
