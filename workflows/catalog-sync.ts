import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import { TASK_QUEUES } from '../shared/task-queues';
import { runPagedSync, type SyncInput, type SyncProgress } from './paged-sync';

/** Page activities heartbeat every 2 s: a killed worker is noticed within the timeout. */
export const syncPageActivities = {
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
} as const;

const catalog = proxyActivities<SageActivities>(syncPageActivities);

/**
 * Sage articles → WooCommerce products and variations, full or incremental, page by page.
 * Update mode (configuration) writes only products the shop has and never their name or
 * description; SKUs the shop lacks are counted and listed (query `progress`).
 */
export async function catalogSync(input: SyncInput = {}): Promise<SyncProgress> {
  return runPagedSync(
    {
      kind: 'catalog',
      start: catalog.catalogStart,
      page: catalog.catalogPage,
      finish: catalog.catalogFinish,
    },
    input,
    (next) => continueAsNew<typeof catalogSync>(next),
  );
}
