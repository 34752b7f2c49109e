import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth';
import { RequestCounters } from './counters';
import { FaultInjector } from './faults';
import { prefillStore, storeOf, type PrefillProduct, type PrefillResult } from './prefill';
import { customerJson } from './customers';
import { orderJson } from './orders';
import { productJson } from './products';
import { Router } from './router';
import { wcRoutes } from './routes';
import { createPipeline } from './server';
import { Shop } from './shop';
import { SandboxStore } from './store';
import type { FaultConfig, SandboxOptions } from './types';
import { WebhookDispatcher, type DeliveryRecord } from './webhook-delivery';

/**
 * A WooCommerce REST v3 sandbox on loopback, answering like the WooCommerce 10 store the fixtures
 * were recorded on. See README.md in this directory for what it emulates and where it differs.
 */

export type { FaultConfig, SandboxOptions, ApiKey } from './types';
export type { PrefillProduct, PrefillResult } from './prefill';
export type { DeliveryRecord } from './webhook-delivery';
export { SandboxStore } from './store';
export { signature as webhookSignature } from './webhook-delivery';

export const DEFAULT_CONSUMER_KEY = 'ck_sandbox';
export const DEFAULT_CONSUMER_SECRET = 'cs_sandbox';
export const DEFAULT_APP_PASSWORD = { username: 'admin', password: 'sandbox app password' };

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:PORT (the REST base is `${url}/wp-json/wc/v3`) */
  url: string;
  port: number;
  setFaults(f: FaultConfig): void;
  /** per endpoint key like 'POST /products/batch'; injected faults count as 'fault:<kind>' */
  counters(): Record<string, number>;
  resetCounters(): void;
  /** direct access for tests (read products/orders/customers; seed data) */
  store: SandboxStore;
  /** webhook deliveries made so far (pings included) */
  webhookDeliveries(): DeliveryRecord[];
  /** sends the queued webhook deliveries now and waits until all are done */
  flushWebhooks(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const store = new SandboxStore(opts.dbPath ?? ':memory:', opts.firstPostId ?? 10);
  const shop = new Shop(store, opts);
  const webhooks = new WebhookDispatcher(
    shop,
    (resource, id) => {
      const base = shop.publicUrl;
      if (resource === 'product') {
        const doc = store.get('product', id);
        return doc && productJson(shop, doc, base, 'view');
      }
      if (resource === 'order') {
        const doc = store.get('order', id);
        return doc && orderJson(shop, doc, base);
      }
      if (resource === 'customer') {
        const doc = store.get('customer', id);
        return doc && customerJson(doc, base);
      }
      return undefined;
    },
    opts.webhookDelayMs ?? 0,
  );
  const counters = new RequestCounters();
  const faults = new FaultInjector(opts.faults, opts.seed ?? 1);
  const auth = new Authenticator({
    keys: [
      {
        consumerKey: opts.consumerKey ?? DEFAULT_CONSUMER_KEY,
        consumerSecret: opts.consumerSecret ?? DEFAULT_CONSUMER_SECRET,
        permissions: 'read_write',
      },
      ...(opts.extraKeys ?? []),
    ],
    plainHttp: opts.plainHttp ?? false,
    oauthToleranceSec: opts.oauthTimestampToleranceSec ?? 900,
  });
  const server = http.createServer(
    createPipeline({
      shop,
      wc: new Router('/wp-json/wc/v3', wcRoutes(shop, webhooks)),
      auth,
      faults,
      counters,
      webhooks,
      appPasswords: opts.applicationPasswords ?? [DEFAULT_APP_PASSWORD],
    }),
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  shop.publicUrl = url;
  return {
    url,
    port,
    store,
    setFaults: (f) => faults.set(f),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    webhookDeliveries: () => [...webhooks.log],
    flushWebhooks: () => webhooks.flush(),
    close: async () => {
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

/** Creates the given products (and variations) unless their SKU exists, without firing webhooks. */
export function prefillFromCatalog(
  sb: RunningSandbox | SandboxStore,
  items: PrefillProduct[],
): PrefillResult {
  return prefillStore(storeOf(sb), items);
}
