import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import {
  stockPushQuotesQuery,
  stockPushRequestSignal,
  type StockPushResult,
} from '../shared/stock/push-messages';
import { TASK_QUEUES } from '../shared/task-queues';

const stock = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '2 minutes',
  // The shop or Sage may be away for a while: keep trying, spaced out, for about a day.
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', maximumAttempts: 150 },
});

/**
 * The stock of a few articles pushed at once, outside the stock sync's schedule. Started, one
 * per quote and event (`stock-push-import-…`, `stock-push-cancel-…`), by the order activities
 * of earlier versions; kept for those runs and for pushes by hand. Idempotent: it reads Sage
 * and the shop's open orders when it runs and writes only what changed.
 */
export async function stockPush(input: { references: string[] }): Promise<StockPushResult> {
  return stock.stockPushArticles({ references: input.references });
}

/**
 * The stock pushes of all quotes imported or cancelled in one short time slot, coalesced: each
 * request arrives by signal-with-start on the slot's workflow id (activities/stock/article-push.ts),
 * the bucket waits for its slot to end (`closesAt`, epoch ms), then pushes the union of their
 * articles in one `stockPushArticles` (one read of the shop's open orders and of Sage for them
 * all, instead of one per quote). Requests arriving during a push are pushed next, before the
 * bucket closes; a request after it closed starts a new run of the same id. A burst of orders
 * thus costs one push per slot, and no bucket lives longer than its slot and its pushes.
 */
export async function stockPushBucket(input: {
  closesAt: number;
}): Promise<StockPushResult & { quotes: string[] }> {
  const pending = new Set<string>();
  const quotes: string[] = [];
  setHandler(stockPushRequestSignal, (request) => {
    for (const reference of request.references) pending.add(reference);
    quotes.push(`${request.event}:${request.quote}`);
  });
  setHandler(stockPushQuotesQuery, () => quotes);
  const wait = input.closesAt - Date.now();
  if (wait > 0) await sleep(wait);
  const total: StockPushResult = { entities: 0, pushed: 0, unchanged: 0, failed: 0, missing: 0 };
  while (pending.size > 0) {
    const references = [...pending].sort();
    pending.clear();
    const result = await stock.stockPushArticles({ references });
    for (const key of Object.keys(total) as (keyof StockPushResult)[]) total[key] += result[key];
  }
  return { ...total, quotes };
}
