import type { DecimalString } from './decimal';
import type { DocumentKind } from './documents';

/**
 * English domain view of the Sage tables the connector uses. Keys are trimmed, designations are
 * never null, money and quantities are decimal strings, timestamps are ISO-8601 strings without a
 * zone ("2026-01-31T08:15:00.000", the database's own clock).
 */

/** Position of a row in a change-tracked table: (cbModification, cbMarq). */
export interface ChangeKey {
  modifiedAt: string;
  rowId: number;
}

/** A problem found on one row; the row is reported, never allowed to crash a page. */
export interface RowIssue {
  /** Business key of the row (trimmed) or `#<cbMarq>` when the key itself is unusable. */
  key: string;
  problem: RowProblem;
  detail?: string;
}

export type RowProblem =
  | 'blank-designation'
  | 'blank-key'
  | 'key-has-whitespace'
  | 'unknown-family'
  | 'unknown-article'
  | 'unknown-depot'
  | 'negative-stock'
  | 'invalid-number'
  | 'postal-code-matches-no-depot'
  | 'unknown-central'
  | 'unknown-payer'
  /** A customer article code wider than the quote line's column (it stays off quote lines). */
  | 'article-code-too-long'
  /** A customer article code with characters outside Sage's code page (CP1252). */
  | 'article-code-not-cp1252'
  /** One customer code names several articles of the same customer (the search finds them all). */
  | 'ambiguous-article-code';

/** One page of a keyset read ordered by (modifiedAt, rowId). */
export interface ChangePage<T> {
  items: T[];
  issues: RowIssue[];
  /** Pass as `after` to read the next page; null when this page was the last one. */
  nextKey: ChangeKey | null;
  /** Highest modification time seen so far (or the `since` given): store it for the next run. */
  watermark: string | null;
  /** Highest key seen so far (or the `after` given): pass it as `after` to the next run. */
  lastKey: ChangeKey | null;
}

export interface ArticleAttribute {
  name: string;
  value: string;
}

export interface Packaging {
  /** F_CONDITION.CO_No, referenced by packaging prices. */
  packagingNo: number;
  label: string;
  /** Sales units in one package. */
  quantity: DecimalString;
  reference: string;
  barcode: string;
  isDefault: boolean;
}

export interface Article {
  rowId: number;
  modifiedAt: string;
  reference: string;
  designation: string;
  familyCode: string;
  /** False when the family code matches no F_FAMILLE row (bad data, reported as an issue). */
  familyKnown: boolean;
  salePrice: DecimalString;
  salePriceIncludesTax: boolean;
  purchasePrice: DecimalString;
  coefficient: DecimalString;
  barcode: string;
  sleeping: boolean;
  published: boolean;
  /** P_CONDITIONNEMENT index of the packaging type; 0 = none. */
  packagingType: number;
  packagings: Packaging[];
  /** Master reference of the variable product this article is a variation of, or ''. */
  masterReference: string;
  /** Attribute/value pairs from the free fields, blanks left out, in column order. */
  attributes: ArticleAttribute[];
  /** AR_PrixVenNouv from AR_DateApplication: a sales price Sage charges from that day on. */
  scheduledPrice?: ScheduledArticlePrice | null;
}

/** A new base price with its day of application (docs/price-rules.md, "Scheduled prices"). */
export interface ScheduledArticlePrice {
  /** First day the new price applies ("YYYY-MM-DD"). */
  day: string;
  salePrice: DecimalString;
}

/** New values of an F_ARTCLIENT row with their day of application. */
export interface ScheduledArticleRowPrice {
  /** First day the new values apply ("YYYY-MM-DD"). */
  day: string;
  price: DecimalString;
  coefficient: DecimalString;
  discountRate: DecimalString;
}

export interface Family {
  code: string;
  name: string;
  /** 0 detail, 1 total, 2 centralising. */
  type: number;
}

export interface Depot {
  depotNo: number;
  name: string;
  code: string;
  address: string;
  postalCode: string;
  city: string;
  isMain: boolean;
}

export interface StockLevel {
  rowId: number;
  modifiedAt: string;
  articleReference: string;
  depotNo: number;
  /** AS_QteSto: physical stock (may be negative in real companies). */
  onHand: DecimalString;
  /** AS_QteRes: reserved by customer orders. */
  reserved: DecimalString;
  /** AS_QteCom: on order from suppliers. */
  onOrder: DecimalString;
  /** AS_QtePrepa: in delivery preparations. */
  inPreparation: DecimalString;
}

export interface PostalAddress {
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
}

export interface DeliveryAddress extends PostalAddress {
  addressNo: number;
  customerAccount: string;
  name: string;
  contact: string;
  phone: string;
  email: string;
  isDefault: boolean;
}

export interface Contact {
  contactNo: number;
  customerAccount: string;
  lastName: string;
  firstName: string;
  jobTitle: string;
  phone: string;
  mobile: string;
  email: string;
}

/** CT_Type: 0 customer, 1 supplier, 2 employee, 3 other. */
export type ThirdPartyType = 'customer' | 'supplier' | 'employee' | 'other';

