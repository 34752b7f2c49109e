import { sql } from 'kysely';
import { compareDecimals, lineAmount, toDecimal, withTax } from '../../shared/sage/decimal';
import { DocumentStatus, DocumentType } from '../../shared/sage/documents';
import { normaliseKey } from '../../shared/sage/references';
import { documentTotals } from '../../shared/sage/totals';
import { decimalOf } from './convert';
import type { SageDb } from './db';
import { SageDataError } from './errors';
import { readSalesVat } from './vat';
import { lineArticleCodes } from './customer-codes';
import { allocatePieceNumber } from './numbering';
import { isoTimestamp } from './schema';
import { withWriteTransaction } from './transaction';

export interface QuoteLineInput {
  articleReference: string;
  /** Quantity in sales units (decimal string). */
  quantity: string;
  /** Gross unit price excl. tax (decimal string); the discount goes to DL_Remise01 (type %). */
  unitPrice: string;
  /** Line discount in percent, e.g. "8". */
  discountRate?: string;
  /** Depot of the line (the customer's home depot). */
  depotNo: number;
  /** Defaults to the article's designation. */
  designation?: string;
  /** VAT rate in percent; defaults to the writer's default rate. */
  vatRate?: string;
  /** Unit or packaging label written to EU_Enumere (default "Pièce"). */
  unitLabel?: string;
}

/** A header free field (information libre) of F_DOCENTETE and the text written to it. */
export interface HeaderField {
  /** Column name, e.g. WEB_BOUTIQUE (created in Sage under that name). */
  field: string;
  value: string;
}

/**
 * What identifies a web order in Sage: its reference (DO_NoWeb) for this customer (DO_Tiers)
 * and, when recorded, this shop (a header free field). A document carrying the reference for
 * another customer or another shop is someone else's: WebOrderNumberTakenError, never linked.
 */
export interface WebOrderKey {
  webOrderNumber: string;
  customerAccount: string;
  shop?: HeaderField;
}

export interface QuoteInput {
  /**
   * Web order reference: written to DO_Ref and DO_NoWeb (17 characters max); with the customer
   * and the shop, the idempotency key.
   */
  webOrderNumber: string;
  customerAccount: string;
  /** The shop of the web order, written to this header free field and checked on a match. */
  shop?: HeaderField;
  /** Internal header free fields (e.g. the price-difference flag), 69 characters at most. */
  internalFields?: HeaderField[];
  /** Document date, YYYY-MM-DD. */
  date: string;
  /** Header depot (the customer's home depot). */
  depotNo: number;
  /** F_LIVRAISON.LI_No; defaults to the customer's default delivery address, or 0. */
  deliveryAddressNo?: number;
  lines: QuoteLineInput[];
}

export interface QuoteResult {
  /** False when a document for this web order already existed (nothing was written). */
  created: boolean;
  /** The quote's number (DO_Piece of type 0). */
  quotePiece: string;
  /** Where the quote is now: 0 while still a quote, 1 once turned into an order, … */
  currentType: number;
  currentPiece: string;
  /** cbMarq of each line, in line order: lines keep it through the document chain. */
  lineRowIds: number[];
}

export interface QuoteWriterOptions {
  creatorTag: string;
  quoteSeries: number;
  defaultVatRate: string;
  moneyDecimals: number;
  /** F_TAXE code per VAT rate written to DL_CodeTaxe1 (Sage's insert triggers require a code). */
  taxCodes?: Record<string, string>;
}

export const DEFAULT_TAX_CODES: Record<string, string> = {
  '20': 'C20',
  '10': 'C10',
  '5.5': 'C05',
  '0': 'C00',
};

const MAX_REFERENCE_LENGTH = 17;
/** Sage text free fields hold 69 characters. */
const MAX_FREE_FIELD_LENGTH = 69;

