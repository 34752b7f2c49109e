import { Context } from '@temporalio/activity';
import type { ChangeKey } from '../../shared/sage/types';
import { wooSecretValues } from '../../shared/config/woo';
import type { ActivityDeps } from '../deps';
import { countedPage } from '../metrics';
import { syncBoundaries, type SyncStartInput } from '../catalog/activities';
import { withHeartbeat } from '../catalog/heartbeat';
import type { SyncPageResult } from '../catalog/report';
import { STOCK_HASH_KIND, STOCK_WATERMARK, syncStockPage, type StockPageInput } from './stock-page';
import { pushStockOfArticles, type ArticleStockPushResult } from './article-push';

/** Stock activities, on the `sage` queue for the same reasons as the catalog's. */
export function createStockActivities(deps: ActivityDeps) {
  const boundaries = syncBoundaries(deps, {
    table: 'F_ARTSTOCK',
    hashKind: STOCK_HASH_KIND,
    watermark: STOCK_WATERMARK,
    paging: deps.config.stock,
    overlap: deps.config.stock.incrementalOverlap,
  });
  return {
    stockStart: (input: SyncStartInput) => boundaries.start(input),
    stockPage: (input: StockPageInput): Promise<SyncPageResult> =>
      withHeartbeat(
        (progress) => syncStockPage(deps, input, progress, workflowRunKey()),
        wooSecretValues(deps.config.woo),
      ).then(countedPage('stock')),
    stockFinish: (lastKey: ChangeKey | null) => boundaries.finish(lastKey),
    /** The stock of a few articles now (workflow `stockPush`, after a web order's quote moved). */
    stockPushArticles: (input: { references: string[] }): Promise<ArticleStockPushResult> =>
      pushStockOfArticles(deps, input.references),
  };
}

/** The workflow run calling this activity (`workflowId/runId`). */
function workflowRunKey(): string | undefined {
  const execution = Context.current().info.workflowExecution;
  return execution ? `${execution.workflowId}/${execution.runId}` : undefined;
}
