import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import {
  readArticlesByReference,
  readArticlesChangedSince,
  readFamilies,
} from '../../../activities/sage/articles';
import {
  readCustomer,
  readCustomersChangedSince,
  readDeliveryAddressesChangedSince,
} from '../../../activities/sage/customers';
import {
  readArticlePricesChangedSince,
  readFamilyCategoryPrices,
  readFamilyCustomerDiscountsChangedSince,
  readPackagingPricesChangedSince,
  readPriceCategories,
  readQuantityPriceRangesChangedSince,
} from '../../../activities/sage/prices';
import { readDepots, readStockChangedSince } from '../../../activities/sage/stock';
import type { ChangeKey, ChangePage } from '../../../shared/sage/types';
import { DEMO_BASE_TIMESTAMP } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, tick, type TestCompany } from './company';

/** Reads every page of a keyset reader and returns all items. */
async function readAll<T>(
  read: (after: ChangeKey | null) => Promise<ChangePage<T>>,
): Promise<{ items: T[]; pages: number; watermark: string | null }> {
  const items: T[] = [];
  let after: ChangeKey | null = null;
  let pages = 0;
  let watermark: string | null = null;
  for (;;) {
    const page = await read(after);
    pages += 1;
    items.push(...page.items);
    watermark = page.watermark;
    if (!page.nextKey) break;
    after = page.nextKey;
  }
  return { items, pages, watermark };
}

