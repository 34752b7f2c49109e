import assert from 'node:assert/strict';
import fc from 'fast-check';
import { combinationStrategies } from '../../../shared/price-engine';
import { impliedShopPriceOnly } from '../../../shared/price-sync/implied-price';
import { companyArbitrary } from '../price-engine/company-arbitrary';
import { categoryRow, chaise, company, customer, enginePrice } from '../price-engine/builders';
import { projectCompany } from './projected-company';

/**
 * Tax-inclusive prices in the shop: the product's rule holds at the article's own VAT rate,
 * a customer whose accounting category has another rate gets the engine's price as its own
 * (docs/price-rules.md, "2. Gross price").
 */
const VAT_RATES = { '1': '20', '2': '0', '3': '5.5' };

/** A generated company with tax-inclusive prices and customers of three VAT categories. */
const taxInclusiveCompany = fc.tuple(companyArbitrary, fc.integer()).map(([data, seed]) => {
  const pick = (i: number, n: number) => Math.abs((seed ^ (i * 2654435761)) % n);
  return {
    ...data,
    articles: data.articles.map((a, i) => ({
      ...a,
      salePriceIncludesTax: pick(i, 2) === 0,
      vatRates: VAT_RATES,
    })),
    articlePrices: data.articlePrices.map((r, i) => ({
      ...r,
      priceIncludesTax: pick(i + 101, 2) === 0,
    })),
    customers: data.customers.map((c, i) => {
      const category = pick(i + 211, 4);
      return category === 0 ? c : { ...c, accountingCategory: category };
    }),
  };
});

describe('tax-inclusive prices in the price projection', () => {
  it('gives the 0 % customer a specific price, the 20 % one the rule', () => {
    const data = company({
      articles: [chaise({ salePrice: '120', salePriceIncludesTax: true, vatRates: VAT_RATES })],
      customers: [
        { ...customer('METRO', 1, '5'), accountingCategory: 1 },
        { ...customer('REUNION', 1, '5'), accountingCategory: 2 },
      ],
      articlePrices: [categoryRow(2, '90')],
    });
    const { projector, products } = projectCompany(data);
    assert.deepEqual(products.get('CHAISE01')?.rules['1'], { price: '100' });
    const [metro, reunion] = data.customers.map((c) => projector.pricing(c));
    assert.deepEqual(metro.customerPrices, {});
    // 120 (no VAT to take off) less the 5 % customer discount.
    assert.deepEqual(reunion.customerPrices, { CHAISE01: '114' });
  });

  it('projects a customer whole again when its accounting category moved', () => {
    const data = company({
      articles: [chaise({ salePrice: '120', salePriceIncludesTax: true, vatRates: VAT_RATES })],
      customers: [{ ...customer('CLI001', 1), accountingCategory: 1 }],
    });
    const before = projectCompany(data);
    const stored = before.projector.stored(
      data.customers[0],
      before.projector.pricing(data.customers[0]),
    );
    assert.equal(stored.accountingCategory, 1);
    const moved = { ...data.customers[0], accountingCategory: 2 };
    const after = projectCompany({ ...data, customers: [moved] });
    const repriced = after.projector.repricing(moved, stored, new Set());
    assert.ok(repriced);
    assert.equal(repriced.whole, true);
    assert.deepEqual(repriced.payload.customerPrices, { CHAISE01: '120' });
    // The same category again: nothing to write.
    assert.equal(
      after.projector.repricing(moved, after.projector.stored(moved, repriced.payload), new Set()),
      null,
    );
  });

  it('property: the shop formula gives every customer the engine price, the shared projector the reference', () => {
    fc.assert(
      fc.property(
        taxInclusiveCompany,
        fc.constantFrom(...combinationStrategies),
        (generated, strategy) => {
          const { index, products, formula, projector, pricingOf } = projectCompany(
            generated,
            strategy,
          );
          for (const c of generated.customers) {
            const payload = pricingOf(c);
            assert.deepEqual(projector.pricing(c), payload);
            assert.deepEqual(projector.repricing(c, undefined, new Set())?.payload, payload);
            for (const article of generated.articles) {
              const engine = enginePrice(index, c.account, article.reference).netPrice;
              const implied = impliedShopPriceOnly(
                products.get(article.reference)!,
                payload,
                formula,
              );
              assert.equal(implied, engine, `${c.account} × ${article.reference}`);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