export interface Customer {
  rowId: number;
  modifiedAt: string;
  account: string;
  type: ThirdPartyType;
  name: string;
  contactName: string;
  address: PostalAddress;
  phone: string;
  email: string;
  vatNumber: string;
  siret: string;
  sleeping: boolean;
  /** P_CATTARIF index (1-based). */
  priceCategory: number;
  /**
   * N_CatCompta: the sales accounting category (P_CATCOMPTA slot), which picks the VAT of each
   * article (docs/sage-tables.md, "VAT").
   */
  accountingCategory?: number;
  /** Central purchasing account this customer belongs to, or ''. */
  centralAccount: string;
  /** Paying third party, or '' when the customer pays itself. */
  payerAccount: string;
  /** CT_Taux01: the customer's global discount (%). */
  discountRate: DecimalString;
  /** CT_Taux02: cash-discount rate (escompte), not a price discount. */
  cashDiscountRate: DecimalString;
  /** DE_No of the customer's default depot when Sage has one, else null. */
  depotNo: number | null;
  deliveryAddresses: DeliveryAddress[];
  contacts: Contact[];
  /**
   * Article reference → the customer's own code for it (its F_ARTCLIENT rows, else its
   * central's). Set by the customers sync; undefined when not read (then left out of the
   * projection: nothing is compared or written).
   */
  articleCodes?: Readonly<Record<string, string>>;
}

export interface PriceCategory {
  index: number;
  name: string;
  pricesIncludeTax: boolean;
}

/** F_ARTCLIENT: a category price (customerAccount '') or a customer exception price. */
export interface ArticlePrice {
  rowId: number;
  modifiedAt: string;
  articleReference: string;
  /** Category index for a category row; 0 for a customer row. */
  category: number;
  customerAccount: string;
  price: DecimalString;
  coefficient: DecimalString;
  priceIncludesTax: boolean;
  discountRate: DecimalString;
  /** AC_TypeRem = 1: "hors remise", other discounts do not apply. */
  excludedFromDiscounts: boolean;
  /** AC_QteMont: 0 = no quantity grid, otherwise the grid kind. */
  gridKind: number;
  /** AC_PrixVenNouv, AC_CoefNouv, AC_RemiseNouv from AC_DateApplication. */
  scheduled?: ScheduledArticleRowPrice | null;
}

/** F_FAMTARIF: family conditions for one price category. */
export interface FamilyCategoryPrice {
  familyCode: string;
  category: number;
  coefficient: DecimalString;
  discountRate: DecimalString;
  excludedFromDiscounts: boolean;
}

/** F_FAMCLIENT: family discount of one customer (or central). */
export interface FamilyCustomerDiscount {
  familyCode: string;
  customerAccount: string;
  discountRate: DecimalString;
}

/** F_TARIFCOND: price of one packaging for a category ('a01'…) or a customer. */
export interface PackagingPrice {
  articleReference: string;
  /** 'a01'…'a32' for a category, else the customer account. */
  target: string;
  packagingNo: number;
  price: DecimalString;
}

export interface LineDiscount {
  value: DecimalString;
  /** REM_Type: 0 amount per unit, 1 percentage, 2 free units (docs/sage-tables.md, to verify). */
  type: number;
}

/** F_TARIFQTE: one range of a quantity grid of an article. */
export interface QuantityPriceRange {
  articleReference: string;
  /** 'a01'…'a32' for a category grid, else the customer account. */
  target: string;
  upperBound: DecimalString;
  discounts: LineDiscount[];
  netPrice: DecimalString;
}

export interface DocumentSummary {
  kind: DocumentKind;
  type: number;
  piece: string;
  date: string;
  status: number;
  statusLabel: string;
  customerAccount: string;
  reference: string;
  webOrderNumber: string;
  /** Status "validated" (DO_Valide) — relevant for invoices. */
  validated: boolean;
  totalExclTax: DecimalString;
  totalInclTax: DecimalString;
}

export interface DocumentLine {
  rowId: number;
  documentType: number;
  piece: string;
  lineNo: number;
  articleReference: string;
  designation: string;
  quantity: DecimalString;
  unitPrice: DecimalString;
  discounts: LineDiscount[];
  amountExclTax: DecimalString;
  amountInclTax: DecimalString;
  vatRate: DecimalString;
  depotNo: number;
  /** Where the line came from: piece numbers of each earlier stage ('' when not reached). */
  origin: { quote: string; order: string; picking: string; delivery: string };
  /** Date of the delivery note the line went through (DL_DateBL), when it did. */
  deliveredAt?: string;
}

export interface SalesDocument extends DocumentSummary {
  depotNo: number;
  deliveryAddressNo: number;
  /** Planned delivery date of the document (DO_DateLivr), when one is set. */
  deliveryDate: string | null;
  payerAccount: string;
  lines: DocumentLine[];
}

/** One document of a chain; `exists` is false when Sage removed its header after transforming it. */
export interface ChainStep {
  piece: string;
  kind: DocumentKind;
  exists: boolean;
  date: string | null;
  status: number | null;
  statusLabel: string | null;
  validated: boolean;
}

export interface DocumentChain {
  quotePiece: string;
  /** The furthest stage any line of the quote reached. */
  stage: DocumentKind | null;
  quote: ChainStep | null;
  orders: ChainStep[];
  pickings: ChainStep[];
  deliveries: ChainStep[];
  invoices: ChainStep[];
  /** cbMarq of every line born in the quote, with its current document. */
  lines: { rowId: number; documentType: number; piece: string }[];
}

export interface InvoiceTotals {
  exclTax: DecimalString;
  tax: DecimalString;
  inclTax: DecimalString;
}

export interface Invoice extends SalesDocument {
  /** Totals computed from the lines (exact); `header` holds what the header says. */
  totals: InvoiceTotals;
  headerTotals: { exclTax: DecimalString; inclTax: DecimalString };
}

/** One instalment of a document's payment schedule (F_DOCREGL). */
export interface PaymentInstalment {
  instalmentNo: number;
  /** Due date (ISO timestamp), null when Sage holds none. */
  dueDate: string | null;
  label: string;
  amount: DecimalString;
  settled: boolean;
}
