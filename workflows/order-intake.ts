import { ApplicationFailure, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderWooActivities } from '../activities/orders/activities';
import type { OrderPollResult } from '../activities/orders/poll';
import { SyncKind } from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';

const woo = proxyActivities<OrderWooActivities>({
  taskQueue: TASK_QUEUES.woo,
  startToCloseTimeout: '10m',
  heartbeatTimeout: '2m',
  retry: { maximumAttempts: 5 },
});

/**
 * The scheduled fallback of the order webhooks (which a real shop never retries): checks that
 * every mapped order status exists in the shop, then hands each order modified since the last
 * run to the same intake as the webhooks (starting `order-<shop>-<id>` or no-op).
 */
export async function orderIntake(): Promise<OrderPollResult> {
  upsertSearchAttributes([{ key: SyncKind, value: 'orders' }]);
  const statuses = await woo.checkOrderStatuses();
  if (statuses.missing.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `the shop has no order status ${statuses.missing.join(', ')}: register them (shop plugin) ` +
        'or change orders.statuses',
      'MissingOrderStatuses',
    );
  }
  return woo.pollShopOrders();
}
