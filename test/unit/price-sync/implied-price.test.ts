import assert from 'node:assert/strict';
import { impliedShopPrice, samePrice } from '../../../shared/price-sync/implied-price';

const rounding = { decimals: 2, mode: 'half-up' as const, strategy: 'highest' as const };
const product = {
  sku: 'CHAISE01',
  family: 'MOBILIER',
  prices: { '1': '100', '2': '90' },
  rules: { '1': { price: '100' }, '2': { price: '90' } },
};

describe('price the shop data implies', () => {
  it('takes the customer-specific price first', () => {
    const implied = impliedShopPrice(
      product,
      {
        priceCategory: '2',
        familyDiscounts: { MOBILIER: '8' },
        customerDiscount: undefined,
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
      {
        priceCategory: '2',
        familyDiscounts: { MOBILIER: '8' },
        customerDiscount: undefined,
        customerPrices: {},
      },
      rounding,
    );
    assert.equal(implied.price, '82.8');
    const odd = impliedShopPrice(
      { ...product, rules: { '1': { price: '22.84' } } },
      {
        priceCategory: '1',
        familyDiscounts: { MOBILIER: '12.5' },
        customerDiscount: undefined,
        customerPrices: {},
      },
      rounding,
    );
    // 22.84 × 0.875 = 19.985 → 19.99 (half-up), exactly: no binary float involved.
    assert.equal(odd.price, '19.99');
  });

  it('ignores other families and zero rates', () => {
    const implied = impliedShopPrice(
      product,
      {
        priceCategory: '1',
        familyDiscounts: { OTHER: '50', MOBILIER: '0' },
        customerDiscount: undefined,
        customerPrices: {},
      },
      rounding,
    );
    assert.equal(implied.price, '100');
  });

  it('gives no price when the category has none', () => {
    const implied = impliedShopPrice(
      product,
      { priceCategory: '3', familyDiscounts: {}, customerDiscount: undefined, customerPrices: {} },
      rounding,
    );
    assert.equal(implied.price, null);
    assert.ok(!samePrice(implied.price, '90'));
  });

  it("takes the category's net price as it is where the category has no rule", () => {
    const implied = impliedShopPrice(
      { ...product, prices: { '2': '87.3' }, rules: {} },
      {
        priceCategory: '2',
        familyDiscounts: { MOBILIER: '8' },
        customerDiscount: '5',
        customerPrices: {},
      },
      rounding,
    );
    assert.equal(implied.price, '87.3');
    assert.match(implied.derivation, /net price/);
  });

  // Worked example D2 of the engine: category row 90 with its own 2 %, family-category 3 %,
  // customer family 8 %, customer 5 %.
  const d2 = {
    ...product,
    rules: { '2': { price: '90', articleDiscount: '2', familyDiscount: '3' } },
  };
  const d2Customer = {
    priceCategory: '2',
    familyDiscounts: { MOBILIER: '8' },
    customerDiscount: '5',
    customerPrices: {},
  };

  it("puts the category's discounts in the engine's priority order", () => {
    assert.equal(impliedShopPrice(d2, d2Customer, rounding).price, '82.8');
    // priority: the category's article discount comes first.
    const priority = impliedShopPrice(d2, d2Customer, { ...rounding, strategy: 'priority' });
    assert.equal(priority.price, '88.2');
    assert.match(priority.derivation, /category article discount 2 %/);
    // cumulative: 2 + 8 + 3 + 5 = 18 % → 73.80.
    assert.equal(
      impliedShopPrice(d2, d2Customer, { ...rounding, strategy: 'cumulative' }).price,
      '73.8',
    );
  });

  it('honours the hors-remise flags of the rule', () => {
    const articleOnly = {
      ...d2,
      rules: { '2': { ...d2.rules['2'], discounts: 'article-only' as const } },
    };
    assert.equal(impliedShopPrice(articleOnly, d2Customer, rounding).price, '88.2');
    const noCustomer = {
      ...d2,
      rules: { '2': { ...d2.rules['2'], discounts: 'no-customer' as const } },
    };
    // Only the category's 2 % and 3 % remain: highest 3 % → 87.30.
    assert.equal(impliedShopPrice(noCustomer, d2Customer, rounding).price, '87.3');
  });

  // Worked example D of the engine: category 90, family 8 %, customer 5 %.
  const both = { priceCategory: '2', familyDiscounts: { MOBILIER: '8' }, customerDiscount: '5' };
  const withStrategy = (strategy: 'highest' | 'priority' | 'cumulative' | 'cascade') =>
    impliedShopPrice(product, { ...both, customerPrices: {} }, { ...rounding, strategy });

  it('combines the family and customer discounts with the configured strategy', () => {
    assert.equal(withStrategy('highest').price, '82.8');
    assert.equal(withStrategy('priority').price, '82.8');
    assert.equal(withStrategy('cumulative').price, '78.3');
    // 90 × 0.92 × 0.95 = 78.66, rounded once at the end.
    assert.equal(withStrategy('cascade').price, '78.66');
    assert.match(withStrategy('cascade').derivation, /family MOBILIER.*customer discount 5 %/);
  });

  it('lets a higher customer discount win, or apply alone', () => {
    const higher = impliedShopPrice(
      product,
      { ...both, customerDiscount: '10', customerPrices: {} },
      rounding,
    );
    assert.equal(higher.price, '81');
    const alone = impliedShopPrice(
      { ...product, family: 'OTHER' },
      { ...both, customerPrices: {} },
      { ...rounding, strategy: 'priority' },
    );
    assert.equal(alone.price, '85.5');
  });

  it('caps cumulative discounts at 100 %', () => {
    const capped = impliedShopPrice(
      product,
      { ...both, familyDiscounts: { MOBILIER: '60' }, customerDiscount: '50', customerPrices: {} },
      { ...rounding, strategy: 'cumulative' },
    );
    assert.equal(capped.price, '0');
  });

  it('compares prices by value', () => {
    assert.ok(samePrice('82.80', '82.8'));
    assert.ok(!samePrice('82.81', '82.8'));
  });
});
