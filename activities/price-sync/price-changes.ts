import { noPriceChanges, type PriceChanges } from '../../shared/price-sync/price-changes';
import { compareChangeKeys, overlapSince } from '../../shared/sage/change-tracking';
import type { ChangeKey, ChangePage } from '../../shared/sage/types';
import type { StateStore } from '../state/store';
import { readArticlesChangedSince } from '../sage/articles';
import { readCustomersChangedSince } from '../sage/customers';
import type { SageDb } from '../sage/db';
import type { ChangePageParams } from '../sage/paging';
import {
  PRICE_TABLES,
  readArticlePricesChangedSince,
  readFamilyCategoriesChangedSince,
  readFamilyCustomerDiscountsChangedSince,
  readLatestPriceChanges,
  readPackagingPricesChangedSince,
  readQuantityPriceRangesChangedSince,
  type PriceTable,
} from '../sage/prices';

/** State-store watermark of the price sync: where the next incremental run starts. */
export const PRICE_WATERMARK = 'prices-changes';

/**
 * What a price sync leaves for the next incremental one: each price table's last change read,
 * and the price categories in use (the product meta's keys: a new one needs a full run).
 */
export interface PriceMarks {
  tables: Record<PriceTable, ChangeKey | null>;
  categories: number[];
  /**
   * The day the run priced at ("YYYY-MM-DD", the company's time zone): scheduled values due
   * after it and up to the next run's day are re-projected by that run. Absent in marks stored
   * before scheduled prices were read.
   */
  day?: string;
}

export async function readPriceMarks(store: StateStore): Promise<PriceMarks | null> {
  const value = await store.getWatermark(PRICE_WATERMARK);
  if (!value) return null;
  const parsed = JSON.parse(value) as Partial<PriceMarks>;
  if (!parsed.tables || !Array.isArray(parsed.categories)) return null;
  const day = typeof parsed.day === 'string' ? { day: parsed.day } : {};
  return { tables: parsed.tables, categories: parsed.categories, ...day };
}

/** Stored only once a run succeeded (the workflow's finish). */
export async function writePriceMarks(store: StateStore, marks: string): Promise<void> {
  await store.putWatermark(PRICE_WATERMARK, marks);
}

/** Each table's last change now: read before a full run loads the data. */
export async function latestPriceMarks(db: SageDb): Promise<PriceMarks['tables']> {
  return readLatestPriceChanges(db);
}

/**
 * The keys of the price rows changed since `marks`, one keyset read per table, and each
 * table's new mark. With `overlapMs` > 0 (SQL Server's minute-resolution cbModification, late
 * commits) a table is read from its mark minus the overlap: rows of that window come again and
 * their entities are projected again, written only when their content hash moved.
 */
export async function readPriceChanges(
  db: SageDb,
  marks: PriceMarks['tables'],
  overlapMs: number,
): Promise<{ changes: PriceChanges; tables: PriceMarks['tables']; rows: number }> {
  const changes = noPriceChanges();
  const tables = { ...marks };
  let rows = 0;
  const read = async <T>(
    table: PriceTable,
    reader: (params: ChangePageParams) => Promise<ChangePage<T>>,
    add: (item: T) => void,
  ) => {
    const mark = marks[table] ?? null;
    const since = mark && overlapMs > 0 ? overlapSince(mark.modifiedAt, overlapMs) : null;
    let after: ChangeKey | null = since === null ? mark : null;
    for (;;) {
      const page = await reader({ since, after, limit: 2_000 });
      for (const item of page.items) add(item);
      rows += page.items.length;
      const last = page.lastKey;
      const current = tables[table] ?? null;
      if (last && (current === null || compareChangeKeys(last, current) > 0)) tables[table] = last;
      if (page.nextKey === null) return;
      after = page.nextKey;
    }
  };
  await read(
    'F_ARTICLE',
    (p) => readArticlesChangedSince(db, p),
    (a) => changes.articles.push(a.reference),
  );
  await read(
    'F_COMPTET',
    (p) => readCustomersChangedSince(db, p),
    (c) => changes.customers.push(c.account),
  );
  await read(
    'F_ARTCLIENT',
    (p) => readArticlePricesChangedSince(db, p),
    (r) =>
      changes.articlePrices.push({
        articleReference: r.articleReference,
        category: r.category,
        customerAccount: r.customerAccount,
      }),
  );
  await read(
    'F_FAMTARIF',
    (p) => readFamilyCategoriesChangedSince(db, p),
    (r) => changes.familyCategories.push(r),
  );
  await read(
    'F_FAMCLIENT',
    (p) => readFamilyCustomerDiscountsChangedSince(db, p),
    (r) =>
      changes.familyCustomers.push({
        familyCode: r.familyCode,
        customerAccount: r.customerAccount,
      }),
  );
  await read(
    'F_TARIFQTE',
    (p) => readQuantityPriceRangesChangedSince(db, p),
    (r) => changes.targetedRows.push({ articleReference: r.articleReference, target: r.target }),
  );
  await read(
    'F_TARIFCOND',
    (p) => readPackagingPricesChangedSince(db, p),
    (r) => changes.targetedRows.push({ articleReference: r.articleReference, target: r.target }),
  );
  for (const table of PRICE_TABLES) tables[table] ??= null;
  return { changes, tables, rows };
}
