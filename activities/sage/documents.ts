import { DocumentType, documentKind, documentStatusLabel } from '../../shared/sage/documents';
import { normaliseKey } from '../../shared/sage/references';
import { documentTotals } from '../../shared/sage/totals';
import type {
  ChangePage,
  ChainStep,
  DocumentChain,
  DocumentLine,
  DocumentSummary,
  Invoice,
  LineDiscount,
  SalesDocument,
} from '../../shared/sage/types';
import { decimalOf, optionalTimestampOf, textOf, timestampOf } from './convert';
import type { SageDb } from './db';
import type { DbDate } from './schema';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';

function headerQuery(db: SageDb) {
  return db
    .selectFrom('F_DOCENTETE as h')
    .select([
      'h.DO_Type',
      'h.DO_Piece',
      'h.DO_Date',
      'h.DO_Statut',
      'h.DO_Tiers',
      'h.DO_Ref',
      'h.DO_NoWeb',
      'h.DO_Valide',
      'h.DO_TotalHT',
      'h.DO_TotalTTC',
      'h.DE_No',
      'h.LI_No',
      'h.CT_NumPayeur',
      'h.DO_DateLivr',
    ])
    .where('h.DO_Domaine', '=', 0);
}
type HeaderRow = Awaited<ReturnType<ReturnType<typeof headerQuery>['execute']>>[number];

function lineQuery(db: SageDb) {
  return db
    .selectFrom('F_DOCLIGNE as l')
    .select([
      'l.cbMarq',
      'l.DO_Type',
      'l.DO_Piece',
      'l.DL_Ligne',
      'l.AR_Ref',
      'l.DL_Design',
      'l.DL_Qte',
      'l.DL_PrixUnitaire',
      'l.DL_Remise01REM_Valeur',
      'l.DL_Remise01REM_Type',
      'l.DL_Remise02REM_Valeur',
      'l.DL_Remise02REM_Type',
      'l.DL_Remise03REM_Valeur',
      'l.DL_Remise03REM_Type',
      'l.DL_MontantHT',
      'l.DL_MontantTTC',
      'l.DL_Taxe1',
      'l.DE_No',
      'l.DL_PieceDE',
      'l.DL_PieceBC',
      'l.DL_PiecePL',
      'l.DL_PieceBL',
      'l.DL_DateDE',
      'l.DL_DateBC',
      'l.DL_DatePL',
      'l.DL_DateBL',
    ])
    .where('l.DO_Domaine', '=', 0);
}
type LineRow = Awaited<ReturnType<ReturnType<typeof lineQuery>['execute']>>[number];

function summaryOf(row: HeaderRow): DocumentSummary {
  return {
    kind: documentKind(row.DO_Type) ?? 'quote',
    type: row.DO_Type,
    piece: normaliseKey(row.DO_Piece),
    date: timestampOf(row.DO_Date),
    status: row.DO_Statut,
    statusLabel: documentStatusLabel(row.DO_Type, row.DO_Statut),
    customerAccount: normaliseKey(row.DO_Tiers),
    reference: textOf(row.DO_Ref),
    webOrderNumber: textOf(row.DO_NoWeb),
    validated: row.DO_Valide === 1,
    totalExclTax: decimalOf(row.DO_TotalHT),
    totalInclTax: decimalOf(row.DO_TotalTTC),
  };
}

function lineOf(row: LineRow): DocumentLine {
  const discounts: LineDiscount[] = [
    { value: decimalOf(row.DL_Remise01REM_Valeur), type: row.DL_Remise01REM_Type },
    { value: decimalOf(row.DL_Remise02REM_Valeur), type: row.DL_Remise02REM_Type },
    { value: decimalOf(row.DL_Remise03REM_Valeur), type: row.DL_Remise03REM_Type },
  ].filter((d) => d.value !== '0');
  const deliveredAt = normaliseKey(row.DL_PieceBL) ? optionalTimestampOf(row.DL_DateBL) : null;
  return {
    rowId: row.cbMarq,
    documentType: row.DO_Type,
    piece: normaliseKey(row.DO_Piece),
    lineNo: row.DL_Ligne,
    articleReference: normaliseKey(row.AR_Ref),
    designation: textOf(row.DL_Design),
    quantity: decimalOf(row.DL_Qte),
    unitPrice: decimalOf(row.DL_PrixUnitaire),
    discounts,
    amountExclTax: decimalOf(row.DL_MontantHT),
    amountInclTax: decimalOf(row.DL_MontantTTC),
    vatRate: decimalOf(row.DL_Taxe1),
    depotNo: row.DE_No,
    origin: {
      quote: normaliseKey(row.DL_PieceDE),
      order: normaliseKey(row.DL_PieceBC),
      picking: normaliseKey(row.DL_PiecePL),
      delivery: normaliseKey(row.DL_PieceBL),
    },
    ...(deliveredAt ? { deliveredAt } : {}),
  };
}

/** One sales document with its lines; `types` narrows the DO_Type (a number is unique per type). */
export async function readDocument(
  db: SageDb,
  piece: string,
  types: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7],
): Promise<SalesDocument | undefined> {
  const header = await headerQuery(db)
    .where('h.DO_Piece', '=', normaliseKey(piece))
    .where('h.DO_Type', 'in', [...types])
    .orderBy('h.DO_Type', 'desc')
    .executeTakeFirst();
  if (!header) return undefined;
  const lines = await lineQuery(db)
    .where('l.DO_Type', '=', header.DO_Type)
    .where('l.DO_Piece', '=', header.DO_Piece)
    .orderBy('l.DL_Ligne')
    .execute();
  return {
    ...summaryOf(header),
    depotNo: header.DE_No,
    deliveryAddressNo: header.LI_No,
    deliveryDate: optionalTimestampOf(header.DO_DateLivr),
    payerAccount: normaliseKey(header.CT_NumPayeur),
    lines: lines.map(lineOf),
  };
}

