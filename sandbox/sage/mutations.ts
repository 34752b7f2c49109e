import Big from 'big.js';
import { roundDecimal } from '../../shared/sage/decimal';
import { normaliseKey } from '../../shared/sage/references';
import { decimalOf } from '../../activities/sage/convert';
import type { SageDb } from '../../activities/sage/db';
import { withWriteTransaction } from '../../activities/sage/transaction';
import { Rng } from './prng';

/**
 * On-demand changes for incremental-sync demos and tests. Every change is an UPDATE, so the
 * change-tracking trigger moves cbModification forward and the next incremental read sees it.
 */

export interface MutationOptions {
  count: number;
  /** Same seed, same choices (on the same company). Default: time-based. */
  seed?: number;
}

export interface StockChange {
  articleReference: string;
  depotNo: number;
  before: string;
  after: string;
}

export interface PriceChange {
  articleReference: string;
  /** 'base' = AR_PrixVen, else the price category of an F_ARTCLIENT row. */
  target: 'base' | `category ${number}`;
  before: string;
  after: string;
}

async function pickRowIds(
  trx: SageDb,
  table: 'F_ARTSTOCK' | 'F_ARTICLE',
  count: number,
  rng: Rng,
): Promise<number[]> {
  const ids = (await trx.selectFrom(table).select('cbMarq').orderBy('cbMarq').execute()).map(
    (r) => r.cbMarq,
  );
  return rng.sample(ids, count);
}

/** Sets new physical quantities on `count` random stock rows (about a third become zero). */
export async function mutateStock(db: SageDb, options: MutationOptions): Promise<StockChange[]> {
  const rng = new Rng(options.seed ?? Date.now());
  return withWriteTransaction(db, async (trx) => {
    const changes: StockChange[] = [];
    for (const id of await pickRowIds(trx, 'F_ARTSTOCK', options.count, rng)) {
      const row = await trx
        .selectFrom('F_ARTSTOCK')
        .select(['AR_Ref', 'DE_No', 'AS_QteSto', 'AS_QteRes'])
        .where('cbMarq', '=', id)
        .executeTakeFirstOrThrow();
      const before = decimalOf(row.AS_QteSto);
      let after = rng.chance(0.33) ? '0' : String(rng.int(1, 250));
      if (after === before) after = new Big(before).plus(1).toFixed();
      // Reservations cannot exceed what is on hand once the shelf is recounted.
      const held = new Big(decimalOf(row.AS_QteRes));
      const onHand = new Big(after);
      const reserved = held.gt(onHand) ? (onHand.lt(0) ? new Big(0) : onHand) : held;
      await trx
        .updateTable('F_ARTSTOCK')
        .set({ AS_QteSto: after, AS_QteRes: reserved.toFixed() })
        .where('cbMarq', '=', id)
        .execute();
      changes.push({
        articleReference: normaliseKey(row.AR_Ref),
        depotNo: row.DE_No,
        before,
        after,
      });
    }
    return changes;
  });
}

/**
 * Changes the base sale price of `count` random articles by −10 %…+10 % (rounded to the cent),
 * and with them their category prices, as a yearly price update would.
 */
export async function mutatePrices(db: SageDb, options: MutationOptions): Promise<PriceChange[]> {
  const rng = new Rng(options.seed ?? Date.now());
  return withWriteTransaction(db, async (trx) => {
    const changes: PriceChange[] = [];
    for (const id of await pickRowIds(trx, 'F_ARTICLE', options.count, rng)) {
      const article = await trx
        .selectFrom('F_ARTICLE')
        .select(['AR_Ref', 'AR_PrixVen'])
        .where('cbMarq', '=', id)
        .executeTakeFirstOrThrow();
      const factor = new Big(rng.int(90, 110)).div(100);
      const scale = (value: string) => {
        const scaled = roundDecimal(new Big(value).times(factor), 2);
        return scaled === value ? roundDecimal(new Big(value).plus('0.01'), 2) : scaled;
      };
      const before = decimalOf(article.AR_PrixVen);
      const after = scale(before);
      await trx
        .updateTable('F_ARTICLE')
        .set({ AR_PrixVen: after })
        .where('cbMarq', '=', id)
        .execute();
      const reference = normaliseKey(article.AR_Ref);
      changes.push({ articleReference: reference, target: 'base', before, after });
      const categoryRows = await trx
        .selectFrom('F_ARTCLIENT')
        .select(['cbMarq', 'AC_Categorie', 'AC_PrixVen'])
        .where('AR_Ref', '=', article.AR_Ref)
        .where('AC_Categorie', '>', 0)
        .execute();
      for (const row of categoryRows) {
        const old = decimalOf(row.AC_PrixVen);
        if (old === '0') continue;
        const next = scale(old);
        await trx
          .updateTable('F_ARTCLIENT')
          .set({ AC_PrixVen: next })
          .where('cbMarq', '=', row.cbMarq)
          .execute();
        changes.push({
          articleReference: reference,
          target: `category ${row.AC_Categorie}`,
          before: old,
          after: next,
        });
      }
    }
    return changes;
  });
}
