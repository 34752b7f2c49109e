/**
 * The connector against a real WooCommerce 10 store (scripts/real-shop.sh), `npm run bench --
 * real-shop`:
 *   1. stand-up: from nothing to a store answering (seconds);
 *   2. the shop's agency creates the `medium` demo company's catalog (about 2,100 products and
 *      900 variations) by SKU;
 *   3. the connector's first full catalog sync (update mode: lookups and writes);
 *   4. the store's own best: batch updates of the same size, straight to the store, at
 *      concurrency 1, 2 and 4 (products per second);
 *   5. the connector's forced full rewrite (same work as 4, through the sync), and a rerun;
 *   6. webhook delivery delay: an order created → its `order.created` webhook received, with the
 *      store left to its own WP-Cron (a visitor's page load every 5 s), not forced.
 * Writes bench/results/real-shop.json. Skipped (with the reason) when the store cannot run here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { Client } from '@temporalio/client';
import { catalogSync } from '../workflows';
import type { SyncInput, SyncProgress } from '../workflows/paged-sync';
import { parseConfig } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import { createWooClient, type WooClient } from '../activities/woo';
import { generateDemoCompany } from '../sandbox/sage/generator';
import { prefillProductsOf } from '../sandbox/prefill-from-sage';
import { buildActivityDeps } from '../workers/deps';
import { startWorkers } from '../workers/run-workers';
import { demoConfigInput, readSageArticles } from '../test/helpers/connector';
import { realShop, realShopMissing, stopRealShop } from '../test/helpers/real-shop';
import { startTemporal } from '../test/helpers/temporal';
import { startCountingProxy, type CountingProxy } from '../test/real-shop/counting-proxy';
import { createShopProducts } from '../test/real-shop/agency';

const RESULTS = resolve(__dirname, 'results');
const BATCH_SIZE = 100;

interface SyncFigures {
  writeRequests: number;
  lookupRequests: number;
  wallSeconds: number;
  pushed: number;
  productsPerSecond: number;
  maxRequestMs: number;
}

function write(result: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'real-shop.json'), `${JSON.stringify(result, null, 2)}\n`);
}

async function timedSync(
  client: Client,
  proxy: CountingProxy,
  input: SyncInput,
): Promise<SyncFigures> {
  proxy.reset();
  const t0 = Date.now();
  const result: SyncProgress = await client.workflow.execute(catalogSync, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId: `bench-real-shop-${Date.now()}`,
    args: [input],
  });
  const wallSeconds = (Date.now() - t0) / 1000;
  const writes = proxy.writes();
  return {
    writeRequests: writes.length,
    lookupRequests: proxy.reads().filter((r) => /(^|&)sku=/.test(r.query)).length,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    pushed: result.totals.pushed,
    productsPerSecond: Math.round((result.totals.pushed / wallSeconds) * 10) / 10,
    maxRequestMs: Math.max(0, ...proxy.requests.map((r) => r.ms)),
  };
}

/**
 * The store's own throughput: batch updates of `BATCH_SIZE` simple products (price, stock and a
 * meta value, as the sync writes), `concurrency` requests in flight.
 */
async function storeBest(
  admin: WooClient,
  ids: number[],
  concurrency: number,
  round: number,
): Promise<{ concurrency: number; products: number; seconds: number; productsPerSecond: number }> {
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        await admin.products.batch({
          update: chunk.map((id, i) => ({
            id,
            regular_price: `${10 + round}.${String(i % 100).padStart(2, '0')}`,
            manage_stock: true,
            stock_quantity: round * 10 + (i % 7),
            meta_data: [{ key: 'sage_stock_by_depot', value: { LYO: round, MRS: i % 7 } }],
          })),
        });
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  return {
    concurrency,
    products: ids.length,
    seconds: Math.round(seconds * 10) / 10,
    productsPerSecond: Math.round((ids.length / seconds) * 10) / 10,
  };
}

/** Order created → `order.created` received, WooCommerce left to its own WP-Cron. */
async function webhookDelay(admin: WooClient, restUrl: string): Promise<number | null> {
  let receivedAt: number | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.headers['x-wc-webhook-topic'] === 'order.created') receivedAt ??= Date.now();
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hook = await admin.webhooks.create({
    name: 'bench order.created',
    topic: 'order.created',
    delivery_url: `http://127.0.0.1:${port}/`,
    secret: 'bench-secret',
  });
  try {
    const created = Date.now();
    await admin.orders.create({ status: 'on-hold', line_items: [] });
    // A visitor's page load every 5 s: what makes WP-Cron run on a live store.
    while (receivedAt === undefined && Date.now() - created < 300_000) {
      await new Promise((r) => setTimeout(r, 5_000));
      await fetch(`${restUrl}/`).catch(() => undefined);
    }
    return receivedAt === undefined ? null : receivedAt - created;
  } finally {
    await admin.webhooks.delete(hook.id);
    server.close();
  }
}

