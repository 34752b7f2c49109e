import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  evaluatePrice,
  type PricingData,
} from '../../../shared/pricing';
import { combinationStrategies, type CombinationStrategy } from '../../../shared/pricing/types';
import { impliedShopPrice } from '../../../shared/prices/implied-price';
import {
  customerPricing,
  familyDiscountsOf,
  priceCategoriesOf,
  productCategoryPrices,
  withCategoryCustomers,
} from '../../../shared/prices/projection';
import { customerPricingMeta, productPricesMeta } from '../../../shared/prices/payload';
import { pricesConfigSchema } from '../../../shared/config/prices';
import { companyArbitrary } from '../pricing/company-arbitrary';
import { categoryRow, company, customer, DAY, exceptionRow } from '../pricing/builders';

const rounding = { decimals: 2, mode: 'half-up' as const, strategy: 'highest' as const };
const meta = pricesConfigSchema.parse({}).meta;

function project(data: PricingData, strategy: CombinationStrategy = 'highest') {
  const categories = priceCategoriesOf(data);
  const index = buildPriceIndex(withCategoryCustomers(data, categories), {
    ...DEFAULT_PRICING_OPTIONS,
    strategy,
  });
  const categoryPrices = new Map(
    data.articles.map((a) => [
      a.reference,
      productCategoryPrices(index, a.reference, categories, DAY),
    ]),
  );
  return { index, categories, categoryPrices };
}

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

  it('gives each product the price of each category', () => {
    const { categoryPrices, categories } = project(data);
    assert.deepEqual(categories, [1, 2, 3]);
    assert.deepEqual(categoryPrices.get('CHAISE01'), { '1': '95', '2': '90', '3': '92' });
  });

  it('sends the effective conditions and no specific price when they suffice', () => {
    const { index, categoryPrices } = project(data);
    const payload = customerPricing(
      index,
      data,
      data.customers[0],
      data.articles,
      categoryPrices,
      DAY,
      rounding,
    );
    assert.deepEqual(payload, {
      priceCategory: '2',
      familyDiscounts: { MOBILIER: '8' },
      customerDiscount: '0',
      customerPrices: {},
    });
  });

  it('covers a global discount with the formula, without a specific price', () => {
    const withDiscount = { ...data, customers: [customer('CLI003', 2, '5')] };
    const { index, categoryPrices } = project(withDiscount);
    const payload = customerPricing(
      index,
      withDiscount,
      withDiscount.customers[0],
      withDiscount.articles,
      categoryPrices,
      DAY,
      rounding,
    );
    assert.equal(payload.customerDiscount, '5');
    assert.deepEqual(payload.customerPrices, {});
  });

  it('leaves out a global discount the category price already beats', () => {
    // Category 2 gets 10 % on MOBILIER; under "highest" a 5 % global discount adds nothing.
    const withCategoryDiscount = {
      ...data,
      customers: [customer('CLI003', 2, '5')],
      familyCategoryPrices: [
        { familyCode: 'MOBILIER', category: 2, discountRate: '10', excludedFromDiscounts: false },
      ],
    };
    const { index, categoryPrices } = project(withCategoryDiscount);
    const payload = customerPricing(
      index,
      withCategoryDiscount,
      withCategoryDiscount.customers[0],
      withCategoryDiscount.articles,
      categoryPrices,
      DAY,
      rounding,
    );
    assert.equal(payload.customerDiscount, '0');
    assert.deepEqual(payload.customerPrices, {});
  });

  it('sends exception prices as customer-specific prices', () => {
    const { index, categoryPrices } = project(data);
    const payload = customerPricing(
      index,
      data,
      data.customers[1],
      data.articles,
      categoryPrices,
      DAY,
      rounding,
    );
    assert.deepEqual(payload.customerPrices, { CHAISE01: '85' });
  });

  it("gives a member its central's family discounts and prices", () => {
    const { index, categoryPrices } = project(data);
    assert.deepEqual(familyDiscountsOf(data, 'CENT01', DAY), { MOBILIER: '3' });
    const payload = customerPricing(
      index,
      data,
      data.customers[3],
      data.articles,
      categoryPrices,
      DAY,
      rounding,
    );
    assert.equal(payload.priceCategory, '3');
    assert.deepEqual(payload.familyDiscounts, { MOBILIER: '3' });
    assert.equal(payload.customerDiscount, '4');
    // Central's exception 88, its 4 % global discount beats the 3 % family one: 84.48.
    assert.deepEqual(payload.customerPrices, { CHAISE01: '84.48' });
  });

  it('hashes the payloads by content', () => {
    const a = productPricesMeta(meta, { '1': '95', '2': '90' });
    const b = productPricesMeta(meta, { '2': '90', '1': '95' });
    const c = productPricesMeta(meta, { '1': '95', '2': '90.01' });
    assert.equal(a.hash, b.hash);
    assert.notEqual(a.hash, c.hash);
    assert.deepEqual(a.metaData, [{ key: 'sage_prices', value: { '1': '95', '2': '90' } }]);
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
      ],
    );
  });

  it('property: the implied price equals the engine price for every customer and article', () => {
    fc.assert(
      fc.property(
        companyArbitrary,
        fc.constantFrom(...combinationStrategies),
        (generated, strategy) => {
          const { index, categoryPrices } = project(generated, strategy);
          const formula = { ...rounding, strategy };
          for (const c of generated.customers) {
            const payload = customerPricing(
              index,
              generated,
              c,
              generated.articles,
              categoryPrices,
              DAY,
              formula,
            );
            for (const article of generated.articles) {
              const engine = evaluatePrice(index, {
                customer: c.account,
                article: article.reference,
                quantity: 1,
                date: DAY,
              }).netPrice;
              const implied = impliedShopPrice(
                {
                  sku: article.reference,
                  family: article.familyCode,
                  prices: categoryPrices.get(article.reference)!,
                },
                payload,
                formula,
              );
              assert.equal(implied.price, engine);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
