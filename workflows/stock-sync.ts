import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import { syncPageActivities } from './catalog-sync';
import { runPagedSync, type SyncInput, type SyncProgress } from './paged-sync';

const stock = proxyActivities<SageActivities>(syncPageActivities);

/**
 * Sage stock → per-depot quantities (product meta) and total stock of products and
 * variations, incremental by change tracking (scheduled every few minutes).
 */
export async function stockSync(input: SyncInput = {}): Promise<SyncProgress> {
  return runPagedSync(
    {
      kind: 'stock',
      start: stock.stockStart,
      page: stock.stockPage,
      finish: stock.stockFinish,
    },
    input,
    (next) => continueAsNew<typeof stockSync>(next),
  );
}
