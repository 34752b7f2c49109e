import { shopIdOf } from '../../shared/config/orders';
import { sageReferenceOf } from '../../shared/orders/sage-reference';
import { NO_WEB_ORDERS, type WebOrderStock } from '../../shared/stock/entities';
import {
  pendingByArticle,
  shopOnlyReductions,
  shopStockOrderOf,
  type ShopOrderChange,
  type ShopStockOrder,
} from '../../shared/stock/web-orders';
import type { SageDb } from '../sage/db';
import { readHeldWebReferences, readPendingWebQuoteQuantities } from '../sage/web-quotes';
import type { ActivityDeps } from '../deps';
import type { WooClient } from '../woo';
import { WooBadRequestError } from '../woo/errors';

/** The shop's open orders that took stock, being read (started early, see readWebOrderStock). */
export type ShopOrdersRead = Promise<ShopStockOrder[]>;

/**
 * Starts reading the shop's open orders that took stock, so that the request runs while the
 * caller reads other things from Sage; none when `stock.available.minusWebOrders` is off.
 * Shop orders read: those in an import status (placed, maybe not imported yet) and in the
 * awaiting-validation status (imported; its quote may have been lost since). Orders the
 * connector moved further on are in a Sage order or delivery, which Sage's figures hold. One
 * request per 100 such orders.
 */
export function startShopOrdersRead(deps: ActivityDeps): ShopOrdersRead {
  const read = readShopStockOrders(deps);
  // Awaited by readWebOrderStock; a caller failing before that must not leave it unhandled.
  read.catch(() => undefined);
  return read;
}

/**
 * The web orders Sage has not reserved yet, for the stock of some articles
 * (shared/stock/web-orders.ts): pending web-quote quantities per article and depot, and the
 * shop's own decrement of orders Sage does not hold.
 *
 * Read in this order, before the caller reads the stock rows: the shop's orders (started
 * earlier by startShopOrdersRead), which of them Sage holds, the pending quote lines, then
 * (caller) the stock rows. A web order moving on between two reads is then counted twice for a
 * moment (the figure errs low), never missed.
 */
export async function readWebOrderStock(
  deps: ActivityDeps,
  db: SageDb,
  references: readonly string[],
  shopOrders: ShopOrdersRead,
): Promise<WebOrderStock> {
  const { config } = deps;
  if (!config.stock.available.minusWebOrders) return NO_WEB_ORDERS;
  const orders = await shopOrders;
  const referenceOf = (orderNumber: string) => {
    const mapped = sageReferenceOf(orderNumber, config.orders.sageReference);
    return 'reference' in mapped ? mapped.reference : undefined;
  };
  const shopField = config.orders.sageFields.shop;
  const held = await readHeldWebReferences(
    db,
    orders.flatMap((o) => referenceOf(o.number) ?? []),
    shopField === ''
      ? undefined
      : { field: shopField, value: shopIdOf(config.orders, config.woo.url) },
  );
  const pending = await readPendingWebQuoteQuantities(db, references);
  return {
    pendingByRef: pendingByArticle(pending),
    shopOnlyBySku: shopOnlyReductions(orders, referenceOf, held),
  };
}

/** Statuses a shop refused (not registered there), per client, and when: asked again later. */
const refusedStatuses = new WeakMap<WooClient, Map<string, number>>();
const REFUSED_STATUS_RECHECK_MS = 10 * 60_000;

/**
 * The statuses of shop orders that may hold units Sage does not: an import status (placed,
 * maybe not imported yet) and awaiting validation (imported; its quote may have been lost).
 */
export function openStockStatuses(deps: ActivityDeps): Set<string> {
  const { orders } = deps.config;
  return new Set([...orders.importStatuses, orders.statuses.awaitingValidation]);
}

/**
 * Shop orders modified after `since`, whatever their status (one request per 100): what
 * brings a list of open orders up to date (mergeShopStockOrders), cancellations included.
 */
export async function readShopOrderChanges(
  deps: ActivityDeps,
  since: Date,
): Promise<ShopOrderChange[]> {
  const woo = await deps.woo();
  const out: ShopOrderChange[] = [];
  for await (const page of woo.orders.listAll({ modified_after: since, per_page: 100 })) {
    for (const order of page.items) out.push({ ...shopStockOrderOf(order), status: order.status });
  }
  return out;
}

/**
 * Open shop orders that took stock (line meta `_reduced_stock`): one request per 100 orders.
 * A shop that does not know one of the statuses (a custom status not registered: the shop
 * refuses the whole filter) is asked status by status once; the statuses it refuses hold no
 * order and are left out of the next reads for a while.
 */
export async function readShopStockOrders(deps: ActivityDeps): Promise<ShopStockOrder[]> {
  if (!deps.config.stock.available.minusWebOrders) return [];
  const woo = await deps.woo();
  const refused = refusedStatuses.get(woo) ?? new Map<string, number>();
  refusedStatuses.set(woo, refused);
  const now = Date.now();
  const statuses = [...openStockStatuses(deps)].filter(
    (s) => now - (refused.get(s) ?? -Infinity) > REFUSED_STATUS_RECHECK_MS,
  );
  if (statuses.length === 0) return [];
  const read = async (status: string[]) => {
    const out: ShopStockOrder[] = [];
    for await (const page of woo.orders.listAll({ status, per_page: 100 })) {
      for (const order of page.items) {
        const stockOrder = shopStockOrderOf(order);
        if (stockOrder.reduced.length > 0) out.push(stockOrder);
      }
    }
    return out;
  };
  try {
    return await read(statuses);
  } catch (err) {
    if (!isUnknownStatus(err)) throw err;
  }
  const out: ShopStockOrder[] = [];
  for (const status of statuses) {
    try {
      out.push(...(await read([status])));
      refused.delete(status);
    } catch (err) {
      if (!isUnknownStatus(err)) throw err;
      refused.set(status, now);
    }
  }
  return out;
}

function isUnknownStatus(err: unknown): boolean {
  return err instanceof WooBadRequestError && err.code === 'rest_invalid_param';
}
