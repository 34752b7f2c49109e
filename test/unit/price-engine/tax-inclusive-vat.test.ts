import assert from 'node:assert/strict';
import {
  buildPriceIndex,
  categoryPriceRule,
  evaluatePrice,
  type PricingCustomer,
} from '../../../shared/price-engine';
import { categoryRow, chaise, company, customer, DAY, exceptionRow, netOf } from './builders';

/**
 * A tax-inclusive price (AR_PrixTTC, AC_PrixTTC) is brought back to excl. tax with the article's
 * VAT rate for the customer's accounting category (docs/price-rules.md, "2. Gross price"): a
 * 0 % DOM-TOM customer pays the tax-inclusive amount excl. tax, a 20 % customer amount / 1.2.
 */
describe('tax-inclusive prices and the VAT of the customer (engine.ts)', () => {
  /** Accounting category 1: metropolitan France (20 %); 2: DOM export (0 %); 3: 5.5 %. */
  const rates = { '1': '20', '2': '0', '3': '5.5' };
  const of = (account: string, priceCategory: number, accountingCategory?: number, rate = '0') => {
    const c: PricingCustomer = customer(account, priceCategory, rate);
    return accountingCategory === undefined ? c : { ...c, accountingCategory };
  };
  const metro = of('METRO', 1, 1);
  const dom = of('REUNION', 1, 2);
  const reduced = of('REDUIT', 1, 3);
  const unknown = of('NOCAT', 1);

  it('divides a tax-inclusive base price by the rate of each customer’s category', () => {
    const data = company({
      articles: [chaise({ salePrice: '120', salePriceIncludesTax: true, vatRates: rates })],
      customers: [metro, dom, reduced, unknown],
    });
    assert.equal(netOf(data, { customer: 'METRO' }), '100');
    assert.equal(netOf(data, { customer: 'REUNION' }), '120');
    // 120 / 1.055 = 113.7440…
    assert.equal(netOf(data, { customer: 'REDUIT' }), '113.74');
    // No category known: the article's own rate (here the default 20 %), as before.
    assert.equal(netOf(data, { customer: 'NOCAT' }), '100');
  });

  it('rounds the excl.-tax gross as configured, then applies discounts to it', () => {
    const data = company({
      articles: [chaise({ salePrice: '100', salePriceIncludesTax: true, vatRates: rates })],
      customers: [of('REDUIT', 1, 3, '10'), of('REUNION', 1, 2, '10')],
    });
    // 100 / 1.055 = 94.7867… → 94.79 (half-up) or 94.78 (down); then − 10 %.
    assert.equal(netOf(data, { customer: 'REDUIT' }), '85.31');
    assert.equal(netOf(data, { customer: 'REDUIT' }, { rounding: 'down' }), '85.3');
    assert.equal(netOf(data, { customer: 'REUNION' }), '90');
  });

  it('uses the customer’s rate for a tax-inclusive category row (not the precomputed view)', () => {
    const data = company({
      customers: [metro, dom],
      articlePrices: [categoryRow(1, '108', { priceIncludesTax: true, discountRate: '5' })],
      articles: [chaise({ vatRates: rates })],
    });
    assert.equal(netOf(data, { customer: 'METRO' }), '85.5');
    assert.equal(netOf(data, { customer: 'REUNION' }), '102.6');
  });

  it('prices a central’s tax-inclusive exception row with the member’s own category', () => {
    const central = of('CENT01', 1, 1);
    const member = { ...of('MAG974', 1, 2), centralAccount: 'CENT01' };
    const data = company({
      customers: [central, member],
      articlePrices: [exceptionRow('CENT01', '60', { priceIncludesTax: true })],
      articles: [chaise({ vatRates: rates })],
    });
    assert.equal(netOf(data, { customer: 'CENT01' }), '50');
    assert.equal(netOf(data, { customer: 'MAG974' }), '60');
  });

  it('brings a scheduled tax-inclusive base price back with the customer’s rate too', () => {
    const data = company({
      articles: [
        chaise({
          salePrice: '120',
          salePriceIncludesTax: true,
          vatRates: rates,
          scheduledPrice: { from: '2026-04-01', salePrice: '144' },
        }),
      ],
      customers: [metro, dom],
    });
    assert.equal(netOf(data, { customer: 'REUNION', date: '2026-04-01' }), '144');
    assert.equal(netOf(data, { customer: 'METRO', date: '2026-04-01' }), '120');
    assert.equal(netOf(data, { customer: 'REUNION', date: '2026-03-31' }), '120');
  });

  it('leaves prices excl. tax alike for every category', () => {
    const data = company({
      articles: [chaise({ vatRates: rates })],
      customers: [metro, dom],
      articlePrices: [categoryRow(1, '90')],
    });
    assert.equal(netOf(data, { customer: 'METRO' }), '90');
    assert.equal(netOf(data, { customer: 'REUNION' }), '90');
  });

  it('keeps the category rule at the article’s own rate (the shop’s per-customer price covers the rest)', () => {
    const data = company({
      articles: [chaise({ salePrice: '120', salePriceIncludesTax: true, vatRates: rates })],
      customers: [metro, dom],
    });
    const index = buildPriceIndex(data);
    assert.equal(categoryPriceRule(index, 'CHAISE01', 1, DAY)?.gross, '100');
    const query = { article: 'CHAISE01', quantity: 1, date: DAY };
    assert.equal(evaluatePrice(index, { ...query, customer: 'REUNION' }).netPrice, '120');
    assert.equal(evaluatePrice(index, { ...query, customer: 'REUNION' }).grossPrice, '120');
  });
});
