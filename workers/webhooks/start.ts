import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createWooClient } from '../../activities/woo';
import type { Config, WorkerRole } from '../../shared/config';
import { webhookPlan } from './plan';
import { ensureShopWebhook } from './register';
import { startWebhookServer } from './server';
import { webhookHandlers } from './topics';

export interface ConnectorWebhooks {
  /** Delivery URL the shop posts to (registered, or to register), when the server runs. */
  url?: string;
  /** `host:port` the server listens on, when it runs. */
  listen?: string;
  close(): Promise<void>;
}

const NOT_RUNNING: ConnectorWebhooks = { close: async () => undefined };

/**
 * Runs the connector's webhook server when this process should (see webhookPlan: enabled, and
 * the `workflows` role), then makes sure the shop has one active webhook per topic delivering to
 * it: `webhooks.publicUrl`, or the server's local URL for a shop on this machine. A webhook the
 * shop disabled after failed deliveries is re-enabled. A shop on this machine gets a random
 * secret when `woo.webhookSecret` is not set. `npm start` and `npm run worker` both call this.
 */
export async function startConnectorWebhooks(
  config: Config,
  /** The Temporal client, or how to connect one (only when the server runs). */
  temporal: Client | (() => Promise<Client>),
  logger: Logger,
  options: { roles?: readonly WorkerRole[] } = {},
): Promise<ConnectorWebhooks> {
  const plan = webhookPlan(config, options.roles ?? config.workers.roles);
  if (!plan.run) {
    logger.info({ reason: plan.reason }, 'webhook server not started');
    return NOT_RUNNING;
  }

  const client = typeof temporal === 'function' ? await temporal() : temporal;
  const secret = plan.secret ?? randomBytes(24).toString('base64url');
  const handlers = webhookHandlers(config, client);
  const topics = Object.keys(handlers);
  const server = await startWebhookServer({
    secret,
    handlers,
    logger,
    host: plan.host,
    port: plan.port,
    path: plan.path,
  }).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message} (webhooks.listen.host, webhooks.listen.port)`, { cause: err });
  });
  const listen = `${plan.host}:${server.port}`;
  const url = plan.publicUrl ?? server.url;
  try {
    if (plan.register) {
      const woo = createWooClient(config.woo, { logger, extraSecrets: [secret] });
      try {
        for (const topic of topics) {
          const hook = await ensureShopWebhook(woo, { topic, deliveryUrl: url, secret });
          if (hook.reenabledFrom !== undefined) {
            logger.warn(
              { topic, webhookId: hook.id, previousStatus: hook.reenabledFrom },
              'shop webhook re-enabled (the shop had stopped its deliveries)',
            );
          }
        }
      } finally {
        woo.close();
      }
    }
  } catch (err) {
    await server.close();
    throw err;
  }
  logger.info(
    { listen, host: plan.host, port: server.port, url, topics, registered: plan.register },
    plan.register
      ? 'webhook server started, shop webhooks registered'
      : 'webhook server started (webhooks.register is false: register them in the shop)',
  );
  return { url, listen, close: server.close };
}
