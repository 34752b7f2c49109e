import Big from 'big.js';
import { DocumentStatus, DocumentType } from '../../shared/sage/documents';
import { normaliseKey } from '../../shared/sage/references';
import { decimalOf, timestampOf } from '../../activities/sage/convert';
import type { SageDb } from '../../activities/sage/db';
import { readDocumentChain } from '../../activities/sage/documents';
import { SageDataError } from '../../activities/sage/errors';
import { allocatePieceNumber } from '../../activities/sage/numbering';
import { isoTimestamp } from '../../activities/sage/schema';
import { withWriteTransaction } from '../../activities/sage/transaction';

/**
 * The sales rep of the demo company: transforms documents the way Sage does
 * (docs/sage-tables.md, From quote to invoice).
 * - A new header is created with the next number of the target type; the source lines MOVE
 *   (same cbMarq, new DO_Type/DO_Piece) and record the stage they leave in DL_PieceDE/BC/PL/BL
 *   (+ date and quantity).
 * - A source left without lines loses its header — except a quote, which by default stays with
 *   status "Accepté" (recent Sage versions keep accepted quotes; `keepQuoteHeader: false` plays
 *   the other behaviour, the connector must cope with both).
 * - Stock: an order reserves (AS_QteRes +), a picking moves the reservation to AS_QtePrepa, a
 *   delivery takes the goods out (AS_QteSto −) and releases what the previous stage held; an
 *   invoice of a delivery has no stock effect, an invoice made directly from an order does.
 * - New documents get status 2 ("A préparer" / "A livrer" / "A facturer"); invoices are
 *   validated (DO_Valide = 1) unless `validateInvoices` is false.
 * - An invoice gets its payment schedule (F_DOCREGL): one instalment of the whole amount due
 *   `paymentDays` after the invoice date, as Sage fills it from the customer's payment terms.
 */

/** Transformations the simulator accepts: source DO_Type → possible targets. */
export const TRANSFORMATIONS: Record<number, number[]> = {
  [DocumentType.Quote]: [DocumentType.Order],
  [DocumentType.Order]: [DocumentType.Picking, DocumentType.Delivery, DocumentType.Invoice],
  [DocumentType.Picking]: [DocumentType.Delivery],
  [DocumentType.Delivery]: [DocumentType.Invoice],
};

/** The usual next step of each stage (advanceChain, automatic mode). */
export const NEXT_STAGE: Record<number, number> = {
  [DocumentType.Quote]: DocumentType.Order,
  [DocumentType.Order]: DocumentType.Picking,
  [DocumentType.Picking]: DocumentType.Delivery,
  [DocumentType.Delivery]: DocumentType.Invoice,
};

export interface TransformOptions {
  /** DO_Type of the source when the same number exists in several types. */
  fromType?: number;
  /** Document date of the new piece (ISO); default now. */
  date?: string;
  keepQuoteHeader?: boolean;
  validateInvoices?: boolean;
  creatorTag?: string;
  /** Days from an invoice's date to its due date (its payment schedule); default 30. */
  paymentDays?: number;
}

export interface TransformResult {
  fromType: number;
  fromPiece: string;
  toType: number;
  piece: string;
  movedLineIds: number[];
}

type StockColumn = 'AS_QteSto' | 'AS_QteRes' | 'AS_QtePrepa';

/** Stock deltas per unit moved, by (source type → target type). */
function stockEffects(fromType: number, toType: number): Partial<Record<StockColumn, number>> {
  if (fromType === DocumentType.Quote && toType === DocumentType.Order) return { AS_QteRes: 1 };
  if (fromType === DocumentType.Order && toType === DocumentType.Picking) {
    return { AS_QteRes: -1, AS_QtePrepa: 1 };
  }
  if (fromType === DocumentType.Order) return { AS_QteRes: -1, AS_QteSto: -1 };
  if (fromType === DocumentType.Picking) return { AS_QtePrepa: -1, AS_QteSto: -1 };
  return {};
}

const ORIGIN_COLUMNS: Record<number, { piece: string; date: string; qty: string }> = {
  [DocumentType.Quote]: { piece: 'DL_PieceDE', date: 'DL_DateDE', qty: 'DL_QteDE' },
  [DocumentType.Order]: { piece: 'DL_PieceBC', date: 'DL_DateBC', qty: 'DL_QteBC' },
  [DocumentType.Picking]: { piece: 'DL_PiecePL', date: 'DL_DatePL', qty: 'DL_QtePL' },
  [DocumentType.Delivery]: { piece: 'DL_PieceBL', date: 'DL_DateBL', qty: 'DL_QteBL' },
};

