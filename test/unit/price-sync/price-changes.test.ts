import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  categoryPriceRule,
  DEFAULT_PRICING_OPTIONS,
  type PriceIndex,
  type PricingData,
} from '../../../shared/price-engine';
import { IncrementalPriceProjection } from '../../../shared/price-sync/incremental-projection';
import {
  incrementalPriceData,
  type ArticlePriceSource,
} from '../../../shared/price-sync/incremental-reads';
import {
  affectedByChanges,
  noPriceChanges,
  sameCategories,
  touchedFor,
  type PriceChanges,
} from '../../../shared/price-sync/price-changes';
import { companyArbitrary } from '../price-engine/company-arbitrary';
import {
  categoryRow,
  chaise,
  company,
  customer,
  DAY,
  exceptionRow,
} from '../price-engine/builders';
import { projectCompany } from './projected-company';

type Strategy = typeof DEFAULT_PRICING_OPTIONS.strategy;

/**
 * The articles' price data of `data` as the Sage reads give it (activities/price-sync/
 * load-price-data.ts `sageArticlePriceSource`), and the references each read was asked for.
 * Articles that may lack a rule: exactly those without a rule for some category of `index`
 * (the Sage read gives a superset).
 */
function memorySource(
  data: PricingData,
  index: PriceIndex,
  categories: readonly number[],
): ArticlePriceSource & { read: Set<string> } {
  const read = new Set<string>();
  const rowsOf = (wanted: (reference: string) => boolean) => ({
    articles: data.articles.filter((a) => wanted(a.reference)),
    articlePrices: data.articlePrices.filter((r) => wanted(r.articleReference)),
    quantityRanges: data.quantityRanges.filter((r) => wanted(r.articleReference)),
    packagingPrices: data.packagingPrices.filter((r) => wanted(r.articleReference)),
  });
  return {
    read,
    articlesOfFamilies: (codes) =>
      Promise.resolve(data.articles.filter((a) => codes.includes(a.familyCode))),
    exceptionArticlesOf: (accounts) =>
      Promise.resolve(
        data.articlePrices
          .filter((r) => r.category === 0 && accounts.includes(r.customerAccount))
          .map((r) => r.articleReference),
      ),
    articlesThatMayLackARule: () =>
      Promise.resolve(
        data.articles
          .filter((a) => categories.some((k) => categoryPriceRule(index, a.reference, k) === null))
          .map((a) => a.reference),
      ),
    rowsOf: (references) => {
      for (const reference of references) read.add(reference);
      return Promise.resolve(rowsOf((reference) => references.includes(reference)));
    },
    everyRow: () => {
      for (const article of data.articles) read.add(article.reference);
      return Promise.resolve(rowsOf(() => true));
    },
  };
}

/** The accounts' part of the price data (read whole by an incremental run). */
const partiesOf = (data: PricingData) => ({
  customers: data.customers,
  familyCategoryPrices: data.familyCategoryPrices,
  familyCustomerDiscounts: data.familyCustomerDiscounts,
});

/**
 * Companies where some category rows declare a quantity grid whose first range takes an amount
 * per unit off: those articles have no price rule for the category at quantity 1, so a customer projected whole evaluates them even when no change
 * touches them (the partial reads must bring their rows in).
 */
const companyWithGridsArbitrary = companyArbitrary.chain((data) =>
  fc
    .array(fc.boolean(), {
      minLength: data.articlePrices.length,
      maxLength: data.articlePrices.length,
    })
    .map((grid): PricingData => {
      const withGrid = data.articlePrices.map((row, i) =>
        row.category > 0 && grid[i] ? { ...row, gridKind: 1 } : row,
      );
      return {
        ...data,
        articlePrices: withGrid,
        quantityRanges: withGrid
          .filter((row) => row.gridKind === 1)
          .flatMap((row) => [
            {
              articleReference: row.articleReference,
              category: row.category,
              upperBound: '9',
              // An amount per unit: no rule describes the price at quantity 1.
              discounts: [{ value: '1.5', type: 0 }],
              netPrice: '0',
            },
            {
              articleReference: row.articleReference,
              category: row.category,
              upperBound: '999999',
              discounts: [{ value: '5', type: 1 }],
              netPrice: '0',
            },
          ]),
      };
    }),
);

