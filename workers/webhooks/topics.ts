import type { Client } from '@temporalio/client';
import type { Config } from '../../shared/config';
import {
  CUSTOMER_UPDATED_TOPIC,
  customerEditsInput,
  customerUpdatedHandler,
} from './customer-updated';
import { orderWebhookHandlers } from './orders';
import type { WebhookHandler } from './server';

/**
 * The webhook topics the connector listens to, one entry per feature: the server dispatches by
 * `X-WC-Webhook-Topic` and the shop gets one webhook per topic. A feature adds its handlers here.
 */
export function webhookHandlers(config: Config, client: Client): Record<string, WebhookHandler> {
  return {
    [CUSTOMER_UPDATED_TOPIC]: customerUpdatedHandler(client, customerEditsInput(config)),
    ...orderWebhookHandlers(client, config),
  };
}
