import assert from 'node:assert/strict';
import fc from 'fast-check';
import { combinationStrategies } from '../../../shared/price-engine/types';
import { impliedShopPrice } from '../../../shared/price-sync/implied-price';
import { familyDiscountsOf } from '../../../shared/price-sync/projection';
import {
  customerPricingMeta,
  productPricesMeta,
  rulesFromMeta,
} from '../../../shared/price-sync/payload';
import { pricesConfigSchema } from '../../../shared/config/prices';
import { companyArbitrary } from '../price-engine/company-arbitrary';
import {
  categoryRow,
  company,
  customer,
  DAY,
  enginePrice,
  exceptionRow,
} from '../price-engine/builders';
import { projectCompany } from './projected-company';

const meta = pricesConfigSchema.parse({}).meta;

describe('price projection into the shop contract', () => {
  const data = company({
    customers: [
      customer('CLI001', 2),
      customer('CLI002', 2),
      customer('CENT01', 3, '4'),
      customer('MAG12', 1, '0', 'CENT01'),
    ],
    articlePrices: [
      categoryRow(1, '95'),
      categoryRow(2, '90'),
      categoryRow(3, '92'),
      exceptionRow('CLI002', '85'),
      exceptionRow('CENT01', '88'),
    ],
    familyCustomerDiscounts: [
      { familyCode: 'MOBILIER', customerAccount: 'CLI001', discountRate: '8.00' },
      { familyCode: 'MOBILIER', customerAccount: 'CENT01', discountRate: '3' },
    ],
  });

  it('gives each product the price and the price rule of each category', () => {
    const { products, categories } = projectCompany(data);
    assert.deepEqual(categories, [1, 2, 3]);
    const pricing = products.get('CHAISE01')!;
    assert.deepEqual(pricing.prices, { '1': '95', '2': '90', '3': '92' });
    assert.deepEqual(pricing.rules, {
      '1': { price: '95' },
      '2': { price: '90' },
      '3': { price: '92' },
    });
  });

  it("states the category's own discounts and hors-remise flags in the rule", () => {
    const withRules = {
      ...data,
      articlePrices: [
        categoryRow(1, '95', { discountRate: '2' }),
        categoryRow(2, '90', { discountRate: '3', excludedFromDiscounts: true }),
        categoryRow(3, '92'),
      ],
      familyCategoryPrices: [
        { familyCode: 'MOBILIER', category: 1, discountRate: '5', excludedFromDiscounts: false },
        { familyCode: 'MOBILIER', category: 3, discountRate: '4', excludedFromDiscounts: true },
      ],
    };
    const { products } = projectCompany(withRules);
    const pricing = products.get('CHAISE01')!;
    assert.deepEqual(pricing.rules, {
      '1': { price: '95', articleDiscount: '2', familyDiscount: '5' },
      '2': { price: '90', articleDiscount: '3', discounts: 'article-only' },
      '3': { price: '92', familyDiscount: '4', discounts: 'no-customer' },
    });
    // The net price of a customer without conditions: highest of 2 % and 5 % on 95.
    assert.equal(pricing.prices['1'], '90.25');
  });

  it("states a grid row's rule at quantity 1 and its tiers, so discounts of its own still fit", () => {
    const discounted = customer('CLI009', 1, '5');
    const withGrid = {
      ...data,
      customers: [...data.customers, discounted],
      articlePrices: [categoryRow(1, '95', { gridKind: 1 })],
      quantityRanges: [
        {
          articleReference: 'CHAISE01',
          category: 1,
          upperBound: '9',
          netPrice: '0',
          discounts: [],
        },
        {
          articleReference: 'CHAISE01',
          category: 1,
          upperBound: '999999',
          netPrice: '0',
          discounts: [{ type: 1, value: '5' }],
        },
      ],
    };
    const { products, pricingOf } = projectCompany(withGrid);
    const pricing = products.get('CHAISE01')!;
    assert.deepEqual(pricing.rules['1'], { price: '95' });
    assert.equal(pricing.prices['1'], '95');
    assert.deepEqual(pricing.tiers?.['1'], [
      { from: '10', price: '90.25', rule: { price: '95', articleDiscount: '5' } },
      // Past the last bound the row is priced as if it had no grid.
      { from: '1000000', price: '95', rule: { price: '95' } },
    ]);
    // A customer with a discount of its own needs no specific price: the rule carries it.
    const payload = pricingOf(discounted);
    assert.deepEqual(payload.customerPrices, {});
    assert.equal(payload.customerTiers, undefined);
  });

  it('sends the effective conditions and no specific price when they suffice', () => {
    const { pricingOf } = projectCompany(data);
    const payload = pricingOf(data.customers[0]);
    assert.deepEqual(payload, {
      priceCategory: '2',
      familyDiscounts: { MOBILIER: '8' },
      customerDiscount: '0',
      customerPrices: {},
    });
  });

  it('covers a global discount with the formula, without a specific price', () => {
    const withDiscount = { ...data, customers: [customer('CLI003', 2, '5')] };
    const { pricingOf } = projectCompany(withDiscount);
    const payload = pricingOf(withDiscount.customers[0]);
    assert.equal(payload.customerDiscount, '5');
    assert.deepEqual(payload.customerPrices, {});
  });

  it('lets the formula choose between the category discount and the global one', () => {
    // Category 2 gets 10 % on MOBILIER; under "highest" it beats the 5 % global discount.
    const withCategoryDiscount = {
      ...data,
      customers: [customer('CLI003', 2, '5')],
      familyCategoryPrices: [
        { familyCode: 'MOBILIER', category: 2, discountRate: '10', excludedFromDiscounts: false },
      ],
    };
    const { products, pricingOf, formula } = projectCompany(withCategoryDiscount);
    const payload = pricingOf(withCategoryDiscount.customers[0]);
    assert.equal(payload.customerDiscount, '5');
    assert.deepEqual(payload.customerPrices, {});
    const implied = impliedShopPrice(products.get('CHAISE01')!, payload, formula);
    assert.equal(implied.price, '81');
    assert.match(implied.derivation, /category family MOBILIER discount|category family discount/);
  });

  it('sends exception prices as customer-specific prices', () => {
    const { pricingOf } = projectCompany(data);
    const payload = pricingOf(data.customers[1]);
    assert.deepEqual(payload.customerPrices, { CHAISE01: '85' });
  });

  it("gives a member its central's family discounts and prices", () => {
    const { pricingOf } = projectCompany(data);
    assert.deepEqual(familyDiscountsOf(data, 'CENT01', DAY), { MOBILIER: '3' });
    const payload = pricingOf(data.customers[3]);
    assert.equal(payload.priceCategory, '3');
    assert.deepEqual(payload.familyDiscounts, { MOBILIER: '3' });
    assert.equal(payload.customerDiscount, '4');
    // Central's exception 88, its 4 % global discount beats the 3 % family one: 84.48.
    assert.deepEqual(payload.customerPrices, { CHAISE01: '84.48' });
  });

  it('hashes the payloads by content', () => {
    const product = (prices: Record<string, string>) => ({
      sku: 'CHAISE01',
      family: 'MOBILIER',
      prices,
      rules: { '2': { price: '92', familyDiscount: '2.5', discounts: 'no-customer' as const } },
    });
    const a = productPricesMeta(meta, product({ '1': '95', '2': '90' }));
    const b = productPricesMeta(meta, product({ '2': '90', '1': '95' }));
    const c = productPricesMeta(meta, product({ '1': '95', '2': '90.01' }));
    assert.equal(a.hash, b.hash);
    assert.notEqual(a.hash, c.hash);
    assert.deepEqual(a.metaData, [
      { key: 'sage_prices', value: { '1': '95', '2': '90' } },
      {
        key: 'sage_price_rules',
        value: { '2': { price: '92', family_discount: '2.5', discounts: 'no-customer' } },
      },
      // No tiers: the key is deleted (null), and left out of the hash.
      { key: 'sage_price_tiers', value: null },
    ]);
    // What the parity check reads back is what was written.
    assert.deepEqual(rulesFromMeta(a.metaData[1].value), product({}).rules);
    const customerMeta = customerPricingMeta(meta, {
      priceCategory: '1',
      familyDiscounts: {},
      customerDiscount: '0',
      customerPrices: {},
    });
    assert.deepEqual(
      customerMeta.metaData.map((m) => m.key),
      [
        'sage_price_category',
        'sage_family_discounts',
        'sage_customer_discount',
        'sage_customer_prices',
        'sage_customer_price_tiers',
      ],
    );
  });

  it('property: the implied price equals the engine price for every customer and article', () => {
    fc.assert(
      fc.property(
        companyArbitrary,
        fc.constantFrom(...combinationStrategies),
        (generated, strategy) => {
          const { index, products, formula, pricingOf } = projectCompany(generated, strategy);
          for (const c of generated.customers) {
            const payload = pricingOf(c);
            for (const article of generated.articles) {
              const engine = enginePrice(index, c.account, article.reference).netPrice;
              const implied = impliedShopPrice(products.get(article.reference)!, payload, formula);
              assert.equal(implied.price, engine);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: the shared projector gives every customer the reference result', () => {
    fc.assert(
      fc.property(
        companyArbitrary,
        fc.constantFrom(...combinationStrategies),
        (generated, strategy) => {
          const { projector, pricingOf } = projectCompany(generated, strategy);
          for (const c of generated.customers) {
            const reference = pricingOf(c);
            assert.deepEqual(projector.pricing(c), reference);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shares the work between customers of the same conditions, exception prices apart', () => {
    const shared = {
      ...data,
      customers: [
        customer('CLI001', 2, '5'),
        customer('CLI002', 2, '5'),
        customer('CLI003', 2, '5'),
      ],
      articlePrices: [categoryRow(2, '90'), exceptionRow('CLI002', '85')],
    };
    const { projector } = projectCompany(shared);
    const prices = shared.customers.map((c) => projector.pricing(c).customerPrices);
    // CLI002's exception 85 less its 5 %; the others follow the formula (90 × 0.95).
    assert.deepEqual(prices, [{}, { CHAISE01: '80.75' }, {}]);
  });
});
