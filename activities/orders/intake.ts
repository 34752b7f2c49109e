import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { durationToMs, type Config } from '../../shared/config';
import { shopIdOf } from '../../shared/config/orders';
import { intakeDecision, orderWorkflowId, type OrderRef } from '../../shared/orders/intake';
import { shopOrderChangedSignal, type OrderLifecycleInput } from '../../shared/orders/messages';
import { orderResumeCommands } from '../../shared/orders/operator-view';
import { OrderStates } from '../../shared/orders/states';
import { OrderState, WooOrderNumber } from '../../shared/search-attributes';
import { TASK_QUEUES } from '../../shared/task-queues';

/**
 * `started`: the workflow was started or is already running (USE_EXISTING answers both the same
 * way); `duplicate`: it ran and closed already; `signalled`: a cancellation was passed on.
 */
export type IntakeOutcome = 'started' | 'signalled' | 'duplicate' | 'ignored';

/** The settings a new order workflow is started with (read once, kept in its history). */
export function lifecycleInputOf(config: Config, ref: OrderRef): OrderLifecycleInput {
  const polling = config.orders.chainPolling;
  return {
    shopId: shopIdOf(config.orders, config.woo.url),
    orderId: ref.id,
    orderNumber: ref.number,
    settings: {
      pollInitialMs: durationToMs(polling.initial),
      pollMaxMs: durationToMs(polling.max),
      pollFactor: polling.factor,
      ...(config.orders.changeFeed.enabled
        ? { changeFeed: { safetyPollMs: durationToMs(config.orders.changeFeed.safetyPoll) } }
        : {}),
      cancelBeforeValidation: config.orders.cancelBeforeValidation,
      activityTimeoutMs: durationToMs(config.orders.activityTimeout),
    },
  };
}

/**
 * Hands one shop order to its workflow `order-<shop>-<id>`, the same way for webhooks and for
 * the polling fallback: a new web order starts the workflow unless it runs (USE_EXISTING) or
 * ran (REJECT_DUPLICATE), so duplicate deliveries are no-ops; a cancellation is signalled to a
 * running workflow; everything else (the connector's own status updates echoed back) is ignored.
 */
export async function intakeOrder(
  client: Client,
  config: Config,
  ref: OrderRef,
): Promise<IntakeOutcome> {
  const input = lifecycleInputOf(config, ref);
  const workflowId = orderWorkflowId(input.shopId, ref.id);
  const decision = intakeDecision(ref.status, config.orders);
  if (decision === 'ignore') return 'ignored';
  if (decision === 'signal') {
    try {
      await client.workflow.getHandle(workflowId).signal(shopOrderChangedSignal, {
        status: ref.status,
      });
      return 'signalled';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'ignored';
      throw err;
    }
  }
  // The connector's own "awaiting validation" update, echoed by the shop, meets its workflow:
  // only an order placed on account (it enters the shop in that status) is new.
  if (
    ref.status === config.orders.statuses.awaitingValidation &&
    (await workflowExists(client, workflowId))
  ) {
    return 'duplicate';
  }
  try {
    await client.workflow.start('orderLifecycle', {
      workflowId,
      taskQueue: TASK_QUEUES.workflows,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: WooOrderNumber, value: ref.number },
        { key: OrderState, value: OrderStates.importing },
      ],
      // Shown on the workflow's page and in lists; the workflow's current details follow it.
      staticSummary: `Order ${ref.number} — shop order ${ref.id} on ${input.shopId}`,
      staticDetails: orderStaticDetails(workflowId, input.shopId, ref),
    });
    return 'started';
  } catch (err) {
    // A closed run of this order (completed, cancelled, skipped): never imported twice.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}

async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Fixed details of an order workflow (Temporal markdown): where to look, how to resume. */
function orderStaticDetails(workflowId: string, shopId: string, ref: OrderRef): string {
  return [
    `Web order **${ref.number}** (shop order ${ref.id} on ${shopId}), imported as a Sage quote`,
    'and followed to its invoice. Its current state and problem are in the current details,',
    `the \`state\` query and \`npm run cli -- status\`. When it waits for an operator:`,
    '',
    ...orderResumeCommands(workflowId).map((c) => `    ${c}`),
  ].join('\n');
}
