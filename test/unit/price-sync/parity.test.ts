import assert from 'node:assert/strict';
import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  evaluatePrice,
} from '../../../shared/price-engine';
import { compareOne, formatParityReport, sample } from '../../../shared/price-sync/parity';
import { categoryRow, company, customer, DAY } from '../price-engine/builders';

const rounding = { decimals: 2, mode: 'half-up' as const, strategy: 'highest' as const };

describe('price parity', () => {
  const data = company({
    customers: [customer('CLI001', 2, '5')],
    articlePrices: [categoryRow(2, '90')],
  });
  const engine = evaluatePrice(buildPriceIndex(data, DEFAULT_PRICING_OPTIONS), {
    customer: 'CLI001',
    article: 'CHAISE01',
    quantity: 1,
    date: DAY,
  });

  it('reports a mismatch with both derivations', () => {
    const mismatch = compareOne(
      'CLI001',
      engine,
      {
        sku: 'CHAISE01',
        family: 'MOBILIER',
        prices: { '2': '90' },
        rules: { '2': { price: '90' } },
      },
      { priceCategory: '2', familyDiscounts: {}, customerDiscount: undefined, customerPrices: {} },
      rounding,
    );
    assert.ok(mismatch);
    assert.equal(mismatch.engine.price, '85.5');
    assert.match(mismatch.engine.derivation, /category-price 90.*customer 5 %.*85\.5/);
    assert.equal(mismatch.shop.price, '90');
    assert.match(mismatch.shop.derivation, /category 2 price 90/);
  });

  it('reports nothing when the shop data implies the engine price', () => {
    const mismatch = compareOne(
      'CLI001',
      engine,
      {
        sku: 'CHAISE01',
        family: 'MOBILIER',
        prices: { '2': '90' },
        rules: { '2': { price: '90' } },
      },
      {
        priceCategory: '2',
        familyDiscounts: {},
        customerDiscount: undefined,
        customerPrices: { CHAISE01: '85.50' },
      },
      rounding,
    );
    assert.equal(mismatch, null);
  });

  it('samples deterministically, everything when there are few', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(sample(items, 60, 3), items);
    const a = sample(items, 10, 3);
    assert.deepEqual(a, sample(items, 10, 3));
    assert.equal(new Set(a).size, 10);
    assert.notDeepEqual(a, sample(items, 10, 4));
  });
});

describe('parity report formatting', () => {
  it('prints a summary, both derivations of each mismatch and how to see the rest', () => {
    const text = formatParityReport({
      date: '2026-03-15',
      customers: 2,
      articles: 3,
      pairs: 6,
      mismatchCount: 2,
      mismatches: [
        {
          customer: 'CLI001',
          sku: 'CHAISE01',
          engine: {
            price: '85.5',
            derivation: 'category-price 90 (category 2), customer 5 % → 85.5',
          },
          shop: { price: '90', derivation: 'category 2 price 90' },
        },
      ],
    });
    assert.match(text, /2 customers × 3 articles = 6 prices, 2 mismatch/);
    assert.match(text, /CLI001 CHAISE01: engine 85\.5, shop 90/);
    assert.match(text, /engine: category-price 90/);
    assert.match(text, /shop: {3}category 2 price 90/);
    assert.match(text, /1 more: npm run cli -- reports prices/);
  });
});