describe('Sage readers (embedded engine)', function () {
  let company: TestCompany;

  before(() => {
    company = createTestCompany('small', 11);
  });
  after(() => company.dispose());

  describe('articles', () => {
    it('pages through every article exactly once, ties on cbModification broken by cbMarq', async () => {
      // The generator stamps nearly every row with the same cbModification (the few rows given
      // a scheduled price a minute later): within a stamp only cbMarq orders them.
      const { items, pages } = await readAll((after) =>
        readArticlesChangedSince(company.db, { after, limit: 37 }),
      );
      const rowIds = items.map((a) => a.rowId);
      assert.equal(new Set(rowIds).size, rowIds.length, 'no duplicates');
      // Every article is returned except the bad rows that cannot be mapped (none in the demo).
      assert.equal(items.length, company.counts.articles);
      assert.equal(
        pages,
        Math.ceil(company.counts.articles / 37) + (company.counts.articles % 37 === 0 ? 1 : 0),
      );
      const keyOrder = [...items]
        .sort((a, b) =>
          a.modifiedAt === b.modifiedAt ? a.rowId - b.rowId : a.modifiedAt < b.modifiedAt ? -1 : 1,
        )
        .map((a) => a.rowId);
      assert.deepEqual(rowIds, keyOrder);
      assert.ok(
        items.filter((a) => a.modifiedAt === DEMO_BASE_TIMESTAMP).length > items.length / 2,
        'ties on one stamp',
      );
    });

    it('maps prices as exact decimal strings and free fields as attributes', async () => {
      const { items } = await readAll((after) =>
        readArticlesChangedSince(company.db, { after, limit: 500 }),
      );
      const variation = items.find((a) => a.masterReference !== '');
      assert.ok(variation, 'the demo holds variations');
      assert.ok(variation.attributes.length >= 1);
      assert.match(variation.salePrice, /^\d+(\.\d{1,2})?$/);
      const stored = await company.db
        .selectFrom('F_ARTICLE')
        .select('AR_PrixVen')
        .where('cbMarq', '=', variation.rowId)
        .executeTakeFirstOrThrow();
      assert.equal(variation.salePrice, stored.AR_PrixVen);
      const packaged = items.find((a) => a.packagings.length > 0);
      assert.ok(packaged, 'the demo holds packaging variations');
      assert.equal(packaged.packagingType, 1);
      assert.ok(packaged.packagings.every((p) => Number.isInteger(Number(p.quantity))));
    });

    it('an incremental run after the last key returns exactly the changed articles', async () => {
      const first = await readAll((after) =>
        readArticlesChangedSince(company.db, { after, limit: 100 }),
      );
      assert.equal(
        first.watermark,
        first.items
          .map((a) => a.modifiedAt)
          .sort()
          .at(-1),
      );
      const firstPage = await readArticlesChangedSince(company.db, { limit: 10_000 });
      assert.equal(firstPage.nextKey, null);
      assert.ok(firstPage.lastKey);
      await tick();
      const targets = first.items.filter((_, i) => i % 50 === 7).map((a) => a.rowId);
      await company.db
        .updateTable('F_ARTICLE')
        .set({ AR_PrixVen: '99.99' })
        .where('cbMarq', 'in', targets)
        .execute();
      const next = await readArticlesChangedSince(company.db, {
        after: firstPage.lastKey,
        limit: 1000,
      });
      assert.deepEqual(
        next.items.map((a) => a.rowId),
        targets,
      );
      assert.ok(next.items.every((a) => a.salePrice === '99.99'));
      assert.ok(next.watermark !== null && next.watermark > DEMO_BASE_TIMESTAMP);
      // Nothing changed since: the next run reads nothing.
      const idle = await readArticlesChangedSince(company.db, { after: next.lastKey, limit: 1000 });
      assert.equal(idle.items.length, 0);
      assert.deepEqual(idle.lastKey, next.lastKey);
      // The overlap mode (since, inclusive) re-reads the rows at the watermark, and no older one.
      const overlap = await readArticlesChangedSince(company.db, {
        since: next.watermark,
        limit: 1000,
      });
      assert.ok(
        overlap.items.length >= 1 &&
          overlap.items.every((a) => a.modifiedAt >= (next.watermark as string)),
      );
    });

    it('reads articles by reference, trimming and ignoring unknown ones', async () => {
      const { items } = await readArticlesByReference(company.db, [
        ' RAC-000001 ',
        'NOPE-404',
        'RAC-000001',
      ]);
      assert.ok(items.length <= 1);
      const any = await company.db.selectFrom('F_ARTICLE').select('AR_Ref').limit(3).execute();
      const found = await readArticlesByReference(
        company.db,
        any.map((a) => a.AR_Ref),
      );
      assert.equal(found.items.length, 3);
    });

    it('reads families', async () => {
      const families = await readFamilies(company.db);
      assert.equal(families.length, 126);
      assert.ok(families.every((f) => f.code.startsWith('FAM') && f.name !== ''));
    });
  });

  describe('stock and depots', () => {
    it('reads the 8 depots with postal codes', async () => {
      const depots = await readDepots(company.db);
      assert.equal(depots.length, 8);
      assert.ok(depots.every((d) => /^\d{5}$/.test(d.postalCode)));
      assert.equal(depots.filter((d) => d.isMain).length, 1);
    });

    it('pages through every stock row and sees a later change', async () => {
      const all = await readAll((after) =>
        readStockChangedSince(company.db, { after, limit: 400 }),
      );
      assert.equal(all.items.length, company.counts.stockRows);
      assert.equal(all.items.length, company.counts.articles * 8);
      assert.ok(
        all.items.some((s) => s.onHand === '0'),
        'realistic zeros',
      );
      assert.ok(
        all.items.some((s) => s.reserved !== '0'),
        'reservations',
      );
      await tick();
      const target = all.items[17];
      await company.db
        .updateTable('F_ARTSTOCK')
        .set({ AS_QteSto: '12.5' })
        .where('cbMarq', '=', target.rowId)
        .execute();
      const page = await readStockChangedSince(company.db, {
        after: { modifiedAt: all.watermark as string, rowId: Number.MAX_SAFE_INTEGER },
        limit: 10,
      });
      assert.deepEqual(
        page.items.map((s) => [s.articleReference, s.depotNo, s.onHand]),
        [[target.articleReference, target.depotNo, '12.5']],
      );
    });
  });

  describe('customers', () => {
    it('pages through customers with addresses, contacts, centrals and payers', async () => {
      const all = await readAll((after) =>
        readCustomersChangedSince(company.db, { after, limit: 13 }),
      );
      assert.equal(all.items.length, company.counts.customers);
      const central = all.items.find((c) => c.account.startsWith('CENTRALE'));
      assert.ok(central);
      assert.ok(
        all.items.some((c) => c.centralAccount === central.account || c.centralAccount !== ''),
      );
      assert.ok(
        all.items.some((c) => c.sleeping),
        'sleeping accounts',
      );
      assert.ok(
        all.items.some((c) => c.payerAccount !== ''),
        'accounts with a paying third party',
      );
      assert.ok(all.items.some((c) => c.deliveryAddresses.length > 1));
      assert.ok(all.items.every((c) => c.contacts.length >= 1));
      assert.ok(all.items.every((c) => c.priceCategory === 1 || c.priceCategory === 2));
      const withVat = all.items.filter((c) => /^FR\d{11}$/.test(c.vatNumber));
      assert.equal(withVat.length, all.items.length);
      assert.ok(all.items.every((c) => /^\d{14}$/.test(c.siret)));
    });

    it('reads one customer; unknown account gives undefined', async () => {
      const customer = await readCustomer(company.db, 'CL00001');
      assert.equal(customer?.account, 'CL00001');
      assert.equal(await readCustomer(company.db, 'NOBODY'), undefined);
    });

    it('reads delivery addresses changed since a watermark', async () => {
      const all = await readAll((after) =>
        readDeliveryAddressesChangedSince(company.db, { after, limit: 20 }),
      );
      assert.equal(all.items.length, company.counts.deliveryAddresses);
    });
  });

  describe('prices', () => {
    it('reads the two named price categories, not the blank slot', async () => {
      const categories = await readPriceCategories(company.db);
      assert.deepEqual(
        categories.map((c) => c.index),
        [1, 2],
      );
    });

    it('reads category prices and customer exception prices', async () => {
      const all = await readAll((after) =>
        readArticlePricesChangedSince(company.db, { after, limit: 100 }),
      );
      assert.equal(all.items.length, company.counts.articlePrices);
      const categoryRows = all.items.filter((p) => p.category > 0);
      const customerRows = all.items.filter((p) => p.category === 0);
      assert.ok(categoryRows.length > 0 && customerRows.length > 0);
      assert.ok(categoryRows.every((p) => p.customerAccount === ''));
      assert.ok(customerRows.every((p) => p.customerAccount !== ''));
      const onlyCustomer = await readArticlePricesChangedSince(company.db, {
        kind: 'customer',
        limit: 10_000,
      });
      assert.equal(onlyCustomer.items.length, customerRows.length);
      const account = customerRows[0].customerAccount;
      const forOne = await readArticlePricesChangedSince(company.db, {
        customerAccounts: [account],
        limit: 10_000,
      });
      assert.ok(
        forOne.items.length > 0 && forOne.items.every((p) => p.customerAccount === account),
      );
    });

    it('reads family prices, family discounts, packaging prices and quantity grids', async () => {
      const familyPrices = await readFamilyCategoryPrices(company.db);
      assert.equal(familyPrices.length, company.counts.familyCategoryPrices);
      const discounts = await readFamilyCustomerDiscountsChangedSince(company.db, {
        limit: 10_000,
      });
      assert.equal(discounts.items.length, company.counts.familyCustomerDiscounts);
      const packaging = await readPackagingPricesChangedSince(company.db, { limit: 10_000 });
      assert.equal(packaging.items.length, company.counts.packagingPrices);
      assert.ok(packaging.items.every((p) => p.target === 'a02'));
      const ranges = await readQuantityPriceRangesChangedSince(company.db, { limit: 10_000 });
      assert.equal(ranges.items.length, company.counts.quantityRanges);
    });
  });

  it('covers every row exactly once in key order, whatever the page size and interleaved updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        async (limit, touchEvery) => {
          const seen: number[] = [];
          let after: ChangeKey | null = null;
          let lastKey: ChangeKey | null = null;
          // Each row is updated at most once: a row updated every time it is read comes back
          // after the cursor every time, and the paging would never end (a hang, not a test).
          const touchedRows = new Set<number>();
          const pageLimit = 3 * (company.counts.customers + 10);
          for (let page = 0; ; page++) {
            assert.ok(page < pageLimit, `paging ended within ${pageLimit} pages`);
            const result: ChangePage<{ rowId: number }> = await readCustomersChangedSince(
              company.db,
              { after, limit },
            );
            seen.push(...result.items.map((c) => c.rowId));
            lastKey = result.lastKey;
            // A row updated while paging moves behind the cursor: it is read again later, never lost.
            const first = result.items[0];
            if (
              touchEvery > 0 &&
              page % touchEvery === 0 &&
              first &&
              !touchedRows.has(first.rowId)
            ) {
              await company.db
                .updateTable('F_COMPTET')
                .set({ CT_Telephone: `page ${page}` })
                .where('cbMarq', '=', first.rowId)
                .execute();
              touchedRows.add(first.rowId);
            }
            if (!result.nextKey) break;
            after = result.nextKey;
          }
          const touched = touchedRows.size;
          const unique = new Set(seen);
          const total = await company.db
            .selectFrom('F_COMPTET')
            .select('cbMarq')
            .where('CT_Type', '=', 0)
            .execute();
          assert.equal(unique.size, total.length);
          // Touched rows come back once more after the cursor (unless touched on the last page).
          assert.ok(seen.length >= unique.size && seen.length <= unique.size + touched);
          assert.ok(lastKey);
        },
      ),
      // Pages of one row, each updated: the case that once made this test page forever.
      { numRuns: 15, examples: [[1, 1]] },
    );
  });

  it('rejects a page limit out of range', async () => {
    await assert.rejects(readArticlesChangedSince(company.db, { limit: 0 }), RangeError);
  });

  it('runs against the same schema the DDL created (sanity check of the trigger)', async () => {
    const before = await company.db
      .selectFrom('F_DEPOT')
      .select('cbModification')
      .where('DE_No', '=', 3)
      .executeTakeFirstOrThrow();
    await tick();
    await sql`UPDATE F_DEPOT SET DE_Telephone = '0102030405' WHERE DE_No = 3`.execute(company.db);
    const after = await company.db
      .selectFrom('F_DEPOT')
      .select('cbModification')
      .where('DE_No', '=', 3)
      .executeTakeFirstOrThrow();
    assert.ok(String(after.cbModification) > String(before.cbModification));
  });
});
