import Big from 'big.js';
import { sql } from 'kysely';
import { DocumentStatus, DocumentType } from '../../shared/sage/documents';
import { normaliseKey } from '../../shared/sage/references';
import type { PendingWebQuantity } from '../../shared/stock/web-orders';
import { chunk, decimalOf } from './convert';
import type { SageDb } from './db';
import type { HeaderField } from './quotes';

/**
 * Web orders as the stock sees them (shared/stock/web-orders.ts). A web-order quote is a quote
 * carrying a web order reference (DO_NoWeb), whichever shop wrote it: every shop sells the same
 * units. A sales rep's own quotes (no DO_NoWeb) are offers, not sales, and are not counted.
 */

/** Quote statuses whose lines still wait for the sales rep: lost and archived quotes do not. */
const OPEN_QUOTE_STATUSES = [
  DocumentStatus.Entered,
  DocumentStatus.Confirmed,
  DocumentStatus.Ready,
] as const;

/**
 * Per article and depot, the quantities of web-order quote lines that are still in the quote
 * (not yet moved into an order, which reserves them), quote neither lost nor archived.
 */
export async function readPendingWebQuoteQuantities(
  db: SageDb,
  references: readonly string[],
): Promise<PendingWebQuantity[]> {
  const sums = new Map<string, PendingWebQuantity>();
  for (const part of chunk([...new Set(references.map(normaliseKey))].filter((r) => r !== ''))) {
    const rows = await db
      .selectFrom('F_DOCLIGNE as l')
      .innerJoin('F_DOCENTETE as h', (join) =>
        join
          .onRef('h.DO_Domaine', '=', 'l.DO_Domaine')
          .onRef('h.DO_Type', '=', 'l.DO_Type')
          .onRef('h.DO_Piece', '=', 'l.DO_Piece'),
      )
      .select(['l.AR_Ref', 'l.DE_No', 'l.DL_Qte'])
      .where('l.DO_Domaine', '=', 0)
      .where('l.DO_Type', '=', DocumentType.Quote)
      .where('l.AR_Ref', 'in', part)
      .where('h.DO_NoWeb', 'is not', null)
      .where('h.DO_NoWeb', '<>', '')
      .where('h.DO_Statut', 'in', [...OPEN_QUOTE_STATUSES])
      .execute();
    for (const row of rows) {
      const articleReference = normaliseKey(row.AR_Ref);
      const key = `${articleReference.toUpperCase()}@${row.DE_No}`;
      const quantity = decimalOf(row.DL_Qte);
      const sum = sums.get(key);
      sums.set(key, {
        articleReference,
        depotNo: row.DE_No,
        quantity: sum
          ? new Big(sum.quantity).plus(quantity).toFixed()
          : new Big(quantity).toFixed(),
      });
    }
  }
  return [...sums.values()];
}

/**
 * The web order references (upper case) Sage holds: a sales document carries the reference
 * (for this shop, or for none) and is not a lost or archived quote. A web order whose quote was
 * lost or deleted is no longer held: its units are Sage's again.
 */
export async function readHeldWebReferences(
  db: SageDb,
  references: readonly string[],
  shop?: HeaderField,
): Promise<Set<string>> {
  const held = new Set<string>();
  const wanted = [...new Set(references.map((r) => r.trim()))].filter((r) => r !== '');
  for (const part of chunk(wanted)) {
    const rows = await db
      .selectFrom('F_DOCENTETE')
      .select([
        'DO_NoWeb',
        'DO_Type',
        'DO_Statut',
        shop
          ? sql<string | null>`${sql.ref(shop.field)}`.as('shop')
          : sql<string | null>`NULL`.as('shop'),
      ])
      .where('DO_Domaine', '=', 0)
      .where('DO_NoWeb', 'in', part)
      .execute();
    for (const row of rows) {
      const recordedShop = (row.shop ?? '').trim();
      if (shop && recordedShop !== '' && recordedShop !== shop.value.trim()) continue;
      const closedQuote =
        row.DO_Type === DocumentType.Quote &&
        !(OPEN_QUOTE_STATUSES as readonly number[]).includes(row.DO_Statut);
      if (!closedQuote) held.add(normaliseKey(row.DO_NoWeb).toUpperCase());
    }
  }
  return held;
}

/** Article references of a quote's lines, wherever they stand now (quote or later documents). */
export async function readQuoteArticleReferences(db: SageDb, quote: string): Promise<string[]> {
  const piece = normaliseKey(quote);
  const rows = await db
    .selectFrom('F_DOCLIGNE')
    .select('AR_Ref')
    .where('DO_Domaine', '=', 0)
    .where((eb) =>
      eb.or([
        eb.and([eb('DO_Type', '=', DocumentType.Quote), eb('DO_Piece', '=', piece)]),
        eb('DL_PieceDE', '=', piece),
      ]),
    )
    .execute();
  const refs = rows.map((r) => normaliseKey(r.AR_Ref)).filter((r) => r !== '');
  return [...new Set(refs)];
}
