import assert from 'node:assert/strict';
import type { PricingData, PricingQuantityRange } from '../../../shared/price-engine';
import { categoryRow, chaise, company, customer, exceptionRow, netOf, priceOf } from './builders';

/** The worked examples of docs/price-rules.md ("Worked examples"), one test each. */
describe('pricing worked examples (engine.ts)', () => {
  const cli001 = customer('CLI001', 2);

  it('A: a category price only gives the category price', () => {
    const data = company({ customers: [cli001], articlePrices: [categoryRow(2, '90')] });
    const result = priceOf(data, { customer: 'CLI001' });
    assert.equal(result.netPrice, '90');
    assert.equal(result.rule, 'category-price');
    assert.deepEqual(result.appliedDiscounts, []);
  });

  it('B: the exception price wins over the category price', () => {
    const data = company({
      customers: [cli001],
      articlePrices: [categoryRow(2, '90'), exceptionRow('CLI001', '85')],
    });
    const result = priceOf(data, { customer: 'CLI001' });
    assert.equal(result.netPrice, '85');
    assert.equal(result.rule, 'customer-price');
  });

  it('C: a zero exception price falls through to its coefficient, then to the category', () => {
    const withCoef = company({
      customers: [cli001],
      articlePrices: [categoryRow(2, '90'), exceptionRow('CLI001', '0', { coefficient: '2.0' })],
    });
    const result = priceOf(withCoef, { customer: 'CLI001' });
    assert.equal(result.netPrice, '80');
    assert.equal(result.rule, 'customer-coefficient');
    const withoutCoef = company({
      customers: [cli001],
      articlePrices: [categoryRow(2, '90'), exceptionRow('CLI001', '0')],
    });
    assert.equal(netOf(withoutCoef, { customer: 'CLI001' }), '90');
  });

  const exampleD = (categoryDiscount = '0', excluded = false): PricingData =>
    company({
      customers: [customer('CLI002', 2, '5')],
      articlePrices: [
        categoryRow(2, '90', { discountRate: categoryDiscount, excludedFromDiscounts: excluded }),
      ],
      familyCustomerDiscounts: [
        { familyCode: 'MOBILIER', customerAccount: 'CLI002', discountRate: '8' },
      ],
      familyCategoryPrices: [
        { familyCode: 'MOBILIER', category: 2, discountRate: '3', excludedFromDiscounts: false },
      ],
    });

  it('D: several discounts under each strategy', () => {
    const data = exampleD();
    const highest = priceOf(data, { customer: 'CLI002' }, { strategy: 'highest' });
    assert.equal(highest.netPrice, '82.8');
    assert.deepEqual(highest.appliedDiscounts, [{ source: 'family-customer', rate: '8' }]);
    assert.equal(netOf(data, { customer: 'CLI002' }, { strategy: 'priority' }), '82.8');
    const cumulative = priceOf(data, { customer: 'CLI002' }, { strategy: 'cumulative' });
    assert.equal(cumulative.netPrice, '75.6');
    assert.deepEqual(cumulative.appliedDiscounts, [
      { source: 'family-customer', rate: '8' },
      { source: 'family-category', rate: '3' },
      { source: 'customer', rate: '5' },
    ]);
    assert.equal(netOf(data, { customer: 'CLI002' }, { strategy: 'cascade' }), '76.3');
  });

  it('D2: priority takes the first discount, highest the largest', () => {
    const data = exampleD('2');
    const priority = priceOf(data, { customer: 'CLI002' }, { strategy: 'priority' });
    assert.equal(priority.netPrice, '88.2');
    assert.deepEqual(priority.appliedDiscounts, [{ source: 'article-category', rate: '2' }]);
    assert.equal(netOf(data, { customer: 'CLI002' }, { strategy: 'highest' }), '82.8');
  });

  it('E: a category quantity grid picks the range of the quantity', () => {
    const range = (upperBound: string, ...rates: string[]): PricingQuantityRange => ({
      articleReference: 'CHAISE01',
      category: 2,
      upperBound,
      discounts: rates.map((value) => ({ value, type: 1 })),
      netPrice: '0',
    });
    const data = company({
      customers: [cli001],
      articlePrices: [categoryRow(2, '90', { gridKind: 1 })],
      quantityRanges: [range('999999', '5', '2'), range('9', '0'), range('49', '5')],
    });
    assert.equal(netOf(data, { customer: 'CLI001', quantity: 5 }), '90');
    const ten = priceOf(data, { customer: 'CLI001', quantity: 10 });
    assert.equal(ten.netPrice, '85.5');
    assert.deepEqual(ten.appliedDiscounts, [{ source: 'article-category-grid', rate: '5' }]);
    assert.equal(netOf(data, { customer: 'CLI001', quantity: 60 }), '83.79');
    assert.equal(netOf(data, { customer: 'CLI001', quantity: '9.5' }), '85.5');
  });

  const exampleF = (withCentralRow = true, memberRow = false): PricingData =>
    company({
      customers: [customer('MAG12', 1, '0', 'CENT01'), customer('CENT01', 3, '4')],
      articlePrices: [
        categoryRow(3, '92'),
        categoryRow(1, '95'),
        ...(withCentralRow ? [exceptionRow('CENT01', '88')] : []),
        ...(memberRow ? [exceptionRow('MAG12', '80')] : []),
      ],
    });

  it("F: a member of a central gets the central's exception price, category and discount", () => {
    const result = priceOf(exampleF(), { customer: 'MAG12' });
    assert.equal(result.netPrice, '84.48');
    assert.equal(result.effectiveCustomer, 'CENT01');
    assert.equal(result.viaCentral, true);
    assert.equal(result.category, 3);
    const categoryOnly = priceOf(exampleF(false), { customer: 'MAG12' });
    assert.equal(categoryOnly.netPrice, '88.32');
    assert.equal(categoryOnly.rule, 'category-price');
  });

  it("F2: a member's own exception price counts only with 'member-first'", () => {
    assert.equal(netOf(exampleF(true, true), { customer: 'MAG12' }), '84.48');
    assert.equal(
      netOf(exampleF(true, true), { customer: 'MAG12' }, { memberExceptionPrices: 'member-first' }),
      '76.8',
    );
  });

  it('G: a "hors remise" category row blocks the family and customer discounts', () => {
    const result = priceOf(exampleD('0', true), { customer: 'CLI002' });
    assert.equal(result.netPrice, '90');
    assert.equal(result.discountsBlockedBy, 'article-price');
    assert.equal(netOf(exampleD('2', true), { customer: 'CLI002' }), '88.2');
  });

  it('H: a package is priced by F_TARIFCOND, else units × unit price', () => {
    const lot = chaise({ packagings: [{ packagingNo: 3, quantity: '4' }] });
    const data = company({
      articles: [lot],
      customers: [cli001],
      articlePrices: [categoryRow(2, '90')],
    });
    const perUnits = priceOf(data, { customer: 'CLI001', packagingNo: 3 });
    assert.equal(perUnits.netPrice, '360');
    assert.equal(perUnits.packagingNo, 3);
    const withPackagePrice = company({
      ...data,
      packagingPrices: [
        { articleReference: 'CHAISE01', packagingNo: 3, category: 2, price: '340' },
      ],
    });
    const result = priceOf(withPackagePrice, { customer: 'CLI001', packagingNo: 3 });
    assert.equal(result.netPrice, '340');
    assert.equal(result.rule, 'category-packaging-price');
  });

  it('I: a net price range replaces price and discounts; a 0 % range replaces AC_Remise', () => {
    const data = company({
      customers: [cli001],
      articlePrices: [
        categoryRow(2, '90'),
        exceptionRow('CLI001', '85', { discountRate: '10', gridKind: 3 }),
      ],
      quantityRanges: [
        {
          articleReference: 'CHAISE01',
          customerAccount: 'CLI001',
          upperBound: '9',
          discounts: [],
          netPrice: '0',
        },
        {
          articleReference: 'CHAISE01',
          customerAccount: 'CLI001',
          upperBound: '999999',
          discounts: [],
          netPrice: '79.9',
        },
      ],
    });
    assert.equal(netOf(data, { customer: 'CLI001', quantity: 5 }), '85');
    const twelve = priceOf(data, { customer: 'CLI001', quantity: 12 });
    assert.equal(twelve.netPrice, '79.9');
    assert.equal(twelve.rule, 'customer-net-price');
    assert.deepEqual(twelve.appliedDiscounts, []);
  });

  it('J: a range discount per unit (REM_Type 0) follows its percentage in cascade', () => {
    const data = company({
      customers: [cli001],
      articlePrices: [categoryRow(2, '90', { gridKind: 1 })],
      quantityRanges: [
        {
          articleReference: 'CHAISE01',
          category: 2,
          upperBound: '999999',
          discounts: [
            { value: '5', type: 1 },
            { value: '1.5', type: 0 },
          ],
          netPrice: '0',
        },
      ],
    });
    const result = priceOf(data, { customer: 'CLI001' });
    assert.equal(result.netPrice, '84');
    assert.deepEqual(result.appliedDiscounts, [
      { source: 'article-category-grid', rate: '5' },
      { source: 'article-category-grid', amount: '1.5' },
    ]);
  });

  it('K: the exception row in force on the day is used', () => {
    const data = company({
      customers: [cli001],
      articlePrices: [
        exceptionRow('CLI001', '82', { validFrom: '2026-04-01' }),
        exceptionRow('CLI001', '85', { validTo: '2026-03-31' }),
      ],
    });
    assert.equal(netOf(data, { customer: 'CLI001', date: '2026-03-31' }), '85');
    assert.equal(netOf(data, { customer: 'CLI001', date: '2026-04-01T08:00:00.000' }), '82');
  });

  it('L: the net price is rounded once, with the configured mode', () => {
    const data = company({
      customers: [customer('CLI001', 2, '12.5')],
      articlePrices: [exceptionRow('CLI001', '22.84')],
    });
    assert.equal(netOf(data, { customer: 'CLI001' }), '19.99');
    assert.equal(netOf(data, { customer: 'CLI001' }, { rounding: 'half-even' }), '19.98');
    assert.equal(netOf(data, { customer: 'CLI001' }, { rounding: 'down' }), '19.98');
    assert.equal(netOf(data, { customer: 'CLI001' }, { rounding: 'up' }), '19.99');
    assert.equal(netOf(data, { customer: 'CLI001' }, { unitPriceDecimals: 3 }), '19.985');
  });

  it('M: a tax-inclusive exception price is brought back to excl. tax', () => {
    const data = company({
      customers: [cli001],
      articlePrices: [exceptionRow('CLI001', '108', { priceIncludesTax: true })],
    });
    assert.equal(netOf(data, { customer: 'CLI001' }), '90');
    assert.equal(netOf(data, { customer: 'CLI001' }, { defaultVatRate: '5.5' }), '102.37');
  });

  it("N: a tax-inclusive base price is brought back with the VAT of the customer's category", () => {
    const vatRates = { '1': '20', '2': '0', '3': '5.5' };
    const data = company({
      articles: [chaise({ salePrice: '120', salePriceIncludesTax: true, vatRates })],
      customers: [1, 2, 3].map((accountingCategory) => ({
        ...customer(`CAT${accountingCategory}`, 2),
        accountingCategory,
      })),
    });
    assert.equal(netOf(data, { customer: 'CAT1' }), '100');
    assert.equal(netOf(data, { customer: 'CAT2' }), '120');
    assert.equal(netOf(data, { customer: 'CAT3' }), '113.74');
  });
});
