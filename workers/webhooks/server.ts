import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isValidSignature } from './signature';

/**
 * One HTTP endpoint for every WooCommerce webhook of the connector. Each feature registers a
 * handler per topic (`customer.updated`, later `order.created`…). A delivery is accepted only
 * with a valid `X-WC-Webhook-Signature` (401 otherwise); the handler only forwards ids to
 * Temporal, so the shop gets its answer fast. Unknown topics get 200 and are ignored, so the
 * shop does not disable a webhook the connector does not use yet.
 */

export interface WebhookDelivery {
  topic: string;
  deliveryId: string;
  webhookId: string;
  /** The parsed JSON body (the resource as the REST API shows it). */
  payload: unknown;
}

export type WebhookHandler = (delivery: WebhookDelivery) => Promise<void>;

export interface WebhookServerOptions {
  /** Shared secret of the shop's webhooks (`woo.webhookSecret`). */
  secret: string;
  handlers: Record<string, WebhookHandler>;
  logger: Logger;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Path deliveries are posted to. */
  path?: string;
}

export interface RunningWebhookServer {
  /** The server's own delivery URL (a wildcard listening address shows as 127.0.0.1). */
  url: string;
  /** The address it listens on, as configured. */
  host: string;
  port: number;
  /** Path deliveries are accepted on. */
  path: string;
  close(): Promise<void>;
}

export const DEFAULT_WEBHOOK_PATH = '/webhooks/woocommerce';
const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The ping WooCommerce sends when a webhook is created: form body, no signature. */
function isPing(req: http.IncomingMessage, body: Buffer): boolean {
  return (
    header(req, 'x-wc-webhook-signature') === undefined &&
    /^webhook_id=\d+$/.test(body.toString('utf8').trim())
  );
}

/** The host part of a URL reaching a server listening on `host`. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** A listening failure that names the address, so a port taken by another process is obvious. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  const reason =
    err.code === 'EADDRINUSE'
      ? `port ${port} is already in use`
      : err.code === 'EACCES'
        ? `port ${port} is not allowed for this user`
        : err.code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine`
          : err.message;
  return new Error(`the webhook server cannot listen on ${where}: ${reason}`, { cause: err });
}

export async function startWebhookServer(
  options: WebhookServerOptions,
): Promise<RunningWebhookServer> {
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const { logger } = options;
  const reply = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://webhooks');
      if (req.method !== 'POST' || url.pathname !== path) return reply(res, 404, 'not found');
      const body = await readBody(req);
      if (body === undefined) return reply(res, 413, 'too large');
      if (isPing(req, body)) return reply(res, 200, 'pong');
      if (!isValidSignature(body, header(req, 'x-wc-webhook-signature'), options.secret)) {
        logger.warn({ topic: header(req, 'x-wc-webhook-topic') }, 'webhook refused: bad signature');
        return reply(res, 401, 'invalid signature');
      }
      const topic = header(req, 'x-wc-webhook-topic') ?? '';
      const handler = options.handlers[topic];
      if (!handler) return reply(res, 200, 'ignored');
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, 'invalid JSON');
      }
      const delivery: WebhookDelivery = {
        topic,
        deliveryId: header(req, 'x-wc-webhook-delivery-id') ?? '',
        webhookId: header(req, 'x-wc-webhook-id') ?? '',
        payload,
      };
      try {
        await handler(delivery);
        reply(res, 200, 'ok');
      } catch (err) {
        // The shop does not retry: the polling fallback picks the change up later.
        logger.error({ err, topic, deliveryId: delivery.deliveryId }, 'webhook handler failed');
        reply(res, 500, 'handler failed');
      }
    })().catch((err: unknown) => {
      logger.error({ err }, 'webhook request failed');
      if (!res.headersSent) reply(res, 500, 'error');
    });
  });
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, wanted)));
    server.listen(wanted, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${port}${path}`,
    host,
    port,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
