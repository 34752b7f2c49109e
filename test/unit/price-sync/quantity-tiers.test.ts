import assert from 'node:assert/strict';
import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  type PricingData,
} from '../../../shared/price-engine';
import {
  combinationStrategies,
  type CombinationStrategy,
} from '../../../shared/price-engine/types';
import { categoryPriceRuleAt, quantityBreaks } from '../../../shared/price-engine/quantity-tiers';
import { impliedShopPriceOnly } from '../../../shared/price-sync/implied-price';
import { priceCategoriesOf, withCategoryCustomers } from '../../../shared/price-sync/projection';
import {
  customerPricingFromMeta,
  customerPricingMeta,
  productPricesMeta,
  productPricingFromMeta,
} from '../../../shared/price-sync/payload';
import { pricesConfigSchema } from '../../../shared/config/prices';
import { contentHash } from '../../../shared/catalog/hash';
import { DAY, enginePrice } from '../price-engine/builders';
import { GRID_QUANTITIES, gridCompany } from './grid-company';
import { projectCompany } from './projected-company';

const meta = pricesConfigSchema.parse({}).meta;

/** The whole projection of `data`, read back from the meta the price sync writes. */
function projected(data: PricingData, strategy: CombinationStrategy = 'highest') {
  const projection = projectCompany(data, strategy);
  const shopProducts = new Map(
    [...projection.products].map(([reference, pricing]) => {
      const { metaData } = productPricesMeta(meta, pricing);
      const written = [...metaData, { key: 'sage_family', value: pricing.family }].filter(
        (m) => m.value !== null,
      );
      return [
        reference,
        productPricingFromMeta(reference, written, {
          prices: meta.productPrices,
          rules: meta.productRules,
          family: 'sage_family',
          tiers: meta.productTiers,
        }),
      ];
    }),
  );
  const payloads = new Map(data.customers.map((c) => [c.account, projection.pricingOf(c)]));
  const shopCustomers = new Map(
    [...payloads].map(([account, payload]) => {
      const written = customerPricingMeta(meta, payload).metaData.filter((m) => m.value !== null);
      return [account, customerPricingFromMeta(written, meta)];
    }),
  );
  return { ...projection, shopProducts, payloads, shopCustomers };
}

