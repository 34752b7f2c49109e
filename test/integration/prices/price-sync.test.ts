import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { priceParity, priceSync } from '../../../workflows';
import type { PriceSyncInput } from '../../../workflows/price-sync';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { buildPriceIndex, evaluatePrice, type PriceIndex } from '../../../shared/pricing';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { loadPriceData } from '../../../activities/pricing/load-price-data';
import { createPricingActivities } from '../../../activities/pricing/activities';
import { mutatePrices } from '../../../sandbox/sage';
import { prefillFromCatalog } from '../../../sandbox/woo';
import { prefillProductsOf, readAllArticles } from '../../../sandbox/prefill-from-sage';
import { buildActivityDeps } from '../../../workers/deps';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import { runSync, writeRequests } from '../catalog/helpers';
import { runCustomerSync } from '../customers/helpers';

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

  const runPriceSync = (input: PriceSyncInput = {}) =>
    connector.temporal.client.workflow.execute(priceSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: ids(),
      args: [input],
    });
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
    connector = await startConnectorUnderTest({
      size: 'small',
      config: {
        customers: { newAccountEmail: 'disable-setting' },
        // Small pages and runs: the sync crosses page, phase and continue-as-new boundaries.
        prices: {
          productPageSize: 60,
          customerPageSize: 7,
          pagesPerRun: 4,
          parity: { maxListed: 100_000 },
        },
      },
    });
    sage = createSageDb(connector.config.sage);
    const articles = await readAllArticles(sage, connector.config.sage.freeFields);
    prefillFromCatalog(connector.shop, prefillProductsOf(articles, connector.config.catalog));
    const catalog = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    assert.equal(catalog.result.state, 'done');
    await runCustomerSync(connector, { mode: 'full' });
  });
  after(async () => {
    await sage?.destroy();
    await connector?.stop();
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