export async function transformDocument(
  db: SageDb,
  piece: string,
  toType: number,
  options: TransformOptions = {},
): Promise<TransformResult> {
  const sourcePiece = normaliseKey(piece);
  return withWriteTransaction(db, async (trx) => {
    const headers = await trx
      .selectFrom('F_DOCENTETE')
      .selectAll()
      .where('DO_Domaine', '=', 0)
      .where('DO_Piece', '=', sourcePiece)
      .$if(options.fromType !== undefined, (q) => q.where('DO_Type', '=', options.fromType ?? -1))
      .execute();
    if (headers.length === 0)
      throw new SageDataError('UnknownDocument', `no sales document ${sourcePiece}`);
    if (headers.length > 1) {
      throw new SageDataError(
        'InvalidInput',
        `${sourcePiece} exists in several types: give fromType`,
      );
    }
    const source = headers[0];
    if (!(TRANSFORMATIONS[source.DO_Type] ?? []).includes(toType)) {
      throw new SageDataError(
        'InvalidTransformation',
        `cannot transform ${sourcePiece} (type ${source.DO_Type}) into type ${toType}`,
      );
    }
    const lines = await trx
      .selectFrom('F_DOCLIGNE')
      .select(['cbMarq', 'AR_Ref', 'DE_No', 'DL_Qte', 'DL_MontantTTC'])
      .where('DO_Domaine', '=', 0)
      .where('DO_Type', '=', source.DO_Type)
      .where('DO_Piece', '=', source.DO_Piece)
      .orderBy('DL_Ligne')
      .execute();
    if (lines.length === 0) {
      throw new SageDataError(
        'InvalidTransformation',
        `${sourcePiece} has no lines left to transform`,
      );
    }

    const newPiece = await allocatePieceNumber(trx, toType, source.DO_Souche);
    const date = options.date ?? isoTimestamp(new Date());
    const { cbMarq: _marq, cbModification: _modified, ...copy } = source;
    await trx
      .insertInto('F_DOCENTETE')
      .values({
        ...copy,
        DO_Type: toType,
        DO_Piece: newPiece,
        DO_Date: date,
        DO_Cours: decimalOf(copy.DO_Cours),
        DO_TxEscompte: decimalOf(copy.DO_TxEscompte),
        DO_TotalHT: decimalOf(copy.DO_TotalHT),
        DO_TotalHTNet: decimalOf(copy.DO_TotalHTNet),
        DO_TotalTTC: decimalOf(copy.DO_TotalTTC),
        DO_NetAPayer: decimalOf(copy.DO_NetAPayer),
        DO_DateLivr: copy.DO_DateLivr === null ? null : timestampOf(copy.DO_DateLivr),
        DO_Statut: DocumentStatus.Ready,
        DO_Valide: toType === DocumentType.Invoice && options.validateInvoices !== false ? 1 : 0,
        DO_PieceOrig: '',
        cbCreateur: options.creatorTag ?? 'SIM',
      })
      .execute();

    const origin = ORIGIN_COLUMNS[source.DO_Type];
    const sourceDate = timestampOf(source.DO_Date);
    for (const line of lines) {
      await trx
        .updateTable('F_DOCLIGNE')
        .set({
          DO_Type: toType,
          DO_Piece: newPiece,
          DO_Date: date,
          [origin.piece]: source.DO_Piece,
          [origin.date]: sourceDate,
          [origin.qty]: decimalOf(line.DL_Qte),
        })
        .where('cbMarq', '=', line.cbMarq)
        .execute();
    }
    await applyStockEffects(trx, lines, stockEffects(source.DO_Type, toType));
    if (toType === DocumentType.Invoice) {
      const amount = lines.reduce((sum, l) => sum.plus(decimalOf(l.DL_MontantTTC)), new Big(0));
      await addPaymentSchedule(trx, newPiece, date, amount.toFixed(), options.paymentDays ?? 30);
    }

    if (source.DO_Type === DocumentType.Quote && options.keepQuoteHeader !== false) {
      await trx
        .updateTable('F_DOCENTETE')
        .set({ DO_Statut: DocumentStatus.Ready })
        .where('cbMarq', '=', source.cbMarq)
        .execute();
    } else {
      await trx.deleteFrom('F_DOCENTETE').where('cbMarq', '=', source.cbMarq).execute();
    }
    return {
      fromType: source.DO_Type,
      fromPiece: normaliseKey(source.DO_Piece),
      toType,
      piece: newPiece,
      movedLineIds: lines.map((l) => l.cbMarq),
    };
  });
}

