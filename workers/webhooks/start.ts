import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createWooClient } from '../../activities/woo';
import { durationToMs, type Config } from '../../shared/config';
import { ensureCustomerEdits } from './customer-updated';
import { ensureShopWebhook } from './register';
import { startWebhookServer } from './server';
import { webhookHandlers } from './topics';

export interface ConnectorWebhooks {
  /** Delivery URL registered in the shop, when the server runs. */
  url?: string;
  close(): Promise<void>;
}

/**
 * Starts the edits workflow (its polling works with or without webhooks) and, for the embedded
 * shop sandbox, the webhook server with the shop's webhooks pointing at it. The sandbox gets a
 * random secret when `woo.webhookSecret` is not set. A real shop needs a public URL, which the
 * configuration does not describe yet: there the webhooks are registered by the operator (see
 * README) and the polling fallback carries the edits meanwhile.
 */
export async function startConnectorWebhooks(
  config: Config,
  client: Client,
  logger: Logger,
  options: { host?: string; port?: number } = {},
): Promise<ConnectorWebhooks> {
  await ensureCustomerEdits(client, durationToMs(config.customers.pollingInterval));
  if (config.woo.kind !== 'sandbox') return { close: async () => undefined };

  const secret = config.woo.webhookSecret ?? randomBytes(24).toString('base64url');
  const handlers = webhookHandlers(config, client);
  const server = await startWebhookServer({ secret, handlers, logger, ...options });
  try {
    const woo = createWooClient(config.woo, { logger });
    try {
      for (const topic of Object.keys(handlers)) {
        await ensureShopWebhook(woo, { topic, deliveryUrl: server.url, secret });
      }
    } finally {
      woo.close();
    }
  } catch (err) {
    await server.close();
    throw err;
  }
  logger.info({ url: server.url, topics: Object.keys(handlers) }, 'webhook server started');
  return { url: server.url, close: server.close };
}
