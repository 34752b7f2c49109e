import assert from 'node:assert/strict';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { writeProductMeta, type MetaWrite } from '../../../activities/pricing/write-meta';
import type { ProductTarget } from '../../../activities/pricing/shop-targets';
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
