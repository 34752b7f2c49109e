/**
 * Compact shapes that travel between the order workflow and its activities: ids, numbers and
 * a few lines, never the whole shop order (workflow history stays small).
 */

/** One line of a web order, as needed to build the quote. */
export interface WebOrderLine {
  /** Shop line item id (for messages). */
  lineId: number;
  /** SKU of the product or variation ('' when the shop has none). */
  sku: string;
  name: string;
  /** Quantity in sales units (decimal string). */
  quantity: string;
  /** Unit price excl. tax the customer saw (line total / quantity), decimal string; '' when
   * the shop's line total or quantity is not a number (the plan names the line). */
  unitPrice: string;
  /** Line total excl. tax as the shop sent it (checked by the plan: a decimal above 0). */
  total: string;
}

/** A web order ready to be imported: what the shop says, customer mapped to a Sage account. */
export interface WebOrder {
  orderId: number;
  /** Shop order number (the reference written on the quote). */
  number: string;
  status: string;
  /** Order total as the shop sent it (checked by the plan: a decimal above 0). */
  total: string;
  /** Day of the order (YYYY-MM-DD, shop time). */
  date: string;
  customerId: number;
  /** Sage account from the customer meta ('' when the customer has none). */
  sageAccount: string;
  /** Home depot from the customer meta (null when missing or not a number). */
  homeDepot: number | null;
  lines: WebOrderLine[];
  /** Sage pieces already recorded on the shop order (order meta). */
  recorded: RecordedPieces;
}

export interface RecordedPieces {
  quote?: string;
  order?: string;
  deliveryNote?: string;
  invoice?: string;
  /** Media id of the uploaded invoice PDF. */
  invoicePdfMediaId?: number;
}

/** A price difference between the web order and the Sage pricing engine. */
export interface PriceDifference {
  sku: string;
  quantity: string;
  webPrice: string;
  sagePrice: string;
}

/** Where a quote's documents stand in Sage (compact view of readDocumentChain). */
export interface ChainProgress {
  quote: string;
  /** False once the quote header is gone and no line remains from it. */
  quoteFound: boolean;
  /** Quote status lost/archived (recent Sage versions): the rep refused it. */
  quoteLost: boolean;
  order: string | null;
  picking: string | null;
  delivery: string | null;
  /** The validated invoice, if any. */
  invoice: string | null;
}

export interface ImportResult {
  quote: string;
  created: boolean;
  priceDifferences: PriceDifference[];
  /** False when prices were not compared (check disabled, quote already there, engine failed). */
  priceCheckDone: boolean;
  /** Why an enabled price check could not run (the workflow notes it on the shop order). */
  priceCheckProblem?: string;
  /** The quote → workflow link of the change feed was recorded (absent from older workers). */
  linked?: boolean;
  /**
   * The articles whose stock the quote moves, when the workflow asked to push their stock
   * itself (`stockPushByWorkflow`); absent when the activity pushed (older workflows or
   * workers), and empty when web orders are not counted in the available stock.
   */
  stockReferences?: string[];
}
