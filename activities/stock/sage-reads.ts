import { normaliseKey } from '../../shared/sage/references';
import type { StockLevel } from '../../shared/sage/types';
import { chunk, decimalOf, timestampOf } from '../sage/convert';
import type { SageDb } from '../sage/db';
import { trimmedKeyIn } from '../catalog/key-match';

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
    const rows = await db
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
      ])
      .where(trimmedKeyIn(db, 's.AR_Ref', part))
      .execute();
    for (const row of rows) {
      const reference = normaliseKey(row.AR_Ref);
      try {
        const level: StockLevel = {
          rowId: row.cbMarq,
          modifiedAt: timestampOf(row.cbModification),
          articleReference: reference,
          depotNo: row.DE_No,
          onHand: decimalOf(row.AS_QteSto),
          reserved: decimalOf(row.AS_QteRes),
          onOrder: decimalOf(row.AS_QteCom),
          inPreparation: decimalOf(row.AS_QtePrepa),
        };
        byArticle.set(reference, [...(byArticle.get(reference) ?? []), level]);
      } catch {
        // Reported by readStockChangedSince as `invalid-number`.
      }
    }
  }
  return byArticle;
}
