import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * Messages of the stock push buckets (workflows/stock-push.ts), shared so that activities and
 * tests reach them without importing anything from workflows/. `defineSignal` / `defineQuery`
 * only build plain `{ type, name }` objects: they are safe outside a workflow.
 */

/** Width of a stock push bucket: the pushes requested within one slot go out together. */
export const STOCK_PUSH_SLOT_MS = 2_000;

/** One quote's request to a bucket: its articles, after its import or cancellation. */
export interface StockPushRequest {
  quote: string;
  event: 'import' | 'cancel';
  references: string[];
}

/** What a stock push did (summed over its pushes for a bucket). */
export interface StockPushResult {
  entities: number;
  pushed: number;
  unchanged: number;
  failed: number;
  missing: number;
}

export const stockPushRequestSignal = defineSignal<[StockPushRequest]>('stockPushRequest');
/** The quotes a bucket received so far, as `event:quote` (`import:DE00042`). */
export const stockPushQuotesQuery = defineQuery<string[]>('stockPushQuotes');

/** Workflow id of the bucket of the slot holding `at` (epoch ms): `stock-push-<slot start>`. */
export function stockPushBucketId(at: number): string {
  const start = Math.floor(at / STOCK_PUSH_SLOT_MS) * STOCK_PUSH_SLOT_MS;
  return `stock-push-${new Date(start).toISOString()}`;
}

/** When the slot holding `at` ends (epoch ms): its bucket pushes then. */
export function stockPushSlotEnd(at: number): number {
  return (Math.floor(at / STOCK_PUSH_SLOT_MS) + 1) * STOCK_PUSH_SLOT_MS;
}