async function addPaymentSchedule(
  trx: SageDb,
  piece: string,
  invoiceDate: string,
  amount: string,
  paymentDays: number,
): Promise<void> {
  const last = await trx
    .selectFrom('F_DOCREGL')
    .select((eb) => eb.fn.max('DR_No').as('maxNo'))
    .executeTakeFirst();
  const due = new Date(`${invoiceDate.slice(0, 10)}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + paymentDays);
  await trx
    .insertInto('F_DOCREGL')
    .values({
      DR_No: Number(last?.maxNo ?? 0) + 1,
      DO_Domaine: 0,
      DO_Type: DocumentType.Invoice,
      DO_Piece: piece,
      DR_TypeRegl: 2,
      DR_Date: isoTimestamp(due),
      DR_Libelle: `${paymentDays} jours date de facture`,
      DR_Pourcent: '100',
      DR_Montant: amount,
      DR_Equil: 1,
      N_Reglement: 1,
    })
    .execute();
}

async function applyStockEffects(
  trx: SageDb,
  lines: { AR_Ref: string | null; DE_No: number; DL_Qte: string | number }[],
  effects: Partial<Record<StockColumn, number>>,
): Promise<void> {
  const columns = Object.keys(effects) as StockColumn[];
  if (columns.length === 0) return;
  for (const line of lines) {
    const reference = line.AR_Ref;
    if (reference === null || normaliseKey(reference) === '') continue;
    const quantity = new Big(decimalOf(line.DL_Qte));
    const row = await trx
      .selectFrom('F_ARTSTOCK')
      .select(['cbMarq', 'AS_QteSto', 'AS_QteRes', 'AS_QtePrepa'])
      .where('AR_Ref', '=', reference)
      .where('DE_No', '=', line.DE_No)
      .executeTakeFirst();
    const next = (column: StockColumn) =>
      new Big(decimalOf(row?.[column])).plus(quantity.times(effects[column] ?? 0)).toFixed();
    if (row) {
      await trx
        .updateTable('F_ARTSTOCK')
        .set(Object.fromEntries(columns.map((c) => [c, next(c)])))
        .where('cbMarq', '=', row.cbMarq)
        .execute();
    } else {
      // Sage creates the stock row on the first movement of an article in a depot.
      await trx
        .insertInto('F_ARTSTOCK')
        .values({
          AR_Ref: reference,
          DE_No: line.DE_No,
          ...Object.fromEntries(columns.map((c) => [c, next(c)])),
        })
        .execute();
    }
  }
}

/**
 * Moves every document of a quote's chain one stage forward (quote → order → picking →
 * delivery → invoice). Returns the transformations made; none once everything is invoiced.
 */
export async function advanceChain(
  db: SageDb,
  quotePiece: string,
  options: TransformOptions = {},
): Promise<TransformResult[]> {
  const chain = await readDocumentChain(db, quotePiece);
  const current = new Map<string, { type: number; piece: string }>();
  for (const line of chain.lines)
    current.set(`${line.documentType}/${line.piece}`, {
      type: line.documentType,
      piece: line.piece,
    });
  const results: TransformResult[] = [];
  for (const doc of current.values()) {
    const next = NEXT_STAGE[doc.type];
    if (next === undefined) continue;
    results.push(await transformDocument(db, doc.piece, next, { ...options, fromType: doc.type }));
  }
  return results;
}

export interface AutoModeOptions {
  db: SageDb;
  /** How long a document waits after its last change before the rep moves it on. */
  delayMs: number;
  signal?: AbortSignal;
  /** How often to look for work (default: min(delayMs, 1000)). */
  pollMs?: number;
  /** Only documents carrying a web order number (default true). */
  webOnly?: boolean;
  /** Last stage to reach (default: invoice). */
  untilType?: number;
  onTransform?: (result: TransformResult) => void;
  transform?: TransformOptions;
}

/**
 * Plays the sales rep until the signal aborts: every poll, each open document (quote still
 * "Saisi", order, picking, delivery) unchanged for `delayMs` is moved one stage forward.
 * Returns the number of transformations made.
 */
export async function runAutoMode(options: AutoModeOptions): Promise<number> {
  const pollMs = options.pollMs ?? Math.min(Math.max(options.delayMs, 10), 1000);
  const untilType = options.untilType ?? DocumentType.Invoice;
  let done = 0;
  while (!options.signal?.aborted) {
    const due = isoTimestamp(new Date(Date.now() - options.delayMs));
    const candidates = await options.db
      .selectFrom('F_DOCENTETE')
      .select(['DO_Type', 'DO_Piece', 'DO_Statut'])
      .where('DO_Domaine', '=', 0)
      .where('DO_Type', 'in', [0, 1, 2, 3])
      .where('cbModification', '<=', due)
      .$if(options.webOnly !== false, (q) =>
        q.where('DO_NoWeb', '<>', '').where('DO_NoWeb', 'is not', null),
      )
      .orderBy('cbMarq')
      .execute();
    for (const doc of candidates) {
      if (options.signal?.aborted) break;
      if (doc.DO_Type === DocumentType.Quote && doc.DO_Statut !== DocumentStatus.Entered) continue;
      const next = NEXT_STAGE[doc.DO_Type];
      if (next === undefined || next > untilType) continue;
      try {
        const result = await transformDocument(options.db, doc.DO_Piece, next, {
          ...options.transform,
          fromType: doc.DO_Type,
        });
        done += 1;
        options.onTransform?.(result);
      } catch (error) {
        // A document emptied by someone else in the meantime is not an error of the rep.
        if (!(error instanceof SageDataError)) throw error;
      }
    }
    await sleep(pollMs, options.signal);
  }
  return done;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