/** The web order's reference is on a sales document of another customer or shop. */
export class WebOrderNumberTakenError extends Error {
  readonly retryable = false;
  readonly type = 'WebOrderNumberTaken';
  constructor(
    readonly key: WebOrderKey,
    readonly documents: { piece: string; type: number; customer: string; shop: string }[],
  ) {
    super(
      `Sage reference ${key.webOrderNumber} (DO_NoWeb) is already used by ` +
        documents
          .map(
            (d) =>
              `${d.piece} of customer ${d.customer}` + (d.shop !== '' ? ` (shop ${d.shop})` : ''),
          )
          .join(', ') +
        `; the web order of customer ${key.customerAccount}` +
        (key.shop ? ` (shop ${key.shop.value})` : '') +
        ' is not linked to it (see orders.sageReference to tell shops apart)',
    );
    this.name = 'WebOrderNumberTaken';
  }
}

/**
 * Creates a quote (Devis, DO_Type 0, status "Saisi" = waiting for the sales rep) for a web order.
 *
 * Idempotent, also under concurrency: inside one write transaction the numbering counter is
 * locked first (see allocatePieceNumber / withWriteTransaction), then a sales document carrying
 * the web order number is looked for; only when none exists is a number taken and the document
 * written. A second call — sequential or concurrent — therefore finds the first one's quote
 * (or the order/delivery it became) and returns it with `created: false`.
 */
export async function createQuote(
  db: SageDb,
  input: QuoteInput,
  options: QuoteWriterOptions,
): Promise<QuoteResult> {
  validateQuoteInput(input);
  const webOrder = input.webOrderNumber.trim();
  const key: WebOrderKey = {
    webOrderNumber: webOrder,
    customerAccount: input.customerAccount,
    ...(input.shop ? { shop: input.shop } : {}),
  };
  return withWriteTransaction(db, async (trx) => {
    // Taking the number first holds the lock before the existence check (no check-then-act race).
    const piece = await allocatePieceNumber(trx, DocumentType.Quote, options.quoteSeries);
    // Another customer's or shop's document under this reference throws (and rolls back).
    const existing = await findDocumentForWebOrder(trx, key);
    if (existing) {
      // Nothing is written: leaving the transaction rolls the counter back.
      throw new ExistingDocument(existing);
    }
    return writeQuote(trx, input, webOrder, piece, options);
  }).catch((error: unknown) => {
    if (error instanceof ExistingDocument) return error.result;
    throw error;
  });
}

/** Signals "already there" out of the transaction so that it rolls back. */
class ExistingDocument extends Error {
  constructor(readonly result: QuoteResult) {
    super('a document already exists for this web order');
  }
}

function validateQuoteInput(input: QuoteInput): void {
  const webOrder = input.webOrderNumber.trim();
  if (webOrder === '' || webOrder.length > MAX_REFERENCE_LENGTH) {
    throw new SageDataError(
      'InvalidInput',
      `web order number must be 1..${MAX_REFERENCE_LENGTH} characters (DO_Ref), got "${input.webOrderNumber}"`,
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) {
    throw new SageDataError('InvalidInput', `date must be YYYY-MM-DD, got "${input.date}"`);
  }
  for (const { field, value } of [
    ...(input.shop ? [input.shop] : []),
    ...(input.internalFields ?? []),
  ]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) || value.length > MAX_FREE_FIELD_LENGTH) {
      throw new SageDataError(
        'InvalidInput',
        `free field ${field} takes a column name and ${MAX_FREE_FIELD_LENGTH} characters at most, got "${value}"`,
      );
    }
  }
  if (input.lines.length === 0) throw new SageDataError('InvalidInput', 'a quote needs lines');
  for (const line of input.lines) {
    try {
      if (compareDecimals(toDecimal(line.quantity), '0') <= 0)
        throw new Error('quantity must be > 0');
      if (compareDecimals(toDecimal(line.unitPrice), '0') < 0)
        throw new Error('price must be >= 0');
      if (line.discountRate !== undefined) toDecimal(line.discountRate);
      if (line.vatRate !== undefined) toDecimal(line.vatRate);
    } catch (error) {
      throw new SageDataError(
        'InvalidInput',
        `line ${line.articleReference}: ${(error as Error).message}`,
      );
    }
  }
}

