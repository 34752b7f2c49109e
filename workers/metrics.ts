/**
 * The connector's Prometheus endpoint (`metrics.listen`): `GET /metrics` answers the
 * connector's own metrics (activities/metrics.ts). The Temporal SDK's metrics are served by the
 * SDK on `metrics.temporalListen` (workers/logging.ts). See docs/metrics.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { renderMetrics, setOrdersWaiting } from '../activities/metrics';
import { splitHostPort } from '../shared/config/metrics';
import { WAITING_ORDERS_QUERY } from './status';

export interface MetricsEndpoint {
  /** `host:port` actually bound (port 0 resolved); undefined when the endpoint is off. */
  listen: string | undefined;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The waiting-orders count is asked of Temporal's visibility at most this often. */
const ORDERS_WAITING_TTL_MS = 30_000;

export interface MetricsEndpointOptions {
  logger?: Pick<Logger, 'info' | 'warn'>;
  /**
   * Where `sws_orders_waiting_for_operator` comes from: a visibility count of the running order
   * workflows whose `State` search attribute says they wait for an operator (the query of
   * `cli status`), asked at scrape time at most every 30 s. Absent: the gauge is not exported.
   */
  ordersWaiting?: () => Promise<number>;
}

/** The number of orders waiting for an operator, counted by Temporal's visibility. */
export function countWaitingOrders(client: () => Promise<Client>): () => Promise<number> {
  return async () => (await (await client()).workflow.count(WAITING_ORDERS_QUERY)).count;
}

/** Starts the endpoint on `listen` (`host:port`); off (a no-op) when `listen` is undefined. */
export async function startMetricsEndpoint(
  listen: string | undefined,
  options: MetricsEndpointOptions = {},
): Promise<MetricsEndpoint> {
  if (listen === undefined) return { listen: undefined, close: () => Promise.resolve() };
  const { host, port } = splitHostPort(listen);
  const { logger, ordersWaiting } = options;
  let countedAt = -Infinity;
  const refreshOrdersWaiting = async (): Promise<void> => {
    if (!ordersWaiting || Date.now() - countedAt < ORDERS_WAITING_TTL_MS) return;
    countedAt = Date.now();
    try {
      setOrdersWaiting(await ordersWaiting());
    } catch (err) {
      // The last value stays; the next scrape after the TTL tries again.
      logger?.warn({ err }, 'metrics: cannot count the orders waiting for an operator');
    }
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      void refreshOrdersWaiting().then(() => {
        const body = renderMetrics();
        res.writeHead(200, { 'Content-Type': CONTENT_TYPE });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('metrics are at /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const bound = `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger?.info({ listen: bound }, 'metrics endpoint listening');
  return {
    listen: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
