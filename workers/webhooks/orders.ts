import type { Client } from '@temporalio/client';
import type { Config } from '../../shared/config';
import { orderRefOf } from '../../shared/orders/intake';
import { intakeOrder } from '../../activities/orders/intake';
import { ORDER_TOPICS } from '../../shared/woo/webhook-topics';
import type { WebhookHandler } from './server';

export { ORDER_TOPICS };

/**
 * `order.created` / `order.updated`: the order's id, number and status go to the order intake
 * (start `order-<shop>-<id>` unless it exists, signal a cancellation, ignore the rest). The
 * signature was checked by the server (401 before any handler runs).
 */
export function orderWebhookHandlers(
  client: Client,
  config: Config,
): Record<(typeof ORDER_TOPICS)[number], WebhookHandler> {
  const handle: WebhookHandler = async ({ payload }) => {
    const ref = orderRefOf(payload);
    if (ref) await intakeOrder(client, config, ref);
  };
  return { 'order.created': handle, 'order.updated': handle };
}
