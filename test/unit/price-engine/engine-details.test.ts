import assert from 'node:assert/strict';
import {
  PriceLookupError,
  buildPriceIndex,
  evaluatePrice,
  type PricingQuantityRange,
} from '../../../shared/price-engine';
import {
  DAY,
  categoryRow,
  chaise,
  company,
  customer,
  exceptionRow,
  netOf,
  priceOf,
} from './builders';

const range = (
  upperBound: string,
  rate: string,
  overrides: Partial<PricingQuantityRange> = {},
): PricingQuantityRange => ({
  articleReference: 'CHAISE01',
  category: 2,
  upperBound,
  discounts: [{ value: rate, type: 1 }],
  netPrice: '0',
  ...overrides,
});

describe('pricing engine details', () => {
  const cli001 = customer('CLI001', 2);

  describe('quantity grids', () => {
    it('ignores ranges of a row that declares no grid (AC_QteMont = 0)', () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 0, discountRate: '3' })],
        quantityRanges: [range('999999', '10')],
      });
      assert.equal(netOf(data, { customer: 'CLI001', quantity: 20 }), '87.3');
    });

    it("falls back to the row's own discount beyond the last range", () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 1, discountRate: '3' })],
        quantityRanges: [range('9', '5')],
      });
      assert.equal(netOf(data, { customer: 'CLI001', quantity: 9 }), '85.5');
      assert.equal(netOf(data, { customer: 'CLI001', quantity: 10 }), '87.3');
    });

    it('compares line amounts for an amount grid (AC_QteMont = 2)', () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 2 })],
        quantityRanges: [range('500', '0'), range('999999', '10')],
      });
      assert.equal(netOf(data, { customer: 'CLI001', quantity: 5 }), '90', '450 ≤ 500');
      assert.equal(netOf(data, { customer: 'CLI001', quantity: 6 }), '81', '540 > 500');
    });

    it('uses only ranges valid on the day', () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 1 })],
        quantityRanges: [
          range('999999', '10', { validFrom: '2026-04-01' }),
          range('999999', '5', { validTo: '2026-03-31' }),
        ],
      });
      assert.equal(netOf(data, { customer: 'CLI001', date: '2026-03-31' }), '85.5');
      assert.equal(netOf(data, { customer: 'CLI001', date: '2026-04-01' }), '81');
    });

    it("ignores a category net-price range when the customer's exception row gave the price", () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 3 }), exceptionRow('CLI001', '85')],
        quantityRanges: [range('999999', '0', { netPrice: '70', discounts: [] })],
      });
      assert.equal(netOf(data, { customer: 'CLI001' }), '85');
      const withoutException = company({
        ...data,
        articlePrices: [categoryRow(2, '90', { gridKind: 3 })],
      });
      const result = priceOf(withoutException, { customer: 'CLI001' });
      assert.equal(result.netPrice, '70');
      assert.equal(result.rule, 'category-net-price');
    });

    it('applies a category net-price range when the article row has no price of its own', () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '0', { gridKind: 3 })],
        quantityRanges: [range('999999', '0', { netPrice: '70', discounts: [] })],
      });
      assert.equal(netOf(data, { customer: 'CLI001' }), '70');
    });

    it('leaves free-unit discounts (REM_Type 2) out of the unit price and reports them', () => {
      const data = company({
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 1 })],
        quantityRanges: [
          range('999999', '0', {
            discounts: [
              { value: '1', type: 2 },
              { value: '10', type: 1 },
            ],
          }),
        ],
      });
      assert.equal(netOf(data, { customer: 'CLI001' }), '81');
      const issues = buildPriceIndex(data).issues;
      assert.deepEqual(issues, [
        { kind: 'unsupported-discount-type', key: 'CHAISE01/a2/999999', detail: 'REM_Type 2' },
      ]);
    });
  });

  describe('packagings', () => {
    const lot = chaise({ packagings: [{ packagingNo: 3, quantity: '4' }] });

    it("prefers the customer's package price, and applies discounts to the package", () => {
      const data = company({
        articles: [lot],
        customers: [customer('CLI001', 2, '10')],
        articlePrices: [categoryRow(2, '90')],
        packagingPrices: [
          { articleReference: 'CHAISE01', packagingNo: 3, category: 2, price: '340' },
          { articleReference: 'CHAISE01', packagingNo: 3, customerAccount: 'CLI001', price: '320' },
        ],
      });
      const result = priceOf(data, { customer: 'CLI001', packagingNo: 3 });
      assert.equal(result.rule, 'customer-packaging-price');
      assert.equal(result.grossPrice, '320');
      assert.equal(result.netPrice, '288');
    });

    it('counts sales units (packages × units) against quantity grids', () => {
      const data = company({
        articles: [lot],
        customers: [cli001],
        articlePrices: [categoryRow(2, '90', { gridKind: 1 })],
        quantityRanges: [range('9', '0'), range('999999', '5')],
      });
      assert.equal(netOf(data, { customer: 'CLI001', packagingNo: 3, quantity: 2 }), '360');
      assert.equal(netOf(data, { customer: 'CLI001', packagingNo: 3, quantity: 3 }), '342');
    });

    it('refuses a packaging the article does not have', () => {
      const data = company({ articles: [lot], customers: [cli001] });
      assert.throws(
        () => priceOf(data, { customer: 'CLI001', packagingNo: 9 }),
        (error: unknown) =>
          error instanceof PriceLookupError && error.problem === 'unknown-packaging',
      );
    });
  });

  describe('hors remise on the family', () => {
    it('drops the family-customer and customer discounts, keeps article and family-category ones', () => {
      const data = company({
        customers: [customer('CLI002', 2, '20')],
        articlePrices: [categoryRow(2, '90', { discountRate: '2' })],
        familyCustomerDiscounts: [
          { familyCode: 'MOBILIER', customerAccount: 'CLI002', discountRate: '15' },
        ],
        familyCategoryPrices: [
          { familyCode: 'MOBILIER', category: 2, discountRate: '3', excludedFromDiscounts: true },
        ],
      });
      const result = priceOf(data, { customer: 'CLI002' }, { strategy: 'cascade' });
      assert.equal(result.discountsBlockedBy, 'family-category');
      assert.deepEqual(result.appliedDiscounts, [
        { source: 'article-category', rate: '2' },
        { source: 'family-category', rate: '3' },
      ]);
      assert.equal(result.netPrice, '85.55');
    });
  });

  describe('lookups and data problems', () => {
    it('names an unknown customer or article', () => {
      const index = buildPriceIndex(company({ customers: [cli001] }));
      assert.throws(
        () =>
          evaluatePrice(index, { customer: 'NOPE', article: 'CHAISE01', quantity: 1, date: DAY }),
        (error: unknown) =>
          error instanceof PriceLookupError && error.problem === 'unknown-customer',
      );
      assert.throws(
        () => evaluatePrice(index, { customer: 'CLI001', article: 'NOPE', quantity: 1, date: DAY }),
        (error: unknown) =>
          error instanceof PriceLookupError && error.problem === 'unknown-article',
      );
    });

    it('prices a member of an unknown central on its own conditions, and reports it', () => {
      const data = company({
        customers: [customer('MAG12', 2, '5', 'GHOST')],
        articlePrices: [categoryRow(2, '90')],
      });
      const result = priceOf(data, { customer: 'MAG12' });
      assert.equal(result.netPrice, '85.5');
      assert.equal(result.viaCentral, false);
      assert.deepEqual(buildPriceIndex(data).issues, [
        { kind: 'unknown-central', key: 'MAG12', detail: 'GHOST' },
      ]);
    });

    it('reports bad rows and keeps pricing with the others', () => {
      const data = company({
        customers: [customer('CLI001', 2, '150')],
        articlePrices: [
          categoryRow(2, 'abc'),
          exceptionRow('CLI001', '85', { articleReference: 'UNKNOWN' }),
          exceptionRow('NOBODY', '70'),
        ],
      });
      const result = priceOf(data, { customer: 'CLI001' });
      assert.equal(result.netPrice, '0', 'a 150 % discount is clamped to 100 %');
      assert.equal(result.rule, 'article-base');
      assert.deepEqual(
        buildPriceIndex(data).issues.map((issue) => `${issue.kind} ${issue.key}`),
        [
          'discount-out-of-range CLI001',
          'invalid-number CHAISE01/a2',
          'unknown-article UNKNOWN/CLI001',
          'unknown-customer NOBODY',
        ],
      );
    });

    it('keeps one of two conflicting rows, the same whatever their order', () => {
      const rows = [
        exceptionRow('CLI001', '85', { rowId: 7 }),
        exceptionRow('CLI001', '80', { rowId: 9 }),
      ];
      const forward = company({ customers: [cli001], articlePrices: rows });
      const backward = company({ customers: [cli001], articlePrices: [...rows].reverse() });
      assert.equal(netOf(forward, { customer: 'CLI001' }), '80', 'the higher cbMarq wins');
      assert.equal(netOf(backward, { customer: 'CLI001' }), '80');
      assert.deepEqual(buildPriceIndex(forward).issues, [
        { kind: 'duplicate-row', key: 'CHAISE01/CLI001', detail: 'F_ARTCLIENT' },
      ]);
    });

    it('refuses a number of decimals Sage cannot hold', () => {
      assert.throws(() => buildPriceIndex(company({}), { unitPriceDecimals: 7 }), RangeError);
      assert.throws(() => buildPriceIndex(company({}), { unitPriceDecimals: 1.5 }), RangeError);
    });
  });

  it('returns a small serialisable derivation', () => {
    const data = company({
      customers: [customer('MAG12', 1, '0', 'CENT01'), customer('CENT01', 2, '4')],
      articlePrices: [categoryRow(2, '90')],
    });
    const result = priceOf(data, { customer: 'MAG12' });
    assert.deepEqual(JSON.parse(JSON.stringify(result)), {
      netPrice: '86.4',
      grossPrice: '90',
      rule: 'category-price',
      appliedDiscounts: [{ source: 'customer', rate: '4' }],
      effectiveCustomer: 'CENT01',
      viaCentral: true,
      category: 2,
      strategy: 'highest',
      discountsBlockedBy: null,
      packagingNo: null,
    });
  });
});
