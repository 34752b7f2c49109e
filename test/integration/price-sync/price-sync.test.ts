import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { priceParity } from '../../../workflows';
import type { PriceSyncInput } from '../../../workflows/price-sync';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { buildPriceIndex, evaluatePrice, type PriceIndex } from '../../../shared/price-engine';
import type { SageDb } from '../../../activities/sage/db';
import { loadPriceData } from '../../../activities/price-sync/load-price-data';
import { createPricingActivities } from '../../../activities/price-sync/activities';
import { DRIFT_REPAIRED } from '../../../activities/catalog/report';
import { openSnapshotStore } from '../../../activities/state/snapshots';
import { createWooClient } from '../../../activities/woo';
import { mutatePrices } from '../../../sandbox/sage';
import { buildActivityDeps } from '../../../workers/deps';
import type { ConnectorUnderTest } from '../../helpers/connector';
import { writeRequests } from '../catalog/helpers';
import { startPricesUnderTest, type PricesUnderTest } from './harness';

/**
 * End to end on real parts: the small demo company, the shop sandbox pre-filled with its
 * products, the catalog and customers syncs linking products and customers, then the price
 * sync and the parity check through the Temporal dev server and in-process workers.
 */
describe('price sync and parity, end to end (small company)', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  let serial = 0;
  const ids = () => `test-prices-${Date.now()}-${(serial += 1)}`;

  let prices: PricesUnderTest;
  const runPriceSync = (input: PriceSyncInput = {}) => prices.runPriceSync(input);
  const runParity = () =>
    connector.temporal.client.workflow.execute(priceParity, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: ids(),
      // Every linked customer × every linked article.
      args: [{ customers: 100_000, articles: 100_000 }],
    });
  const engineIndex = async (): Promise<PriceIndex> =>
    buildPriceIndex(
      await loadPriceData(sage, connector.config.sage.freeFields),
      connector.config.pricing,
    );

  before(async () => {
    // Small pages and runs: the sync crosses page, phase and continue-as-new boundaries.
    prices = await startPricesUnderTest({
      productPageSize: 60,
      customerPageSize: 7,
      pagesPerRun: 4,
      parity: { maxListed: 100_000 },
    });
    ({ connector, sage } = prices);
  });
  after(async () => {
    await prices?.stop();
  });

  it('writes category prices and customer pricing data; parity then finds no mismatch', async () => {
    connector.shop.resetCounters();
    const result = await runPriceSync();
    assert.equal(result.state, 'done');
    assert.ok(result.runs > 1, 'continued as new');
    assert.equal(result.totals.failed, 0);
    assert.ok(result.totals.pushed > 0);
    assert.equal(result.totals.writeRequests, writeRequests(connector.shop));

    const shopProduct = connector.shop.store.all('product').find((p) => p.type === 'simple')!;
    const prices = shopProduct.meta_data.find((m) => m.key === 'sage_prices')?.value as Record<
      string,
      string
    >;
    assert.ok(prices && Object.keys(prices).length > 0);
    for (const price of Object.values(prices)) assert.match(price, /^\d+(\.\d+)?$/);

    const parity = await runParity();
    assert.ok(parity.pairs > 100, `pairs: ${parity.pairs}`);
    assert.equal(parity.mismatchCount, 0, JSON.stringify(parity.mismatches.slice(0, 3)));
  });

  it('a rerun writes nothing', async () => {
    connector.shop.resetCounters();
    const result = await runPriceSync();
    assert.equal(result.totals.pushed, 0);
    assert.equal(result.totals.writeRequests, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.ok(result.totals.unchanged > 0);
  });

  it('parity reports exactly the prices changed in Sage without a sync, with both derivations', async () => {
    const parityBefore = await runParity();
    assert.equal(parityBefore.mismatchCount, 0);
    const before = await engineIndex();
    const changes = await mutatePrices(sage, { count: 8, seed: 11 });
    const after = await engineIndex();
    const changedArticles = new Set(changes.map((c) => c.articleReference));

    const parity = await runParity();
    const reported = new Set(parity.mismatches.map((m) => `${m.customer} ${m.sku}`));
    assert.equal(parity.mismatchCount, parity.mismatches.length);
    // Expected: every sampled pair (linked customer × linked article) whose engine price moved:
    // the shop still holds the old one.
    const customers = connector.shop.store
      .all('customer')
      .map((c) => c.meta_data.find((m) => m.key === 'sage_account')?.value)
      .filter((account): account is string => typeof account === 'string');
    const shopSkus = new Set(connector.shop.store.all('product').map((p) => p.sku));
    assert.equal(parity.customers, customers.length);
    const expected = new Set<string>();
    const day = new Date().toISOString().slice(0, 10);
    for (const customer of customers) {
      for (const sku of changedArticles) {
        if (!shopSkus.has(sku)) continue;
        const query = { customer, article: sku, quantity: 1, date: day };
        if (evaluatePrice(before, query).netPrice !== evaluatePrice(after, query).netPrice) {
          expected.add(`${customer} ${sku}`);
        }
      }
    }
    assert.ok(expected.size > 0, 'the mutation changed some sampled price');
    for (const key of reported) {
      assert.ok(changedArticles.has(key.split(' ')[1]), `${key} is not a changed article`);
    }
    assert.deepEqual([...reported].sort(), [...expected].sort());
    const sample = parity.mismatches[0];
    assert.notEqual(sample.engine.price, sample.shop.price);
    assert.ok(sample.engine.derivation.length > 0 && sample.shop.derivation.length > 0);

    // The operator command runs the same workflow and prints each mismatch (exit code 3).
    const configPath = join(connector.dir, 'cli.json');
    const { address, namespace } = connector.temporal.server;
    writeFileSync(
      configPath,
      JSON.stringify({ temporal: { mode: 'external', address, namespace } }),
    );
    const cli = await new Promise<{ code: number | null; stdout: string }>((done) => {
      // Asynchronous: this process's workers must keep serving the workflow the CLI starts.
      const child = execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'workers/cli.ts',
          'parity',
          '--customers',
          '1000',
          '--articles',
          '1000',
          '--config',
          configPath,
        ],
        (_err, stdout) => done({ code: child.exitCode, stdout }),
      );
    });
    assert.equal(cli.code, 3, cli.stdout);
    assert.match(cli.stdout, new RegExp(`${parity.mismatchCount} mismatch`));
    const first = parity.mismatches[0];
    assert.ok(cli.stdout.includes(`${first.customer} ${first.sku}: engine ${first.engine.price}`));

    // A price sync brings the shop back in step, writing only what changed.
    connector.shop.resetCounters();
    const resync = await runPriceSync();
    assert.ok(resync.totals.pushed > 0);
    assert.ok(resync.totals.unchanged > 0);
    assert.equal((await runParity()).mismatchCount, 0);
  });

  it('price meta edited in the shop: kept by plain runs, found and written back with compareShop', async () => {
    const { store } = connector.shop;
    const metaOf = (doc: { meta_data: { key: string; value: unknown }[] }, key: string) =>
      doc.meta_data.find((m) => m.key === key)?.value;
    const variation = store
      .all('product')
      .find((p) => p.type === 'variation' && metaOf(p, 'sage_prices') !== undefined)!;
    const customer = store
      .all('customer')
      .find((c) => metaOf(c, 'sage_customer_discount') !== undefined)!;
    assert.ok(variation && customer, 'a variation and a customer carrying price meta');
    const sku = variation.sku;
    const account = metaOf(customer, 'sage_account') as string;
    const prices = metaOf(variation, 'sage_prices') as Record<string, string>;
    const discount = metaOf(customer, 'sage_customer_discount');
    const category = Object.keys(prices)[0];
    const held = () => ({
      prices: metaOf(store.get('product', variation.id)!, 'sage_prices'),
      discount: metaOf(store.get('customer', customer.id)!, 'sage_customer_discount'),
    });
    // The shop admin (or an import plugin) edits both through the REST API.
    const admin = createWooClient(connector.config.woo);
    await admin.variations.update(variation.parent_id, variation.id, {
      meta_data: [{ key: 'sage_prices', value: { ...prices, [category]: '0.01' } }],
    });
    await admin.customers.update(customer.id, {
      meta_data: [{ key: 'sage_customer_discount', value: '99' }],
    });
    admin.close();
    const edited = { prices: { ...prices, [category]: '0.01' }, discount: '99' };
    assert.deepEqual(held(), edited);
    const reads = () =>
      (connector.shop.counters()['GET /products'] ?? 0) +
      (connector.shop.counters()['GET /customers'] ?? 0);

    // A plain run trusts the hashes: nothing read, nothing written, the edits stay.
    connector.shop.resetCounters();
    const plain = await runPriceSync();
    assert.equal(plain.totals.drift, 0);
    assert.equal(plain.totals.pushed, 0);
    assert.equal(plain.totals.shopReads, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.equal(reads(), 0);
    assert.deepEqual(held(), edited);

    // compareShop + dryRun: both found and reported, nothing written.
    connector.shop.resetCounters();
    const dry = await runPriceSync({ compareShop: true, dryRun: true });
    assert.equal(dry.totals.drift, 2);
    assert.equal(dry.totals.pushed, 2);
    assert.equal(writeRequests(connector.shop), 0);
    assert.deepEqual(held(), edited);
    // One read per page (products by SKU, customers by id), every read counted.
    assert.equal(dry.totals.shopReads, reads());
    assert.equal(dry.totals.shopReads, dry.pagesDone);
    const reports = await openSnapshotStore(connector.config.stateStore);
    try {
      const drifted = async () => reports.listReports('prices', { problem: DRIFT_REPAIRED });
      assert.deepEqual(
        (await drifted()).map((r) => [r.key, r.times]),
        [
          [account, 1],
          [sku, 1],
        ].sort(),
      );

      // compareShop: both written back, Sage's values in the shop again.
      connector.shop.resetCounters();
      const healed = await runPriceSync({ compareShop: true });
      assert.equal(healed.totals.drift, 2);
      assert.equal(healed.totals.pushed, 2);
      assert.equal(healed.totals.failed, 0);
      assert.equal(healed.totals.writeRequests, writeRequests(connector.shop));
      assert.equal(writeRequests(connector.shop), 2, 'one product and one customer write');
      assert.deepEqual(held(), { prices, discount });
      const found = new Map((await drifted()).map((r) => [r.key, r]));
      assert.equal(found.get(sku)?.times, 2);
      assert.equal(
        found.get(sku)?.detail,
        `variation sage_prices: ${category} 0.01 → ${prices[category]}`,
      );
      assert.equal(found.get(account)?.times, 2);
      assert.equal(
        found.get(account)?.detail,
        `customer sage_customer_discount: 99 → ${String(discount)}`,
      );
    } finally {
      await reports.close();
    }

    // Nothing left to repair: the next compareShop run finds no drift and writes nothing.
    connector.shop.resetCounters();
    const again = await runPriceSync({ compareShop: true });
    assert.equal(again.totals.drift, 0);
    assert.equal(again.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.equal(again.totals.shopReads, again.pagesDone);
    console.log(
      `      compareShop: ${again.totals.shopReads} reads over ${again.pagesDone} pages ` +
        `(${again.articles} articles, ${again.customers} customers)`,
    );
  });

  it('computes the expected price of each web order line', async () => {
    const handle = buildActivityDeps(connector.config, pino({ level: 'warn' }));
    try {
      const activities = createPricingActivities(handle.deps);
      const index = await engineIndex();
      const data = await loadPriceData(sage, connector.config.sage.freeFields);
      const customer = data.customers[0].account;
      const [a, b] = data.articles;
      const date = new Date().toISOString().slice(0, 10);
      const lines = await activities.computeExpectedLinePrices({
        customerAccount: customer,
        lines: [
          { sku: a.reference, quantity: 1 },
          { sku: b.reference, quantity: 12 },
          { sku: 'NO-SUCH-SKU', quantity: 1 },
        ],
        date,
      });
      const engine = (sku: string, quantity: number) =>
        evaluatePrice(index, { customer, article: sku, quantity, date });
      assert.deepEqual(lines, [
        {
          sku: a.reference,
          expected: engine(a.reference, 1).netPrice,
          rule: engine(a.reference, 1).rule,
        },
        {
          sku: b.reference,
          expected: engine(b.reference, 12).netPrice,
          rule: engine(b.reference, 12).rule,
        },
        { sku: 'NO-SUCH-SKU', expected: null, rule: 'unknown-article' },
      ]);
    } finally {
      await handle.close();
    }
  });
});
