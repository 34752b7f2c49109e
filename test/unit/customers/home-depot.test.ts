import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { homeDepotFor } from '../../../shared/customers/home-depot';
import { DEMO_DEPARTMENT_DEPOTS, departmentOf } from '../../../shared/customers/home-depot-regions';
import { generateDemoCompany } from '../../../sandbox/sage/generator';
import { DEMO_BAD_DATA, DEMO_DEPOTS, DEMO_PROFILES } from '../../../sandbox/sage/demo-profile';
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

  describe('by département', () => {
    const demoDepots = DEMO_DEPOTS.map((d) => ({
      depotNo: d.no,
      code: d.code,
      postalCode: d.postalCode,
    }));
    const at = (postalCode: string, country = 'France') =>
      sageCustomer({ address: { ...sageCustomer().address, postalCode, country } });

    it('derives the département of French postal codes, Corsica and overseas included', () => {
      assert.equal(departmentOf('75011'), '75');
      assert.equal(departmentOf('01000'), '01');
      assert.equal(departmentOf('20090'), '2A');
      assert.equal(departmentOf('20200'), '2B');
      assert.equal(departmentOf('20600'), '2B');
      assert.equal(departmentOf('97 411'), '974');
      assert.equal(departmentOf('1000'), undefined);
      assert.equal(departmentOf('SW1A 1AA'), undefined);
    });

    it('maps every département of metropolitan France and overseas by default', () => {
      const metropolitan = Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0'))
        .filter((d) => d !== '20')
        .concat('2A', '2B');
      const overseas = [
        '971',
        '972',
        '973',
        '974',
        '975',
        '976',
        '977',
        '978',
        '986',
        '987',
        '988',
      ];
      const codes = new Set(demoDepots.map((d) => d.code as string));
      for (const department of [...metropolitan, ...overseas]) {
        const code = DEMO_DEPARTMENT_DEPOTS[department];
        assert.ok(code && codes.has(code), `département ${department}: ${code}`);
      }
      // Monaco (980xx) is abroad.
      assert.equal(DEMO_DEPARTMENT_DEPOTS['980'], undefined);
      assert.deepEqual(customersConfig().homeDepot.byDepartment, DEMO_DEPARTMENT_DEPOTS);
    });

    it('places the accounts no depot postal code matches, French addresses only', () => {
      assert.deepEqual(homeDepotFor(at('75011'), demoDepots, rules), {
        depotNo: 6,
        rule: 'department',
      });
      assert.equal(homeDepotFor(at('20090'), demoDepots, rules)?.depotNo, 2);
      assert.equal(homeDepotFor(at('97411', 'La Réunion'), demoDepots, rules)?.depotNo, 2);
      assert.equal(homeDepotFor(at('35000'), demoDepots, rules)?.depotNo, 5);
      // Same postal code or département as a depot: that depot, as before.
      assert.deepEqual(homeDepotFor(at('69200'), demoDepots, rules), {
        depotNo: 7,
        rule: 'postal-code',
      });
      // Foreign postal codes, even French-looking ones, match nothing: the sync reports them.
      assert.equal(homeDepotFor(at('98000', 'Monaco'), demoDepots, rules), undefined);
      assert.equal(homeDepotFor(at('69117', 'Allemagne'), demoDepots, rules), undefined);
      assert.equal(homeDepotFor(at('1000', 'Belgique'), demoDepots, rules), undefined);
      // A depot the company lacks (the default names demo depot codes) matches nothing either.
      assert.equal(homeDepotFor(at('75011'), DEPOTS, rules), undefined);
      // Configurable: by depot number or code, "20" for both Corsicas; {} turns it off.
      const own = customersConfig({ homeDepot: { byDepartment: { '75': 3, '20': 'mrs' } } });
      assert.equal(homeDepotFor(at('75011'), demoDepots, own.homeDepot)?.depotNo, 3);
      assert.equal(homeDepotFor(at('20200'), demoDepots, own.homeDepot)?.depotNo, 2);
      assert.equal(homeDepotFor(at('35000'), demoDepots, own.homeDepot), undefined);
      assert.throws(() => customersConfig({ homeDepot: { byDepartment: { '2C': 1 } } }));
    });

    it('gives every account of the customer-size demo company a home depot', function () {
      this.timeout(30_000);
      const database = new Database(':memory:');
      try {
        generateDemoCompany({ database, size: 'customer' });
        const depots = (
          database.prepare('SELECT DE_No, DE_Code, DE_CodePostal FROM F_DEPOT').all() as {
            DE_No: number;
            DE_Code: string;
            DE_CodePostal: string;
          }[]
        ).map((d) => ({ depotNo: d.DE_No, code: d.DE_Code, postalCode: d.DE_CodePostal }));
        const rows = database
          .prepare('SELECT CT_Num, CT_CodePostal, CT_Pays, DE_No FROM F_COMPTET')
          .all() as { CT_Num: string; CT_CodePostal: string; CT_Pays: string; DE_No: number }[];
        // The profile's accounts plus the overseas one every size carries.
        assert.equal(rows.length, DEMO_PROFILES.customer.customers + 1);
        const unmatched = (homeDepot: typeof rules) =>
          rows
            .filter(
              (row) =>
                !homeDepotFor(
                  {
                    account: row.CT_Num.trim(),
                    depotNo: row.DE_No > 0 ? row.DE_No : null,
                    address: {
                      ...sageCustomer().address,
                      postalCode: row.CT_CodePostal,
                      country: row.CT_Pays,
                    },
                  },
                  depots,
                  homeDepot,
                ),
            )
            .map((row) => row.CT_Num.trim());
        // Without the map, hundreds of accounts (Paris, Grenoble, Rennes…) had none.
        assert.ok(unmatched({ ...rules, byDepartment: {} }).length > 300);
        // With it, only the deliberately foreign account (Monaco) is left, to be reported.
        assert.deepEqual(unmatched(rules), [DEMO_BAD_DATA.customerNoDepotMatch]);
      } finally {
        database.close();
      }
    });
  });
});