type Table = Exclude<keyof PricingData, 'quantityRanges' | 'packagingPrices'>;
const TABLES: Table[] = [
  'articles',
  'customers',
  'articlePrices',
  'familyCategoryPrices',
  'familyCustomerDiscounts',
];
const keyOf: Record<Table, (row: never) => string> = {
  articles: (r: { reference: string }) => r.reference,
  customers: (r: { account: string }) => r.account,
  articlePrices: (r: { articleReference: string; category: number; customerAccount: string }) =>
    `${r.articleReference}/${r.category}/${r.customerAccount}`,
  familyCategoryPrices: (r: { familyCode: string; category: number }) =>
    `${r.familyCode}/${r.category}`,
  familyCustomerDiscounts: (r: { familyCode: string; customerAccount: string }) =>
    `${r.familyCode}/${r.customerAccount}`,
};

/**
 * `before` with the rows of `other`'s tables picked by `take` inserted or updated (Sage rows
 * written, none deleted), and the changed rows as the watermark reads would report them.
 */
function upsert(
  before: PricingData,
  other: PricingData,
  take: Record<Table, boolean>,
): { after: PricingData; changes: PriceChanges } {
  const after: PricingData = { ...before };
  const changes = noPriceChanges();
  for (const table of TABLES) {
    if (!take[table]) continue;
    const key = keyOf[table] as (row: unknown) => string;
    const merged = new Map((before[table] as unknown[]).map((row) => [key(row), row]));
    for (const row of other[table] as unknown[]) merged.set(key(row), row);
    (after[table] as unknown[]) = [...merged.values()];
  }
  if (take.articles) changes.articles = other.articles.map((a) => a.reference);
  if (take.customers) changes.customers = other.customers.map((c) => c.account);
  if (take.articlePrices) changes.articlePrices = other.articlePrices.map((r) => ({ ...r }));
  if (take.familyCategoryPrices) changes.familyCategories = other.familyCategoryPrices;
  if (take.familyCustomerDiscounts) changes.familyCustomers = other.familyCustomerDiscounts;
  return { after, changes };
}