/**
 * The sales document of a web order, whatever stage it reached: a document carrying its
 * reference (DO_NoWeb, one indexed lookup) for the same customer (DO_Tiers) and, when the key
 * names a shop, recorded for that shop or for none (documents written before the shop was
 * recorded). Documents under the reference that all belong to another customer or shop throw
 * WebOrderNumberTakenError: the web order is never linked to someone else's chain.
 */
export async function findDocumentForWebOrder(
  db: SageDb,
  key: WebOrderKey,
): Promise<QuoteResult | undefined> {
  const webOrderNumber = key.webOrderNumber.trim();
  const shopField = key.shop?.field;
  const headers = await db
    .selectFrom('F_DOCENTETE')
    .select([
      'DO_Type',
      'DO_Piece',
      'DO_Tiers',
      shopField
        ? sql<string | null>`${sql.ref(shopField)}`.as('shop')
        : sql<string | null>`NULL`.as('shop'),
    ])
    .where('DO_Domaine', '=', 0)
    .where('DO_NoWeb', '=', webOrderNumber)
    .orderBy('DO_Type')
    .execute();
  if (headers.length === 0) return undefined;
  const account = normaliseKey(key.customerAccount).toUpperCase();
  const shop = key.shop?.value.trim() ?? '';
  const header = headers.find((h) => {
    const recordedShop = (h.shop ?? '').trim();
    return (
      normaliseKey(h.DO_Tiers).toUpperCase() === account &&
      (shop === '' || recordedShop === '' || recordedShop === shop)
    );
  });
  if (!header) {
    throw new WebOrderNumberTakenError(
      { ...key, webOrderNumber },
      headers.map((h) => ({
        piece: normaliseKey(h.DO_Piece),
        type: h.DO_Type,
        customer: normaliseKey(h.DO_Tiers),
        shop: (h.shop ?? '').trim(),
      })),
    );
  }
  const lines = await db
    .selectFrom('F_DOCLIGNE')
    .select(['cbMarq', 'DL_PieceDE'])
    .where('DO_Domaine', '=', 0)
    .where('DO_Type', '=', header.DO_Type)
    .where('DO_Piece', '=', header.DO_Piece)
    .orderBy('DL_Ligne')
    .execute();
  const quotePiece =
    header.DO_Type === DocumentType.Quote
      ? header.DO_Piece
      : normaliseKey(lines.find((l) => normaliseKey(l.DL_PieceDE) !== '')?.DL_PieceDE);
  return {
    created: false,
    quotePiece: normaliseKey(quotePiece),
    currentType: header.DO_Type,
    currentPiece: normaliseKey(header.DO_Piece),
    lineRowIds: lines.map((l) => l.cbMarq),
  };
}

