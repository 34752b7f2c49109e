import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { TASK_QUEUES } from '../../shared/task-queues';
import type { ActivityDeps } from '../deps';
import { pushEntities } from '../catalog/push-entities';
import { readQuoteArticleReferences } from '../sage/web-quotes';
import { projectArticlesStock } from './article-stock';
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
): Promise<ArticleStockPushResult> {
  const refs = [...new Set(references)];
  if (refs.length === 0) return { entities: 0, pushed: 0, unchanged: 0, failed: 0, missing: 0 };
  const db = await deps.sageDb();
  const projection = await projectArticlesStock(deps, db, refs);
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

/** Workflow id of the stock push after a quote event: one push per quote and event. */
export function stockPushWorkflowId(quote: string, event: 'import' | 'cancel'): string {
  return `stock-push-${event}-${quote}`;
}

/**
 * Starts the `stockPush` workflow for these articles from inside an activity. Its own workflow
 * retries the push while the shop is down, so the order activity that wrote Sage never waits
 * for the shop nor fails because of it. Idempotent: a retried activity meets the running or
 * finished push of the same quote and event, which read Sage after the write anyway.
 */
export async function startStockPush(
  deps: ActivityDeps,
  references: readonly string[],
  quote: string,
  event: 'import' | 'cancel',
): Promise<void> {
  if (!deps.config.stock.available.minusWebOrders || references.length === 0) return;
  try {
    await Context.current().client.workflow.start('stockPush', {
      workflowId: stockPushWorkflowId(quote, event),
      taskQueue: TASK_QUEUES.workflows,
      args: [{ references: [...new Set(references)] }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      staticSummary: `Stock of ${references.length} article(s) after the ${event} of quote ${quote}`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}

/** After a web order's quote is written (or found again): push its articles' stock. */
export async function pushStockAfterImport(deps: ActivityDeps, quote: string): Promise<void> {
  if (!deps.config.stock.available.minusWebOrders) return;
  const references = await readQuoteArticleReferences(await deps.sageDb(), quote);
  await startStockPush(deps, references, quote, 'import');
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
