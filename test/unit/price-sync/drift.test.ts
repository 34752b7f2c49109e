import assert from 'node:assert/strict';
import { describePriceDrift, priceMetaDrift } from '../../../shared/price-sync/drift';

describe('price drift: the price meta the shop holds against what the sync wants', () => {
  const product = [
    { key: 'sage_prices', value: { '1': '12.40', '2': '11.16' } },
    { key: 'sage_price_rules', value: { '1': { price: '12.4' } } },
  ];
  const customer = [
    { key: 'sage_price_category', value: '2' },
    { key: 'sage_family_discounts', value: {} },
    { key: 'sage_customer_discount', value: '4' },
    { key: 'sage_customer_prices', value: { 'HYD-00042': '10.5' } },
  ];

  it('finds none when the shop holds the same values, formatted its way', () => {
    const held = [
      { id: 1, key: 'sage_account', value: 'CL00012' },
      { id: 2, key: 'sage_price_category', value: 2 },
      // PHP returns an empty map as an empty list.
      { id: 3, key: 'sage_family_discounts', value: [] },
      { id: 4, key: 'sage_customer_discount', value: '4.00' },
      { id: 5, key: 'sage_customer_prices', value: { 'HYD-00042': '10.50' } },
    ];
    assert.deepEqual(priceMetaDrift(customer, held), []);
    assert.deepEqual(
      priceMetaDrift(product, [
        { key: 'sage_prices', value: { '2': '11.16', '1': '12.4' } },
        { key: 'sage_price_rules', value: { '1': { price: '12.40' } } },
      ]),
      [],
    );
  });

  it('names each key edited or removed in the shop, with both values', () => {
    const drift = priceMetaDrift(customer, [
      { key: 'sage_price_category', value: '2' },
      { key: 'sage_family_discounts', value: { RACC: '50' } },
      { key: 'sage_customer_discount', value: '4' },
    ]);
    assert.deepEqual(drift, [
      { key: 'sage_family_discounts', shop: { RACC: '50' }, wanted: {} },
      { key: 'sage_customer_prices', shop: null, wanted: { 'HYD-00042': '10.5' } },
    ]);
    assert.equal(
      describePriceDrift(drift),
      'sage_family_discounts: RACC 50 → absent; sage_customer_prices: HYD-00042 absent → 10.5',
    );
  });

  it('the last entry of a duplicated key is the one compared (what get_meta returns)', () => {
    const held = [
      { key: 'sage_prices', value: { '1': '12.4', '2': '11.16' } },
      { key: 'sage_price_rules', value: { '1': { price: '12.4' } } },
      { key: 'sage_prices', value: { '1': '0.01', '2': '11.16' } },
    ];
    const drift = priceMetaDrift(product, held);
    assert.deepEqual(
      drift.map((d) => d.key),
      ['sage_prices'],
    );
    assert.equal(describePriceDrift(drift), 'sage_prices: 1 0.01 → 12.40');
  });

  it('shortens the detail: a few entries of a map, long values cut', () => {
    const wanted = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`SKU-${String(i).padStart(2, '0')}`, '1']),
    );
    const detail = describePriceDrift([
      { key: 'sage_customer_prices', shop: {}, wanted },
      { key: 'sage_customer_discount', shop: 'x'.repeat(100), wanted: '4' },
    ]);
    assert.equal(
      detail,
      'sage_customer_prices: SKU-00 absent → 1, SKU-01 absent → 1, SKU-02 absent → 1, +9 more; ' +
        `sage_customer_discount: ${'x'.repeat(39)}… → 4`,
    );
    const many = describePriceDrift(
      Array.from({ length: 40 }, (_, i) => ({
        key: `key_${i}`,
        shop: 'a'.repeat(30),
        wanted: 'b',
      })),
    );
    assert.equal(many.length, 400);
    assert.ok(many.endsWith('…'));
  });
});