/** An invoice (DO_Type 6, or 7 once posted) with its lines and totals recomputed from the lines. */
export async function readInvoice(
  db: SageDb,
  piece: string,
  options: { moneyDecimals?: number } = {},
): Promise<Invoice | undefined> {
  const document = await readDocument(db, piece, [
    DocumentType.Invoice,
    DocumentType.PostedInvoice,
  ]);
  if (!document) return undefined;
  const totals = documentTotals(document.lines, options.moneyDecimals ?? 2);
  return {
    ...document,
    totals,
    headerTotals: { exclTax: document.totalExclTax, inclTax: document.totalInclTax },
  };
}

/**
 * The documents derived from a quote (docs/sage-tables.md, From quote to invoice): lines move
 * from document to document, keeping their cbMarq and recording each earlier stage in
 * DL_PieceDE/BC/PL/BL. Every line that was born in the quote is found by DL_PieceDE (or still
 * sits in the quote); the pieces of each stage come from the lines, and the headers give dates
 * and statuses. A stage whose header Sage
 * removed after moving all its lines is reported with `exists: false` and the line's date.
 * Works whether Sage keeps the quote header after transformation or not.
 */
export async function readDocumentChain(db: SageDb, quotePiece: string): Promise<DocumentChain> {
  const quote = normaliseKey(quotePiece);
  const lines = await lineQuery(db)
    .where((eb) =>
      eb.or([
        eb('l.DL_PieceDE', '=', quote),
        eb.and([eb('l.DO_Type', '=', DocumentType.Quote), eb('l.DO_Piece', '=', quote)]),
      ]),
    )
    .orderBy('l.cbMarq')
    .execute();

  type Found = { type: number; piece: string; lineDate: DbDate | null };
  const found = new Map<string, Found>();
  const note = (type: number, piece: string | null, lineDate: DbDate | null) => {
    const p = normaliseKey(piece);
    if (p !== '' && !found.has(`${type}/${p}`))
      found.set(`${type}/${p}`, { type, piece: p, lineDate });
  };
  note(DocumentType.Quote, quote, lines.find((l) => l.DL_DateDE !== null)?.DL_DateDE ?? null);
  for (const l of lines) {
    note(DocumentType.Order, l.DL_PieceBC, l.DL_DateBC);
    note(DocumentType.Picking, l.DL_PiecePL, l.DL_DatePL);
    note(DocumentType.Delivery, l.DL_PieceBL, l.DL_DateBL);
    note(l.DO_Type, l.DO_Piece, null);
  }
  const pieces = [...new Set([...found.values()].map((f) => f.piece))];
  const headers = await headerQuery(db).where('h.DO_Piece', 'in', pieces).execute();
  const headerByKey = new Map(headers.map((h) => [`${h.DO_Type}/${normaliseKey(h.DO_Piece)}`, h]));

  const step = (f: Found): ChainStep => {
    const header = headerByKey.get(`${f.type}/${f.piece}`);
    return {
      piece: f.piece,
      kind: documentKind(f.type) ?? 'quote',
      exists: header !== undefined,
      date: header ? timestampOf(header.DO_Date) : optionalTimestampOf(f.lineDate),
      status: header ? header.DO_Statut : null,
      statusLabel: header ? documentStatusLabel(header.DO_Type, header.DO_Statut) : null,
      validated: header?.DO_Valide === 1,
    };
  };
  const stepsOf = (...types: number[]) =>
    [...found.values()].filter((f) => types.includes(f.type)).map(step);

  const quoteStep = step(found.get(`${DocumentType.Quote}/${quote}`) as Found);
  const furthest = lines.reduce((max, l) => Math.max(max, l.DO_Type), -1);
  return {
    quotePiece: quote,
    stage: furthest >= 0 ? (documentKind(furthest) ?? null) : quoteStep.exists ? 'quote' : null,
    quote: quoteStep.exists || lines.length > 0 ? quoteStep : null,
    orders: stepsOf(DocumentType.Order),
    pickings: stepsOf(DocumentType.Picking),
    deliveries: stepsOf(DocumentType.Delivery),
    invoices: stepsOf(DocumentType.Invoice, DocumentType.PostedInvoice),
    lines: lines.map((l) => ({
      rowId: l.cbMarq,
      documentType: l.DO_Type,
      piece: normaliseKey(l.DO_Piece),
    })),
  };
}

/**
 * Sales document headers created or changed since a watermark (keyset page), e.g. to notice
 * that the sales rep moved a web order on. `webOnly` keeps those carrying a web order number.
 */
export async function readSalesDocumentsChangedSince(
  db: SageDb,
  params: ChangePageParams & { webOnly?: boolean } = {},
): Promise<ChangePage<DocumentSummary>> {
  const limit = pageLimit(params);
  const rows = await headerQuery(db)
    .select(['h.cbMarq', 'h.cbModification'])
    .where(changeCondition('h', params.since, params.after))
    .$if(params.webOnly === true, (q) =>
      q.where('h.DO_NoWeb', 'is not', null).where('h.DO_NoWeb', '<>', ''),
    )
    .orderBy('h.cbModification')
    .orderBy('h.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = rows.flatMap((row) => {
    const item = log.guard(normaliseKey(row.DO_Piece) || `#${row.cbMarq}`, () => summaryOf(row));
    return item ? [item] : [];
  });
  return finishPage(rows, items, log, params, limit);
}
