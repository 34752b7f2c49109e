import assert from 'node:assert/strict';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { writeProductMeta, type MetaWrite } from '../../../activities/price-sync/write-meta';
import type { ProductTarget } from '../../../activities/price-sync/shop-targets';
import { wooConfigSchema } from '../../../shared/config/woo';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import type { SandboxOptions } from '../../../sandbox/woo/types';

/**
 * The client side of the shop plugin's bulk route against the sandbox's emulation: detection
 * through the status route, chunks of at most the advertised limit, per-item errors, the way
 * back to REST v3 when the plugin disappears, and `woo.plugin: "off"`.
 */
describe('shop plugin bulk route: client and sandbox emulation', function () {
  this.timeout(60_000);
  // Kept by the sandbox by reference: the test switches the plugin off while it runs.
  const options: SandboxOptions = { bulkLimit: 3 };
  let sandbox: RunningSandbox;
  const clients: WooClient[] = [];
  const targets: { sku: string; target: ProductTarget }[] = [];

  const client = (plugin: 'auto' | 'off'): WooClient => {
    const woo = createWooClient(
      wooConfigSchema.parse({
        kind: 'sandbox',
        url: sandbox.url,
        consumerKey: DEFAULT_CONSUMER_KEY,
        consumerSecret: DEFAULT_CONSUMER_SECRET,
        retry: { maxAttempts: 1 },
        plugin,
      }),
    );
    clients.push(woo);
    return woo;
  };
  const writes = (value: string): MetaWrite<ProductTarget>[] => [
    ...targets.map(({ sku, target }) => ({
      key: sku,
      target,
      metaData: [{ key: 'sage_prices', value: { '1': value } }],
    })),
    { key: 'GONE', target: { id: 999_999 }, metaData: [{ key: 'sage_prices', value: {} }] },
  ];
  const metaOf = (sku: string) =>
    sandbox.store
      .all('product')
      .find((p) => p.sku === sku)
      ?.meta_data.find((m) => m.key === 'sage_prices')?.value;

  before(async () => {
    sandbox = await startSandbox(options);
    const admin = client('off');
    for (const sku of ['S1', 'S2']) {
      const p = await admin.products.create({ sku, name: sku, regular_price: '1' });
      targets.push({ sku, target: { id: p.id } });
    }
    const parent = await admin.products.create({
      sku: 'P',
      name: 'P',
      type: 'variable',
      attributes: [{ name: 'Taille', options: ['S', 'M', 'L'], variation: true, visible: true }],
    });
    for (const size of ['S', 'M', 'L']) {
      const v = await admin.variations.create(parent.id, {
        sku: `P-${size}`,
        regular_price: '2',
        attributes: [{ name: 'Taille', option: size }],
      });
      targets.push({ sku: `P-${size}`, target: { id: v.id, parentId: parent.id } });
    }
  });
  after(async () => {
    for (const c of clients) c.close();
    await sandbox?.close();
  });

  it('writes products and variations together in chunks of the advertised limit', async () => {
    const woo = client('auto');
    sandbox.resetCounters();
    assert.deepEqual(await woo.bulk.route(), { limit: 3 });
    const outcome = await writeProductMeta(woo, writes('10'));
    assert.deepEqual(outcome.written.sort(), ['P-L', 'P-M', 'P-S', 'S1', 'S2']);
    assert.deepEqual(
      outcome.failed.map((f) => f.key),
      ['GONE'],
    );
    assert.equal(outcome.requests, 2);
    const counters = sandbox.counters();
    assert.equal(counters['GET /status'], 1, 'the status is asked once');
    assert.equal(counters['POST /products/bulk'], 2);
    assert.equal(counters['POST /products/batch'] ?? 0, 0);
    for (const { sku } of targets) assert.deepEqual(metaOf(sku), { '1': '10' }, sku);
  });

  it('goes back to REST v3 when the plugin disappears', async () => {
    const woo = client('auto');
    await woo.bulk.route();
    options.shopPlugin = false;
    try {
      sandbox.resetCounters();
      const outcome = await writeProductMeta(woo, writes('11'));
      assert.equal(outcome.written.length, 5);
      const counters = sandbox.counters();
      assert.equal(counters['POST /products/batch'], 1);
      assert.equal(counters['POST /products/{product_id}/variations/batch'], 1);
      for (const { sku } of targets) assert.deepEqual(metaOf(sku), { '1': '11' }, sku);
      // Known gone: not asked again at the next write.
      sandbox.resetCounters();
      await writeProductMeta(woo, writes('12'));
      assert.equal(sandbox.counters()['POST (unmatched)'] ?? 0, 0);
      assert.equal(sandbox.counters()['GET (unmatched)'] ?? 0, 0);
    } finally {
      options.shopPlugin = true;
    }
  });

  it('woo.plugin "off" never asks the plugin', async () => {
    const woo = client('off');
    sandbox.resetCounters();
    assert.equal(await woo.bulk.route(), null);
    const outcome = await writeProductMeta(woo, writes('13'));
    assert.equal(outcome.written.length, 5);
    const counters = sandbox.counters();
    assert.equal(counters['GET /status'] ?? 0, 0);
    assert.equal(counters['POST /products/bulk'] ?? 0, 0);
    assert.equal(counters['POST /products/batch'], 1);
  });
});

