import { proxyActivities } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import { TASK_QUEUES } from '../shared/task-queues';

const stock = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '2 minutes',
  // The shop or Sage may be away for a while: keep trying, spaced out, for about a day.
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', maximumAttempts: 150 },
});

/**
 * The stock of a few articles pushed at once, outside the stock sync's schedule: started by
 * the order activities when a web order's quote is written or cancelled (a move Sage's stock
 * rows do not show, so the incremental stock sync would not see it). Idempotent: it reads
 * Sage and the shop's open orders when it runs and writes only what changed.
 */
export async function stockPush(input: { references: string[] }): Promise<{
  entities: number;
  pushed: number;
  unchanged: number;
  failed: number;
  missing: number;
}> {
  return stock.stockPushArticles({ references: input.references });
}