describe('incremental price sync: changed rows → affected entities', () => {
  const data = {
    articles: [
      { reference: 'A1', familyCode: 'F1' },
      { reference: 'A2', familyCode: 'F1' },
      { reference: 'B1', familyCode: 'F2' },
    ],
    customers: [
      customer('CENT', 1),
      customer('M1', 2, '0', 'CENT'),
      customer('M2', 2, '0', 'CENT'),
      customer('SOLO', 1),
    ],
  };
  const affected = (changes: Partial<PriceChanges>) =>
    affectedByChanges({ ...noPriceChanges(), ...changes }, data);

  it("an article's row or a category price → that article, for everyone", () => {
    const result = affected({
      articles: ['A1'],
      articlePrices: [{ articleReference: 'B1', category: 2, customerAccount: '' }],
      targetedRows: [{ articleReference: 'A2', target: 'a01' }],
    });
    assert.deepEqual([...result.products].sort(), ['A1', 'A2', 'B1']);
    assert.equal(result.customerArticles.size, 0);
    assert.equal(result.customerConditions.size, 0);
    assert.deepEqual([...(touchedFor(result, 'SOLO', true) ?? [])].sort(), ['A1', 'A2', 'B1']);
  });

  it("a family's category discount → every article of the family", () => {
    const result = affected({ familyCategories: [{ familyCode: 'F1', category: 2 }] });
    assert.deepEqual([...result.products].sort(), ['A1', 'A2']);
  });

  it("a customer's price, grid or package price → that article for it and its members", () => {
    const result = affected({
      articlePrices: [{ articleReference: 'A1', category: 0, customerAccount: 'CENT' }],
      targetedRows: [{ articleReference: 'B1', target: 'SOLO' }],
    });
    assert.equal(result.products.size, 0);
    assert.deepEqual(
      [...result.customerArticles].map(([account, set]) => [account, [...set]]).sort(),
      [
        ['CENT', ['A1']],
        ['M1', ['A1']],
        ['M2', ['A1']],
        ['SOLO', ['B1']],
      ],
    );
    assert.equal(touchedFor(result, 'OTHER', true), null, 'nobody else is concerned');
  });

  it("a customer's account or family discount → its conditions and its members'", () => {
    const result = affected({
      customers: ['SOLO'],
      familyCustomers: [{ familyCode: 'F2', customerAccount: 'CENT' }],
    });
    assert.deepEqual([...result.customerConditions].sort(), ['CENT', 'M1', 'M2', 'SOLO']);
    assert.equal(result.products.size, 0);
    assert.deepEqual(touchedFor(result, 'M1', true), new Set());
    assert.equal(touchedFor(result, 'NOBODY', true), null);
    assert.deepEqual(touchedFor(result, 'NOBODY', false), new Set(), 'no previous meta: projected');
  });

  it('projects a member that left its central over every article, even on equal conditions', () => {
    const withCentral = (central: string) =>
      company({
        customers: [customer('CENT', 1, '5'), customer('M1', 1, '5', central)],
        articlePrices: [exceptionRow('CENT', '80')],
      });
    const old = projectCompany(withCentral('CENT'));
    const now = projectCompany(withCentral(''));
    const member = customer('M1', 1, '5');
    const stored = old.projector.stored(
      customer('M1', 1, '5', 'CENT'),
      old.projector.pricing(customer('M1', 1, '5', 'CENT')),
    );
    assert.deepEqual(stored.payload.customerPrices, { CHAISE01: '76' }, "the central's price");
    const changes = { ...noPriceChanges(), customers: ['M1'] };
    const touched = touchedFor(affectedByChanges(changes, withCentral('')), 'M1', true);
    const repriced = now.projector.repricing(member, stored, touched ?? new Set());
    assert.deepEqual(repriced, { payload: now.projector.pricing(member), whole: true });
    assert.deepEqual(repriced?.payload.customerPrices, {});
  });

  describe('reads only the price rows of the articles the run needs', () => {
    // GRID has a quantity grid in category 1 taking 1.50 off a unit (no price rule there), EXC an
    // exception row of CENT (priced below the rule), PLAIN and OTHER a category price each.
    const article = (reference: string, familyCode = 'F1') =>
      chaise({ reference, familyCode, salePrice: '100' });
    const company = (discount: string, ownCategory = 1): PricingData => ({
      articles: ['EXC', 'GRID', 'OTHER', 'PLAIN'].map((r) => article(r)),
      customers: [
        customer('CENT', ownCategory, discount),
        customer('MEMB', 2, '0', 'CENT'),
        customer('SOLO', 1, '0'),
      ],
      articlePrices: [
        categoryRow(1, '90', { articleReference: 'PLAIN' }),
        categoryRow(1, '90', { articleReference: 'OTHER' }),
        categoryRow(1, '90', { articleReference: 'EXC' }),
        categoryRow(1, '95', { articleReference: 'GRID', gridKind: 1 }),
        exceptionRow('CENT', '70', { articleReference: 'EXC' }),
      ],
      familyCategoryPrices: [],
      familyCustomerDiscounts: [],
      quantityRanges: [
        {
          articleReference: 'GRID',
          category: 1,
          upperBound: '5',
          discounts: [{ value: '1.5', type: 0 }],
          netPrice: '0',
        },
      ],
      packagingPrices: [],
    });

    async function run(before: PricingData, after: PricingData, changes: PriceChanges) {
      const old = projectCompany(before);
      const now = projectCompany(after);
      const candidates = after.customers.map((c) => {
        const previous = before.customers.find((b) => b.account === c.account) ?? c;
        return {
          customer: c,
          stored: old.projector.stored(previous, old.projector.pricing(previous)),
        };
      });
      const source = memorySource(after, now.index, now.categories);
      const partial = await incrementalPriceData(
        source,
        partiesOf(after),
        changes,
        candidates,
        DAY,
      );
      const projection = new IncrementalPriceProjection(
        partial.data,
        now.categories,
        changes,
        now.options,
        DAY,
      );
      const projected = new Map(
        candidates.map(({ customer: c, stored }) => {
          const repriced = projection.customer(c, stored);
          return [c.account, repriced ? repriced.payload : stored.payload];
        }),
      );
      for (const c of after.customers) {
        assert.deepEqual(projected.get(c.account), now.projector.pricing(c), c.account);
      }
      return { read: [...source.read].sort(), partial, now };
    }

    it("a central's new discount: its and its members' exception articles and those without a rule, no other", async () => {
      const { read, partial, now } = await run(company('5'), company('12'), {
        ...noPriceChanges(),
        customers: ['CENT'],
      });
      assert.deepEqual(read, ['EXC', 'GRID']);
      assert.equal(partial.everyArticle, false);
      assert.deepEqual(
        now.projector.pricing(customer('MEMB', 2, '0', 'CENT')).customerPrices,
        { EXC: '61.6', GRID: '83.6' },
        // GRID takes an amount off at quantity 1: no rule, the formula cannot price it.
        "the central's exception price and GRID's, neither touched",
      );
    });

    it('an article price changed for everyone: that article only when no conditions moved', async () => {
      const before = company('5');
      const after = {
        ...before,
        articlePrices: before.articlePrices.map((r) =>
          r.articleReference === 'PLAIN' && r.category === 1 ? { ...r, price: '88' } : r,
        ),
      };
      const { read } = await run(before, after, {
        ...noPriceChanges(),
        articlePrices: [{ articleReference: 'PLAIN', category: 1, customerAccount: '' }],
      });
      assert.deepEqual(read, ['PLAIN']);
    });

    it('a customer projected whole without a price category: every article', async () => {
      const { read, partial } = await run(company('5'), company('5', 0), {
        ...noPriceChanges(),
        customers: ['CENT'],
      });
      assert.equal(partial.everyArticle, true);
      assert.deepEqual(read, ['EXC', 'GRID', 'OTHER', 'PLAIN']);
    });
  });

  it('compares the price categories in use', () => {
    assert.ok(sameCategories([1, 2], [1, 2]));
    assert.ok(!sameCategories([1, 2], [1, 2, 3]));
    assert.ok(!sameCategories([1, 3], [1, 2]));
  });

  // Every strategy: the incremental projection relies on the price rule giving the engine's
  // price to customers without an exception row, whatever the combination of discounts.
  const strategies: Strategy[] = ['highest', 'priority', 'cumulative', 'cascade'];
  for (const strategy of strategies) {
    it(`property (${strategy}): re-projecting only the affected entities gives what a full run gives`, async () => {
      const take = fc.record<Record<Table, boolean>>({
        articles: fc.boolean(),
        customers: fc.boolean(),
        articlePrices: fc.boolean(),
        familyCategoryPrices: fc.boolean(),
        familyCustomerDiscounts: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          companyWithGridsArbitrary,
          companyArbitrary,
          take,
          async (before, other, picked) => {
            const { after, changes } = upsert(before, other, picked);
            const old = projectCompany(before, strategy);
            const now = projectCompany(after, strategy);
            // A new price category changes every product's keys: that is a full run.
            fc.pre(sameCategories(old.categories, now.categories));
            const affectedNow = affectedByChanges(changes, after);
            for (const article of after.articles) {
              if (affectedNow.products.has(article.reference)) continue;
              assert.deepEqual(
                old.products.get(article.reference),
                now.products.get(article.reference),
                `product ${article.reference} changed but is not affected`,
              );
            }
            // The incremental projection works from today's data and the meta written last time.
            const incremental = new IncrementalPriceProjection(
              after,
              now.categories,
              changes,
              now.options,
              DAY,
            );
            for (const reference of incremental.productReferences()) {
              assert.deepEqual(incremental.product(reference), now.products.get(reference));
            }
            const candidates = after.customers.map((c) => {
              const previousCustomer = before.customers.find((b) => b.account === c.account);
              const stored = previousCustomer
                ? old.projector.stored(previousCustomer, old.projector.pricing(previousCustomer))
                : undefined;
              return { customer: c, stored };
            });
            for (const { customer: c, stored: previous } of candidates) {
              const repriced = incremental.customer(c, previous);
              const result = repriced ? repriced.payload : previous?.payload;
              assert.deepEqual(result, now.projector.pricing(c), `customer ${c.account}`);
            }
            // The same from the price data of the articles it needs only (the run's partial reads).
            const source = memorySource(after, now.index, now.categories);
            const partial = await incrementalPriceData(
              source,
              partiesOf(after),
              changes,
              candidates,
              DAY,
            );
            const fromPartial = new IncrementalPriceProjection(
              partial.data,
              now.categories,
              changes,
              now.options,
              DAY,
            );
            assert.deepEqual(fromPartial.productReferences(), incremental.productReferences());
            for (const reference of fromPartial.productReferences()) {
              assert.deepEqual(fromPartial.product(reference), now.products.get(reference));
            }
            for (const { customer: c, stored: previous } of candidates) {
              const repriced = fromPartial.customer(c, previous);
              const result = repriced ? repriced.payload : previous?.payload;
              assert.deepEqual(result, now.projector.pricing(c), `customer ${c.account} (partial)`);
            }
          },
        ),
        { numRuns: strategy === 'highest' ? 600 : 200 },
      );
    }).timeout(120_000);
  }
});