export async function runRealShopBench(): Promise<unknown> {
  const say = (line: string) => process.stderr.write(`   ${line}\n`);
  const missing = await realShopMissing();
  if (missing) {
    say(`skipped: ${missing}`);
    return { skipped: missing };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sws-real-shop-bench-'));
  const cleanups: (() => Promise<void> | void)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
  ];
  try {
    const shop = await realShop();
    cleanups.push(() => stopRealShop());
    say(`store up in ${shop.standUpSeconds.toFixed(1)} s`);
    const sagePath = join(dir, 'sage.sqlite');
    generateDemoCompany({ path: sagePath, size: 'medium', seed: 42 });
    const proxy = await startCountingProxy(shop.restUrl);
    cleanups.push(() => proxy.close());
    const temporal = await startTemporal();
    cleanups.push(() => temporal.stop());
    const config = parseConfig({
      ...demoConfigInput(dir, 'medium', temporal.server),
      woo: {
        kind: 'remote',
        url: proxy.url,
        consumerKey: shop.consumerKey,
        consumerSecret: shop.consumerSecret,
        batchSize: BATCH_SIZE,
      },
      log: { level: 'warn' },
    });
    const admin = createWooClient({ ...config.woo, url: shop.restUrl, concurrency: 4 });
    cleanups.push(() => admin.close());
    const products = prefillProductsOf(await readSageArticles(config), config.catalog);
    let t0 = Date.now();
    const ids = await createShopProducts(admin, products);
    const agencySeconds = (Date.now() - t0) / 1000;
    say(`agency created ${ids.size} products and variations in ${agencySeconds.toFixed(0)} s`);

    const { client, nativeConnection: native } = temporal;
    const logger = pino({ level: 'warn' });
    /** Runs `work` with this process's workers built for `settings` (the plugin on or off). */
    const withWorkers = async <T>(settings: typeof config, work: () => Promise<T>): Promise<T> => {
      const deps = buildActivityDeps(settings, logger);
      const workers = await startWorkers({
        connection: native,
        namespace: temporal.server.namespace,
        roles: ['workflows', 'sage', 'woo'],
        deps: deps.deps,
        logger,
      });
      try {
        return await work();
      } finally {
        await workers.shutdown();
        await deps.close();
      }
    };
    const restOnly = { ...config, woo: { ...config.woo, plugin: 'off' as const } };

    // REST v3 only (no shop plugin): first contact, the store's own best, a forced rewrite.
    const first = await withWorkers(restOnly, () => timedSync(client, proxy, { mode: 'full' }));
    say(`first full sync (REST v3): ${JSON.stringify(first)}`);
    const simpleIds = products
      .filter((p) => p.type === 'simple')
      .map((p) => ids.get(p.sku)!)
      .slice(0, 1_000);
    const store = [];
    for (const [i, concurrency] of [1, 2, 4].entries()) {
      store.push(await storeBest(admin, simpleIds, concurrency, i + 1));
      say(`store's own batches: ${JSON.stringify(store[store.length - 1])}`);
    }
    const rewrite = await withWorkers(restOnly, () =>
      timedSync(client, proxy, { mode: 'full', force: true }),
    );
    say(`forced full rewrite (REST v3): ${JSON.stringify(rewrite)}`);
    const rerun = await withWorkers(restOnly, () => timedSync(client, proxy, { mode: 'full' }));
    say(`rerun: ${JSON.stringify(rerun)}`);
    // The same rewrite through the shop plugin's bulk route.
    const bulkRewrite = await withWorkers(config, () =>
      timedSync(client, proxy, { mode: 'full', force: true }),
    );
    say(`forced full rewrite (plugin bulk route): ${JSON.stringify(bulkRewrite)}`);
    const best = Math.max(...store.map((s) => s.productsPerSecond));
    t0 = Date.now();
    const delayMs = await webhookDelay(admin, shop.restUrl);
    say(`webhook delay ${delayMs} ms`);
    const result = {
      date: new Date().toISOString().slice(0, 10),
      store: {
        woocommerce: shop.woocommerce,
        standUpSeconds: Math.round(shop.standUpSeconds * 10) / 10,
      },
      company: 'medium',
      entities: ids.size,
      products: products.length,
      agencyCreateSeconds: Math.round(agencySeconds),
      batchSize: BATCH_SIZE,
      connectorConcurrency: config.woo.concurrency,
      firstFullSync: first,
      storeBest: store,
      forcedRewrite: rewrite,
      rerun,
      forcedRewriteBulkRoute: bulkRewrite,
      bulkWriteRequestTarget: Math.floor(1.1 * Math.ceil(ids.size / 250)),
      ratioConnectorToStoreBest: Math.round((rewrite.productsPerSecond / best) * 100) / 100,
      webhookDelayMs: delayMs,
    };
    write(result);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
