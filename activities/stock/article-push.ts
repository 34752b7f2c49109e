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
import { projectArticlesStock } from './article-stock';
import { shopOrdersForPush } from './push-shop-orders';
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
 * The shop's open orders come from the worker's list, brought up to date with the orders
 * modified since the last push (push-shop-orders.ts), read before Sage's figures.
 */
export async function pushStockOfArticles(
  deps: ActivityDeps,
  references: readonly string[],
): Promise<ArticleStockPushResult> {
  const refs = [...new Set(references)];
  if (refs.length === 0) return { entities: 0, pushed: 0, unchanged: 0, failed: 0, missing: 0 };
  const db = await deps.sageDb();
  const shopOrders = shopOrdersForPush(deps);
  shopOrders.catch(() => undefined);
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
