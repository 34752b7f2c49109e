import { isNegative } from '../../shared/sage/decimal';
import { normaliseKey } from '../../shared/sage/references';
import type { ChangePage, Depot, StockLevel } from '../../shared/sage/types';
import { chunk, decimalOf, flagOf, textOf, timestampOf } from './convert';
import type { SageDb } from './db';
import { trimmedKeyIn } from './key-match';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';

/** Every depot (F_DEPOT is small: 8 at the first customer). */
export async function readDepots(db: SageDb): Promise<Depot[]> {
  const rows = await db
    .selectFrom('F_DEPOT')
    .select([
      'DE_No',
      'DE_Intitule',
      'DE_Code',
      'DE_Adresse',
      'DE_CodePostal',
      'DE_Ville',
      'DE_Principal',
    ])
    .orderBy('DE_No')
    .execute();
  return rows.map((r) => ({
    depotNo: r.DE_No,
    name: textOf(r.DE_Intitule),
    code: textOf(r.DE_Code),
    address: textOf(r.DE_Adresse),
    postalCode: textOf(r.DE_CodePostal),
    city: textOf(r.DE_Ville),
    isMain: flagOf(r.DE_Principal),
  }));
}

function stockQuery(db: SageDb) {
  return db
    .selectFrom('F_ARTSTOCK as s')
    .select([
      's.cbMarq',
      's.cbModification',
      's.AR_Ref',
      's.DE_No',
      's.AS_QteSto',
      's.AS_QteRes',
      's.AS_QteCom',
      's.AS_QtePrepa',
    ]);
}

type StockRow = Awaited<ReturnType<ReturnType<typeof stockQuery>['execute']>>[number];

/** The one F_ARTSTOCK row → StockLevel mapping; throws on a quantity that is not a number. */
function stockLevelOf(row: StockRow): StockLevel {
  return {
    rowId: row.cbMarq,
    modifiedAt: timestampOf(row.cbModification),
    articleReference: normaliseKey(row.AR_Ref),
    depotNo: row.DE_No,
    onHand: decimalOf(row.AS_QteSto),
    reserved: decimalOf(row.AS_QteRes),
    onOrder: decimalOf(row.AS_QteCom),
    inPreparation: decimalOf(row.AS_QtePrepa),
  };
}

/**
 * Stock rows (article × depot) changed since a watermark, one keyset page at a time.
 *
 * Bad data is reported, never fatal:
 * - negative physical stock (real Sage companies have it after out-of-stock deliveries) → the
 *   row is returned as stored, issue `negative-stock`; stock rules downstream decide (clamp);
 * - article reference with stray spaces → trimmed, issue `key-has-whitespace`;
 * - depot number with no F_DEPOT row → returned, issue `unknown-depot`;
 * - a quantity that is not a number (embedded engine only) → row skipped, `invalid-number`.
 */
export async function readStockChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<StockLevel>> {
  const limit = pageLimit(params);
  const rows = await stockQuery(db)
    .where(changeCondition('s', params.since, params.after))
    .orderBy('s.cbModification')
    .orderBy('s.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const depots = new Set((await readDepots(db)).map((d) => d.depotNo));
  const log = new IssueLog();
  const items: StockLevel[] = [];
  for (const row of rows) {
    const reference = normaliseKey(row.AR_Ref);
    const key = `${reference}@${row.DE_No}`;
    if (reference === '') {
      log.add({
        key: `#${row.cbMarq}`,
        problem: 'blank-key',
        detail: 'F_ARTSTOCK.AR_Ref is blank',
      });
      continue;
    }
    if (reference !== row.AR_Ref) log.add({ key, problem: 'key-has-whitespace' });
    const level = log.guard(key, () => stockLevelOf(row));
    if (!level) continue;
    if (isNegative(level.onHand)) log.add({ key, problem: 'negative-stock', detail: level.onHand });
    if (!depots.has(level.depotNo)) log.add({ key, problem: 'unknown-depot' });
    items.push(level);
  }
  return finishPage(rows, items, log, params, limit);
}

/**
 * Every stock row (all depots) of some articles: a changed row changes its article's total,
 * so the stock sync recomputes whole articles, not single rows. Rows whose quantities are not
 * numbers are left out here; the change reader reports them.
 */
export async function readStockOfArticles(
  db: SageDb,
  references: readonly string[],
): Promise<Map<string, StockLevel[]>> {
  const byArticle = new Map<string, StockLevel[]>();
  for (const part of chunk([...new Set(references)])) {
    const rows = await stockQuery(db)
      .where(trimmedKeyIn(db, 's.AR_Ref', part))
      .execute();
    for (const row of rows) {
      let level: StockLevel;
      try {
        level = stockLevelOf(row);
      } catch {
        continue; // Reported by readStockChangedSince as `invalid-number`.
      }
      const reference = level.articleReference;
      byArticle.set(reference, [...(byArticle.get(reference) ?? []), level]);
    }
  }
  return byArticle;
}