async function writeQuote(
  trx: SageDb,
  input: QuoteInput,
  webOrder: string,
  piece: string,
  options: QuoteWriterOptions,
): Promise<QuoteResult> {
  const account = normaliseKey(input.customerAccount);
  const customer = await trx
    .selectFrom('F_COMPTET')
    .selectAll()
    .where('CT_Num', '=', account)
    .where('CT_Type', '=', 0)
    .executeTakeFirst();
  if (!customer) throw new SageDataError('UnknownCustomer', `no customer account "${account}"`);

  const references = [...new Set(input.lines.map((l) => normaliseKey(l.articleReference)))];
  const articles = await trx
    .selectFrom('F_ARTICLE')
    .select(['AR_Ref', 'AR_Design', 'AR_PoidsNet', 'AR_PoidsBrut', 'FA_CodeFamille'])
    .where('AR_Ref', 'in', references)
    .execute();
  const articleByRef = new Map(articles.map((a) => [normaliseKey(a.AR_Ref).toUpperCase(), a]));
  const missing = references.filter((r) => !articleByRef.has(r.toUpperCase()));
  if (missing.length > 0) {
    throw new SageDataError('UnknownArticle', `unknown article(s): ${missing.join(', ')}`);
  }

  const codes = await lineArticleCodes(trx, customer, references);
  const deliveryAddressNo = input.deliveryAddressNo ?? (await defaultAddressNo(trx, account));
  const date = `${input.date}T00:00:00.000`;
  const now = new Date();
  const time = `000${isoTimestamp(now).slice(11, 19).replace(/:/g, '')}`;
  const decimals = options.moneyDecimals;

  const vat = await lineVat(trx, customer.N_CatCompta, articles, input.lines, options);
  const lines = input.lines.map((line, index) => {
    const article = articleByRef.get(normaliseKey(line.articleReference).toUpperCase());
    const { rate: vatRate, code: taxCode } = vat[index];
    const quantity = toDecimal(line.quantity);
    const unitPrice = toDecimal(line.unitPrice);
    const discount = toDecimal(line.discountRate ?? '0');
    const amountExclTax = lineAmount(quantity, unitPrice, discount, decimals);
    return {
      line,
      article,
      vatRate,
      taxCode,
      quantity,
      unitPrice,
      discount,
      amountExclTax,
      amountInclTax: withTax(amountExclTax, vatRate, decimals),
    };
  });
  const totals = documentTotals(lines, decimals);

  await trx
    .insertInto('F_DOCENTETE')
    .values({
      DO_Domaine: 0,
      DO_Type: DocumentType.Quote,
      DO_Piece: piece,
      DO_Date: date,
      DO_Ref: webOrder,
      DO_NoWeb: webOrder,
      DO_Tiers: customer.CT_Num,
      CT_NumPayeur: normaliseKey(customer.CT_NumPayeur) || customer.CT_Num,
      CT_NumCentrale: customer.CT_NumCentrale ?? '',
      CO_No: customer.CO_No,
      DE_No: input.depotNo,
      LI_No: deliveryAddressNo,
      DO_Souche: options.quoteSeries,
      DO_Statut: DocumentStatus.Entered,
      DO_Tarif: customer.N_CatTarif,
      N_CatCompta: customer.N_CatCompta,
      DO_Expedit: customer.N_Expedition,
      DO_Condition: customer.N_Condition,
      DO_Period: customer.N_Period,
      DO_Devise: customer.N_Devise,
      DO_Langue: customer.CT_Langue,
      DO_TxEscompte: decimalOf(customer.CT_Taux02),
      DO_NbFacture: customer.CT_Facture,
      DO_BLFact: customer.CT_BLFact,
      DO_Transaction: 11,
      DO_Regime: 21,
      DO_Colisage: 1,
      DO_TypeColis: 1,
      DO_Heure: time,
      DO_DateLivr: '1900-01-01T00:00:00.000',
      DO_TotalHT: totals.exclTax,
      DO_TotalHTNet: totals.exclTax,
      DO_TotalTTC: totals.inclTax,
      DO_NetAPayer: totals.inclTax,
      CG_Num: customer.CG_NumPrinc ?? '',
      cbCreateur: options.creatorTag,
      // Header free fields, named by configuration (not in the static table types).
      ...(Object.fromEntries(
        [...(input.shop ? [input.shop] : []), ...(input.internalFields ?? [])].map((f) => [
          f.field,
          f.value,
        ]),
      ) as Record<string, never>),
    })
    .execute();

  const lastLineNo = await trx
    .selectFrom('F_DOCLIGNE')
    .select((eb) => eb.fn.max('DL_No').as('maxNo'))
    .executeTakeFirst();
  let lineNo = Number(lastLineNo?.maxNo ?? 0);
  const taxCodes = options.taxCodes ?? DEFAULT_TAX_CODES;
  for (const [index, l] of lines.entries()) {
    lineNo += 1;
    await trx
      .insertInto('F_DOCLIGNE')
      .values({
        DO_Domaine: 0,
        DO_Type: DocumentType.Quote,
        CT_Num: customer.CT_Num,
        DO_Piece: piece,
        DO_Date: date,
        DO_Ref: webOrder,
        DO_DateLivr: '1900-01-01T00:00:00.000',
        DL_Ligne: (index + 1) * 10_000,
        DL_No: lineNo,
        AR_Ref: l.article?.AR_Ref ?? normaliseKey(l.line.articleReference),
        DL_Design: (l.line.designation ?? l.article?.AR_Design ?? '').slice(0, 69),
        DL_Qte: l.quantity,
        DL_QteDE: l.quantity,
        DL_PoidsNet: decimalOfProduct(l.article?.AR_PoidsNet, l.quantity),
        DL_PoidsBrut: decimalOfProduct(l.article?.AR_PoidsBrut, l.quantity),
        DL_Remise01REM_Valeur: l.discount,
        DL_Remise01REM_Type: compareDecimals(l.discount, '0') === 0 ? 0 : 1,
        DL_PrixUnitaire: l.unitPrice,
        DL_PUTTC: withTax(l.unitPrice, l.vatRate, 6),
        DL_Taxe1: l.vatRate,
        DL_TypeTaux1: 0,
        DL_TypeTaxe1: 0,
        DL_CodeTaxe1: l.taxCode ?? taxCodes[l.vatRate] ?? '',
        DL_Valorise: 1,
        EU_Enumere: l.line.unitLabel ?? 'Pièce',
        EU_Qte: l.quantity,
        DE_No: l.line.depotNo,
        DL_MontantHT: l.amountExclTax,
        DL_MontantTTC: l.amountInclTax,
        PF_Num: '',
        AC_RefClient: codes.get(normaliseKey(l.article?.AR_Ref ?? l.line.articleReference)) ?? '',
        cbCreateur: options.creatorTag,
      })
      .execute();
  }

  const created = await findDocumentForWebOrder(trx, {
    webOrderNumber: webOrder,
    customerAccount: customer.CT_Num,
    ...(input.shop ? { shop: input.shop } : {}),
  });
  if (!created) throw new Error(`quote ${piece} not found after insert`);
  return { ...created, created: true };
}

