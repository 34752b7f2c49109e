import Big from 'big.js';

/**
 * Web orders in the available stock (setting `stock.available.minusWebOrders`).
 *
 * Sage reserves a web order's units only when the sales rep turns its quote into an order (BC);
 * until then Sage's on hand − reserved still offers them, and the shop could sell them twice.
 * The rule counts every web order exactly once, wherever it stands:
 *
 * - **imported, not validated**: its quote lines (web-order quotes: DO_NoWeb set, still in the
 *   quote, quote neither lost nor archived) are taken off their depot — read from Sage itself,
 *   so no separate state can drift. Validation moves the lines into the order and Sage adds
 *   them to `reserved` in the same transaction: they leave one side as they enter the other;
 * - **validated, delivered**: Sage's own figures (reserved, then on hand) hold it;
 * - **placed in the shop, not imported yet** (or its quote gone while the shop order still
 *   holds its stock): WooCommerce took the units off the product itself when the order was
 *   placed (line meta `_reduced_stock`) and gives them back itself when the order is cancelled.
 *   The connector leaves that decrement where it is: the stock quantity it writes is the
 *   available figure minus those units, so a stock run neither restores what the shop took nor,
 *   once the order is imported (and subtracted as a quote), takes it a second time. Only the
 *   shop's stock quantity carries this part: the shop never touches the per-depot meta, which
 *   stays Sage's view (on hand − reserved − web quotes per depot).
 *
 * Worked example: 5 units; an order for 3 placed → the shop shows 2 (its own decrement; a stock
 * run writes 5 − 3 = 2); imported as a quote → 5 − 0 − 3 = 2; validated (BC) → 5 − 3 − 0 = 2;
 * delivered (BL) → 2 − 0 − 0 = 2. Cancelled instead → the shop gives 3 back, the quote is marked
 * lost, the connector writes 5 − 0 − 0 = 5.
 */

/** Units of one article a depot owes to web-order quotes Sage has not reserved yet. */
export interface PendingWebQuantity {
  articleReference: string;
  depotNo: number;
  /** Sales units (decimal string), summed over the pending quote lines. */
  quantity: string;
}

/** A shop order as far as its own stock decrement goes. */
export interface ShopStockOrder {
  /** Shop order number (`number`), the source of the Sage reference. */
  number: string;
  /** Lines that took stock: the SKU of the product or variation and the units it took. */
  reduced: { sku: string; quantity: number }[];
}

/** Order line meta WooCommerce sets to the units a line took off the stock. */
export const REDUCED_STOCK_META = '_reduced_stock';

/** What a shop order took off the stock, per line (WooCommerce's `_reduced_stock` line meta). */
export function shopStockOrderOf(order: {
  number: string;
  line_items: { sku: string | null; meta_data: { key: string; value: unknown }[] }[];
}): ShopStockOrder {
  const reduced: ShopStockOrder['reduced'] = [];
  for (const line of order.line_items) {
    const meta = line.meta_data.find((m) => m.key === REDUCED_STOCK_META);
    const quantity = Number(meta?.value ?? 0);
    if (line.sku && Number.isFinite(quantity) && quantity > 0) {
      reduced.push({ sku: line.sku, quantity });
    }
  }
  return { number: order.number, reduced };
}

/** A shop order modified lately, whatever its status: enough to bring a known list up to date. */
export interface ShopOrderChange extends ShopStockOrder {
  status: string;
}

/**
 * The shop's open orders that took stock, as known from an earlier read, brought up to date by
 * the orders modified since (read with every status): an order still in one of `openStatuses`
 * and still holding units is taken as read last; one that left them (cancelled, given its units
 * back, moved on by the connector once Sage holds it) is dropped, as a new full read would
 * drop it. Orders not modified since stand as known.
 */
export function mergeShopStockOrders(
  known: readonly ShopStockOrder[],
  changed: readonly ShopOrderChange[],
  openStatuses: ReadonlySet<string>,
): ShopStockOrder[] {
  const byNumber = new Map(known.map((o) => [o.number, o]));
  for (const { status, ...order } of changed) {
    if (openStatuses.has(status) && order.reduced.length > 0) byNumber.set(order.number, order);
    else byNumber.delete(order.number);
  }
  return [...byNumber.values()];
}

/**
 * Units the shop took off itself for orders Sage does not hold (not imported, or its quote
 * lost or deleted while the shop order still holds the stock), per SKU (upper case).
 * `referenceOf` maps a shop order number to its Sage reference (undefined: it can never be
 * imported as it stands, so Sage does not hold it); `held` lists the references Sage holds.
 */
export function shopOnlyReductions(
  orders: readonly ShopStockOrder[],
  referenceOf: (orderNumber: string) => string | undefined,
  held: ReadonlySet<string>,
): Map<string, number> {
  const bySku = new Map<string, number>();
  for (const order of orders) {
    const reference = referenceOf(order.number);
    if (reference !== undefined && held.has(reference.toUpperCase())) continue;
    for (const line of order.reduced) {
      const sku = line.sku.toUpperCase();
      bySku.set(sku, (bySku.get(sku) ?? 0) + line.quantity);
    }
  }
  return bySku;
}

/** Pending quantities grouped by article reference (upper case). */
export function pendingByArticle(
  pending: readonly PendingWebQuantity[],
): Map<string, PendingWebQuantity[]> {
  const byRef = new Map<string, PendingWebQuantity[]>();
  for (const p of pending) {
    const key = p.articleReference.toUpperCase();
    byRef.set(key, [...(byRef.get(key) ?? []), p]);
  }
  return byRef;
}

/**
 * The stock quantity the shop gets: the total of the depots sent minus what the shop took off
 * itself for orders Sage does not hold yet (whole units; never below 0 when clamping).
 */
export function shopStockQuantity(total: number, shopOnly: number, clampNegative: boolean): number {
  const quantity = new Big(total).minus(shopOnly);
  return Number((clampNegative && quantity.lt(0) ? new Big(0) : quantity).toFixed(0));
}
