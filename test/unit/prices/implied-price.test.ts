import assert from 'node:assert/strict';
import { impliedShopPrice, samePrice } from '../../../shared/prices/implied-price';

const rounding = { decimals: 2, mode: 'half-up' as const };
const product = { sku: 'CHAISE01', family: 'MOBILIER', prices: { '1': '100', '2': '90' } };

describe('price the shop data implies', () => {
  it('takes the customer-specific price first', () => {
    const implied = impliedShopPrice(
      product,
      {
        priceCategory: '2',
        familyDiscounts: { MOBILIER: '8' },
        customerPrices: { CHAISE01: '85.00' },
      },
      rounding,
    );
    assert.equal(implied.price, '85');
    assert.match(implied.derivation, /customer-specific/);
  });

  it('else the category price less the family discount, rounded half-up', () => {
    const implied = impliedShopPrice(
      product,
      { priceCategory: '2', familyDiscounts: { MOBILIER: '8' }, customerPrices: {} },
      rounding,
    );
    assert.equal(implied.price, '82.8');
    const odd = impliedShopPrice(
      { ...product, prices: { '1': '22.84' } },
      { priceCategory: '1', familyDiscounts: { MOBILIER: '12.5' }, customerPrices: {} },
      rounding,
    );
    // 22.84 × 0.875 = 19.985 → 19.99 (half-up), exactly: no binary float involved.
    assert.equal(odd.price, '19.99');
  });

  it('ignores other families and zero rates', () => {
    const implied = impliedShopPrice(
      product,
      { priceCategory: '1', familyDiscounts: { OTHER: '50', MOBILIER: '0' }, customerPrices: {} },
      rounding,
    );
    assert.equal(implied.price, '100');
  });

  it('gives no price when the category has none', () => {
    const implied = impliedShopPrice(
      product,
      { priceCategory: '3', familyDiscounts: {}, customerPrices: {} },
      rounding,
    );
    assert.equal(implied.price, null);
    assert.ok(!samePrice(implied.price, '90'));
  });

  it('compares prices by value', () => {
    assert.ok(samePrice('82.80', '82.8'));
    assert.ok(!samePrice('82.81', '82.8'));
  });
});