describe('quantity tiers in the shop contract', () => {
  it('finds where a grid starts a range: by quantity, by amount, bounds that are not whole', () => {
    const data = gridCompany();
    const index = buildPriceIndex(
      withCategoryCustomers(data, priceCategoriesOf(data)),
      DEFAULT_PRICING_OPTIONS,
    );
    // Category 2 by quantity: ≤ 9, ≤ 49, ≤ 999.
    assert.deepEqual(quantityBreaks(index, 'CLI001', 'CHAISE01', DAY), [10, 50, 1000]);
    // Category 3 by amount on a gross of 95: 500 / 95 → 5, 2000 / 95 → 21, 10000 / 95 → 105.
    assert.deepEqual(quantityBreaks(index, 'CLI003', 'CHAISE01', DAY), [6, 22, 106]);
    // The same grid on CLI005's own gross of 120: 4, 16, 83.
    assert.deepEqual(quantityBreaks(index, 'CLI005', 'CHAISE01', DAY), [5, 17, 84]);
    // CLI004: its own grid (≤ 4, ≤ 99) and the category's.
    assert.deepEqual(quantityBreaks(index, 'CLI004', 'CHAISE01', DAY), [5, 10, 50, 100, 1000]);
    assert.deepEqual(quantityBreaks(index, 'CLI001', 'VIS01', DAY), []);
    assert.deepEqual(quantityBreaks(index, 'CLI006', 'VIS01', DAY), [100, 1000, 5001]);
    assert.deepEqual(quantityBreaks(index, 'CLI001', 'LAMPE01', DAY), []);
  });

  it("states the category's rule at a quantity: the range's discount, none for a net price", () => {
    const data = gridCompany();
    const index = buildPriceIndex(
      withCategoryCustomers(data, priceCategoriesOf(data)),
      DEFAULT_PRICING_OPTIONS,
    );
    const at = (q: number) => categoryPriceRuleAt(index, 'CHAISE01', 2, q, DAY);
    assert.deepEqual(at(1), {
      gross: '90',
      articleDiscount: null,
      familyDiscount: '3',
      discounts: 'all',
    });
    assert.equal(at(10)?.articleDiscount, '5');
    assert.equal(at(50)?.articleDiscount, '6.9');
    // Past the last bound the row's own 1 % is back.
    assert.equal(at(1000)?.articleDiscount, '1');
    assert.equal(categoryPriceRuleAt(index, 'TABLE01', 2, 20, DAY), null);
    assert.equal(categoryPriceRuleAt(index, 'TABLE01', 1, 12, DAY)?.discounts, 'article-only');
  });

  it('writes product tiers only where a grid moves the price, and no key elsewhere', () => {
    const { products } = projected(gridCompany());
    const chaise = products.get('CHAISE01')!;
    assert.deepEqual(chaise.tiers?.['2'], [
      {
        from: '10',
        price: '85.5',
        rule: { price: '90', articleDiscount: '5', familyDiscount: '3' },
      },
      {
        from: '50',
        price: '83.79',
        rule: { price: '90', articleDiscount: '6.9', familyDiscount: '3' },
      },
      {
        from: '1000',
        price: '87.3',
        rule: { price: '90', articleDiscount: '1', familyDiscount: '3' },
      },
    ]);
    // By amount: 95 up to 5, 4 % from 6 to 21, net 80 from 22 to 105, then 95 again.
    assert.deepEqual(
      chaise.tiers?.['3']?.map((t) => [t.from, t.price, t.rule === undefined]),
      [
        ['6', '91.2', false],
        ['22', '80', true],
        ['106', '95', false],
      ],
    );
    const lampe = products.get('LAMPE01')!;
    assert.deepEqual(lampe.tiers, {});
    const written = productPricesMeta(meta, lampe).metaData;
    assert.deepEqual(
      written.find((m) => m.key === meta.productTiers),
      { key: meta.productTiers, value: null },
    );
  });

  it('keeps the content hash of a product without tiers as it was before tiers existed', () => {
    const { products } = projected(gridCompany());
    const lampe = products.get('LAMPE01')!;
    const { hash, metaData } = productPricesMeta(meta, lampe);
    assert.equal(hash, contentHash(metaData.slice(0, 2)));
    assert.notEqual(productPricesMeta(meta, products.get('CHAISE01')!).hash, hash);
  });

  for (const strategy of combinationStrategies) {
    it(`the shop formula at every quantity equals the engine (${strategy})`, () => {
      const data = gridCompany();
      const { index, formula, shopProducts, shopCustomers } = projected(data, strategy);
      let checked = 0;
      for (const customer of data.customers) {
        const shopCustomer = shopCustomers.get(customer.account)!;
        for (const article of data.articles) {
          for (const quantity of GRID_QUANTITIES) {
            const engine = enginePrice(
              index,
              customer.account,
              article.reference,
              quantity,
            ).netPrice;
            const shop = impliedShopPriceOnly(
              shopProducts.get(article.reference)!,
              shopCustomer,
              formula,
              quantity,
            );
            assert.equal(shop, engine, `${customer.account} × ${article.reference} × ${quantity}`);
            checked++;
          }
        }
      }
      assert.equal(checked, data.customers.length * data.articles.length * GRID_QUANTITIES.length);
    });
  }

  it('gives customer tiers only to customers the formula misses at some quantity', () => {
    const { payloads } = projected(gridCompany());
    // CLI001 (category 2, no condition of its own): the product tiers say it all.
    assert.deepEqual(payloads.get('CLI001')!.customerPrices, {});
    assert.equal(payloads.get('CLI001')!.customerTiers, undefined);
    // CLI002's 8 % family discount competes with the grid's: the rule tiers cover it.
    assert.equal(payloads.get('CLI002')!.customerTiers, undefined);
    // CLI004's own grid on its 85: up to 4 a 0 % range (its 10 % gone, the family's 3 % wins),
    // 12.5 % up to 99, then its row's own 10 % again.
    assert.equal(payloads.get('CLI004')!.customerPrices.CHAISE01, '82.45');
    assert.deepEqual(payloads.get('CLI004')!.customerTiers?.CHAISE01, [
      { from: '5', price: '74.38' },
      { from: '100', price: '76.5' },
    ]);
    // A member of CENT01 gets the central's grid by amount as tiers, like the central.
    assert.deepEqual(
      payloads.get('MAG12')!.customerTiers?.TABLE01,
      payloads.get('CENT01')!.customerTiers?.TABLE01,
    );
  });

  it('the projector (price sync) gives what the reference projection gives', () => {
    const data = gridCompany();
    const { projector, payloads } = projected(data);
    for (const customer of data.customers) {
      assert.deepEqual(
        projector.pricing(customer),
        payloads.get(customer.account),
        customer.account,
      );
      const whole = projector.repricing(customer, undefined, new Set());
      assert.deepEqual(whole?.payload, payloads.get(customer.account), customer.account);
    }
  });
});
