import assert from 'node:assert/strict';
import { pricesConfigSchema } from '../../../shared/config/prices';
import { PriceLookupError } from '../../../shared/price-engine';
import { asleepCustomerMeta } from '../../../shared/price-sync/payload';
import { categoryRow, company, customer, netOf, priceOf } from './builders';

/** CT_Sommeil (docs/price-rules.md, "1. Effective customer"): Sage sells nothing to the account. */
describe('pricing engine: sleeping accounts', () => {
  const data = company({
    customers: [
      { ...customer('CLI001', 2), sleeping: true },
      customer('CENT01', 3, '4'),
      { ...customer('CENT02', 3, '4'), sleeping: true },
      customer('MAG12', 1, '0', 'CENT02'),
      { ...customer('MAG13', 1, '0', 'CENT01'), sleeping: true },
    ],
    articlePrices: [categoryRow(2, '90'), categoryRow(3, '92')],
  });
  const asleep = (account: string) => (err: unknown) =>
    err instanceof PriceLookupError && err.problem === 'customer-asleep' && err.key === account;

  it('gives a sleeping account no price, the reason named', () => {
    assert.throws(() => priceOf(data, { customer: 'CLI001' }), asleep('CLI001'));
  });

  it("a sleeping member gets none even when its central is awake; it is the member's own flag", () => {
    assert.throws(() => priceOf(data, { customer: 'MAG13' }), asleep('MAG13'));
    assert.equal(netOf(data, { customer: 'CENT01' }), '88.32');
  });

  it("an awake member of a sleeping central keeps the central's conditions (choice)", () => {
    assert.throws(() => priceOf(data, { customer: 'CENT02' }), asleep('CENT02'));
    const member = priceOf(data, { customer: 'MAG12' });
    assert.equal(member.effectiveCustomer, 'CENT02');
    assert.equal(member.netPrice, '88.32');
  });

  it('removes every customer pricing key with null values, one hash for every sleeping account', () => {
    const meta = pricesConfigSchema.parse({}).meta;
    const removal = asleepCustomerMeta(meta);
    assert.deepEqual(removal.metaData, [
      { key: 'sage_price_category', value: null },
      { key: 'sage_family_discounts', value: null },
      { key: 'sage_customer_discount', value: null },
      { key: 'sage_customer_prices', value: null },
      { key: 'sage_customer_price_tiers', value: null },
    ]);
    assert.match(removal.hash, /^[0-9a-f]{64}$/);
  });
});