/**
 * The bulk route's adaptive lane against a shop slowing down (latency injected per item): full
 * requests of the route's limit while they last well under their timeout — even when slower
 * than the REST batches' target — and smaller ones only once a request nears the timeout.
 */
describe('shop plugin bulk route: request size on a slow shop', function () {
  this.timeout(120_000);
  const TIMEOUT_MS = 3_000;
  let sandbox: RunningSandbox;
  let woo: WooClient;
  let ids: number[] = [];
  const bulkMs: number[] = [];

  before(async () => {
    sandbox = await startSandbox({});
    woo = createWooClient(
      wooConfigSchema.parse({
        kind: 'sandbox',
        url: sandbox.url,
        consumerKey: DEFAULT_CONSUMER_KEY,
        consumerSecret: DEFAULT_CONSUMER_SECRET,
        // REST batches aim at a third of it (1 s); the bulk lane keeps full requests up to half.
        timeoutMs: TIMEOUT_MS,
        batchTimeoutMs: TIMEOUT_MS,
        retry: { maxAttempts: 1 },
      }),
      {
        logger: {
          debug: (obj: { path?: string; ms?: number }) => {
            if (obj.path?.includes('/products/bulk') && obj.ms !== undefined) bulkMs.push(obj.ms);
          },
          warn: () => undefined,
        },
      },
    );
    for (let batch = 0; batch < 10; batch++) {
      const created = await woo.products.batch({
        create: Array.from({ length: 100 }, (_, i) => ({
          sku: `SLOW-${batch * 100 + i}`,
          name: `Slow ${batch * 100 + i}`,
          regular_price: '1',
        })),
      });
      ids = [...ids, ...created.items.flatMap((item) => (item.ok ? [item.id] : []))];
    }
    assert.equal(ids.length, 1_000);
  });
  after(async () => {
    woo?.close();
    await sandbox?.close();
  });

  const bulkUpdate = async (price: string) => {
    const route = await woo.bulk.route();
    assert.deepEqual(route, { limit: 250 });
    return woo.bulk.update(
      route!,
      ids.map((id) => ({ id, regular_price: price })),
    );
  };

  it('keeps requests of 250 while they last under half the timeout', async () => {
    // 250 items ≈ 1.25 s: over the REST batches' target (1 s), under half the timeout (1.5 s).
    sandbox.setFaults({ batchLatencyMsPerItem: 5 });
    for (const price of ['2', '3']) {
      bulkMs.length = 0;
      const result = await bulkUpdate(price);
      assert.equal(result.succeeded, 1_000);
      assert.ok(
        bulkMs.every((ms) => ms > 1_000 && ms < TIMEOUT_MS / 2),
        `${bulkMs.join(', ')} ms`,
      );
      assert.equal(result.requests, 4, `${result.requests} requests (${bulkMs.join(', ')} ms)`);
    }
  });

  it('sends smaller requests once one nears the timeout, none timing out', async () => {
    // 250 items ≈ 2.25 s: three quarters of the timeout.
    sandbox.setFaults({ batchLatencyMsPerItem: 9 });
    bulkMs.length = 0;
    const result = await bulkUpdate('4');
    assert.equal(result.succeeded, 1_000);
    assert.ok(result.requests > 4, `${result.requests} requests`);
    assert.ok(
      bulkMs.slice(1).every((ms) => ms < TIMEOUT_MS / 2 + 300),
      `${bulkMs.join(', ')} ms`,
    );
    sandbox.setFaults({});
  });
});