/**
 * Each line's VAT rate and tax code: the line's own rate when given, else the rate of the
 * customer's accounting category for the article (docs/sage-tables.md, "VAT"); a company that
 * keeps no sales tax row for the category gets the writer's default rate. An article without a
 * tax of the category is refused (a wrong VAT on a document is never written).
 */
async function lineVat(
  trx: SageDb,
  accountingCategory: number,
  articles: readonly { AR_Ref: string; FA_CodeFamille: string }[],
  lines: readonly QuoteLineInput[],
  options: QuoteWriterOptions,
): Promise<{ rate: string; code: string | undefined }[]> {
  const read = await readSalesVat(
    trx,
    accountingCategory,
    articles.map((a) => ({ reference: a.AR_Ref, familyCode: a.FA_CodeFamille })),
  );
  return lines.map((line) => {
    if (line.vatRate !== undefined) return { rate: toDecimal(line.vatRate), code: undefined };
    const found = read.byArticle.get(normaliseKey(line.articleReference).toUpperCase());
    if (found === undefined || !read.categoryHasRows) {
      return { rate: toDecimal(options.defaultVatRate), code: undefined };
    }
    if ('problem' in found) throw new SageDataError('InvalidInput', found.detail);
    return { rate: toDecimal(found.rate), code: found.code };
  });
}

function decimalOfProduct(value: string | number | null | undefined, quantity: string): string {
  return lineAmount(quantity, decimalOf(value), '0', 6);
}

async function defaultAddressNo(trx: SageDb, account: string): Promise<number> {
  const address = await trx
    .selectFrom('F_LIVRAISON')
    .select('LI_No')
    .where('CT_Num', '=', account)
    .orderBy('LI_Principal', 'desc')
    .orderBy('LI_No')
    .executeTakeFirst();
  return address?.LI_No ?? 0;
}
