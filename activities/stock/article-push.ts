import { Context } from '@temporalio/activity';
import {
  stockPushBucketId,
  stockPushRequestSignal,
  stockPushSlotEnd,
  type StockPushRequest,
} from '../../shared/stock/push-messages';
import { TASK_QUEUES } from '../../shared/task-queues';
import type { ActivityDeps } from '../deps';
import { pushEntities } from '../catalog/push-entities';
import { readQuoteArticleReferences } from '../sage/web-quotes';
import type { ShopStockOrder } from '../../shared/stock/web-orders';
import { projectArticlesStock } from './article-stock';
import { readShopStockOrders, topUpShopStockOrders } from './web-orders';
import { STOCK_HASH_KIND } from './stock-page';

/** What a targeted stock push did. */
export interface ArticleStockPushResult {
  entities: number;
  pushed: number;
  unchanged: number;
  failed: number;
  missing: number;
}

/**
 * Pushes the stock of a few articles now, as a stock sync page would (same projection, same
 * content hashes: an unchanged figure costs no write, and the next stock run agrees). Used when
 * a web order moves stock Sage's stock rows do not show yet: its quote written or cancelled.
 */
export async function pushStockOfArticles(
  deps: ActivityDeps,
  references: readonly string[],
  handed?: HandedShopOrders,
): Promise<ArticleStockPushResult> {
  const refs = [...new Set(references)];
  if (refs.length === 0) return { entities: 0, pushed: 0, unchanged: 0, failed: 0, missing: 0 };
  const db = await deps.sageDb();
  // Handed by the shop queue: only the orders modified since are read here (usually none).
  const shopOrders = handed
    ? topUpShopStockOrders(deps, handed.orders, handed.readFrom)
    : undefined;
  shopOrders?.catch(() => undefined);
  const projection = await projectArticlesStock(deps, db, refs, shopOrders);
  const push = await pushEntities(await deps.stateStore(), await deps.woo(), projection.entities, {
    hashKind: STOCK_HASH_KIND,
    mayCreate: false,
    dryRun: false,
    ignoreHashes: false,
    sampleSize: deps.config.stock.sampleSize,
  });
  return {
    entities: projection.entities.length,
    pushed: push.pushed,
    unchanged: push.unchanged,
    failed: push.failed,
    missing: push.missing.length,
  };
}

/**
 * Asks for the stock push of a quote's articles after its import or cancellation, from inside
 * an activity: one signal-with-start to the `stockPushBucket` workflow of the current slot
 * (workflows/stock-push.ts), which pushes the articles of every quote of the slot together
 * once the slot ends (a few seconds). That workflow retries while the shop is down, so the
 * caller never waits for the shop nor fails because of it. Idempotent: a retried activity adds
 * the same articles again to a push that reads Sage after the write anyway. Returns the
 * bucket's workflow id.
 */
export async function startStockPush(
  deps: ActivityDeps,
  references: readonly string[],
  quote: string,
  event: 'import' | 'cancel',
): Promise<string | undefined> {
  if (!deps.config.stock.available.minusWebOrders || references.length === 0) return undefined;
  const now = Date.now();
  const workflowId = stockPushBucketId(now);
  const request: StockPushRequest = { quote, event, references: [...new Set(references)] };
  await Context.current().client.workflow.signalWithStart('stockPushBucket', {
    workflowId,
    taskQueue: TASK_QUEUES.workflows,
    args: [{ closesAt: stockPushSlotEnd(now) }],
    signal: stockPushRequestSignal,
    signalArgs: [request],
    staticSummary: 'Stock of the articles of the quotes imported or cancelled in this slot',
  });
  return workflowId;
}

/** The articles whose stock a web order's quote moves (none when web orders are not counted). */
export async function quoteStockReferences(deps: ActivityDeps, quote: string): Promise<string[]> {
  if (!deps.config.stock.available.minusWebOrders) return [];
  return readQuoteArticleReferences(await deps.sageDb(), quote);
}

/**
 * After a web order's quote is written (or found again): push its articles' stock. Used by
 * order workflows of earlier versions; later ones ask for the push themselves once the import
 * activity returned (no Sage slot held meanwhile).
 */
export async function pushStockAfterImport(deps: ActivityDeps, quote: string): Promise<void> {
  await startStockPush(deps, await quoteStockReferences(deps, quote), quote, 'import');
}

/**
 * Runs a quote's cancellation, then pushes the stock of its articles: their units are free
 * again. The articles are read first, since a deleted quote has no lines left.
 */
export async function withStockPushAfterCancel<T>(
  deps: ActivityDeps,
  quote: string,
  cancel: () => Promise<T>,
): Promise<T> {
  const references = deps.config.stock.available.minusWebOrders
    ? await readQuoteArticleReferences(await deps.sageDb(), quote)
    : [];
  const outcome = await cancel();
  await startStockPush(deps, references, quote, 'cancel');
  return outcome;
}

/**
 * Beyond this size, the shop's open orders are not handed from one activity to the next (they
 * would pass through the workflow's history): the Sage push reads them itself, as before.
 */
export const SHOP_ORDERS_HANDED_MAX_BYTES = 512 * 1024;

/** The shop's open orders that took stock, read on the shop queue for a push that follows. */
export interface HandedShopOrders {
  orders: ShopStockOrder[];
  /** When the read began (epoch ms): the push reads the orders modified since. */
  readFrom: number;
}

/** What readShopOrdersForPush hands on: the orders, or their count when too many to hand. */
export type ShopOrdersForPush =
  ({ kind: 'read' } & HandedShopOrders) | { kind: 'too-many'; orders: number };

/**
 * Reads the shop's open orders that took stock for a stock push bucket, on the shop queue: the
 * one part of a push whose cost grows with the shop's open orders (a request per 100), which
 * the Sage push would otherwise make while it holds one of the few Sage slots. The push then
 * reads only the orders modified since (topUpShopStockOrders), right before its Sage reads, so
 * an order placed while the push waited for a Sage slot is not missed (the figure may err low
 * for a moment, never high: readWebOrderStock). Only the orders' numbers and the units their
 * lines took travel through the workflow.
 */
export async function readShopOrdersForPush(
  deps: ActivityDeps,
  maxBytes = SHOP_ORDERS_HANDED_MAX_BYTES,
): Promise<ShopOrdersForPush> {
  const readFrom = Date.now();
  const orders = await readShopStockOrders(deps);
  const bytes = Buffer.byteLength(JSON.stringify(orders));
  return bytes > maxBytes
    ? { kind: 'too-many', orders: orders.length }
    : { kind: 'read', orders, readFrom };
}
