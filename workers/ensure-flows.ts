import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config, WorkerRole } from '../shared/config';
import { CUSTOMER_EDITS_WORKFLOW_ID } from '../workflows/customer-edits';
import { SAGE_CHANGE_FEED_WORKFLOW_ID } from '../workflows/sage-change-feed';
import { ensureSageChangeFeed } from './sage-change-feed';
import { customerEditsInput, ensureCustomerEdits } from './webhooks/customer-updated';

/** The role whose processes make sure the long-running workflows run. */
export const FLOWS_ROLE: WorkerRole = 'workflows';
const RETRY_EVERY_MS = 15_000;

/**
 * What a process of the `workflows` role ensures at start, so that `npm run worker` (and the
 * docker-compose stack, which runs it) runs the shop → Sage customer edits without a webhook
 * having to arrive first, polling included: the long-running `customer-edits` workflow is
 * started unless it runs (idempotent by its workflow id, so any number of processes may do it,
 * and a running one keeps its input), and the Sage change feed of orders (`sage-change-feed`)
 * is made to match `orders.changeFeed` (workers/sage-change-feed.ts). Temporal not answering yet is retried in the background
 * until it works or `stop()` is called; the workers run meanwhile. Schedules are not applied
 * here but by `npm start` and `npm run cli -- schedules apply` (one configuration decides them).
 */
export function ensureConnectorFlows(
  client: () => Promise<Client>,
  config: Config,
  logger: Logger,
  roles: readonly WorkerRole[],
): { done: Promise<void>; stop(): void } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    if (!roles.includes(FLOWS_ROLE)) return;
    for (;;) {
      try {
        const temporal = await client();
        await ensureCustomerEdits(temporal, customerEditsInput(config));
        logger.info({ workflowId: CUSTOMER_EDITS_WORKFLOW_ID }, 'customer edits workflow running');
        const feed = await ensureSageChangeFeed(temporal, config);
        logger.info({ workflowId: SAGE_CHANGE_FEED_WORKFLOW_ID, feed }, 'sage change feed ensured');
        return;
      } catch (err) {
        if (stopped) return;
        logger.error({ err }, 'long-running workflows not started yet: retrying');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, RETRY_EVERY_MS).unref();
      });
      if (stopped) return;
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
