import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { intakeOrder } from '../../../activities/orders/intake';
import { readCustomersChangedSince } from '../../../activities/sage/customers';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { openSnapshotStore, type StoredReport } from '../../../activities/state/snapshots';
import { createWooClient, type WooClient } from '../../../activities/woo';
import type { ProductDoc } from '../../../sandbox/woo/types';
import { parseConfig } from '../../../shared/config';
import { customStatusesOf, shopIdOf } from '../../../shared/config/orders';
import { DRIFT_FLOW, type DriftReconciliationResult } from '../../../shared/drift/report';
import { orderWorkflowId } from '../../../shared/orders/intake';
import type { Customer as ShopCustomer } from '../../../shared/woo/customer';
import type { Order } from '../../../shared/woo/order';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { driftReconciliation, priceSync } from '../../../workflows';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { metaValue, runSync, shopBySku, writeRequests } from '../catalog/helpers';
import { runCustomerSync } from '../customers/helpers';
import { eventually } from '../orders/harness';

/**
 * The drift reconciliation on real parts (tiny demo company, shop sandbox, Temporal dev server,
 * in-process workers). After the syncs, the shop admin edits by hand a product's price and its
 * price meta, another product's per-depot stock meta, a customer's Sage account meta and an
 * imported order's status. A report-only run finds each in its area and writes nothing; a heal
 * run repairs them; the next run finds nothing and the drift reports are gone.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** The CLI in a child process; asynchronous, so that this process's workers run its workflow. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'workers/cli.ts', ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('drift reconciliation (catalog, stock, prices, customer links, order statuses)', function () {
  this.timeout(300_000);
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  let woo: WooClient;
  let configPath: string;
  let serial = 0;
  let priced: ProductDoc;
  let stocked: ProductDoc;
  let relinked: ShopCustomer;
  let order: Order;
  const PRICE_META = 'sage_prices';
  const STOCK_META = 'sage_stock_by_depot';
  const ACCOUNT_META = 'sage_account';

  const reconcile = (heal: boolean): Promise<DriftReconciliationResult> =>
    connector.temporal.client.workflow.execute(driftReconciliation, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-drift-${Date.now()}-${(serial += 1)}`,
      args: [{ heal }],
    });
  const areaOf = (result: DriftReconciliationResult, name: string) => {
    const found = result.areas.find((a) => a.area === name);
    assert.ok(found, `area ${name} in ${JSON.stringify(result.areas)}`);
    return found;
  };
  const driftReports = async (): Promise<StoredReport[]> => {
    const store = await openSnapshotStore(connector.config.stateStore);
    try {
      return await store.listReports(DRIFT_FLOW);
    } finally {
      await store.close();
    }
  };
  const shopProduct = (sku: string) => shopBySku(connector.shop).get(sku) as ProductDoc;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      sandbox: { customOrderStatuses: customStatusesOf(parseConfig({}).orders) },
      config: { customers: { newAccountEmail: 'disable-setting' } },
    });
    const { config } = connector;
    const { client } = connector.temporal;
    configPath = join(connector.dir, 'cli-config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        stateStore: config.stateStore,
        temporal: { mode: 'external', address: connector.temporal.server.address },
      }),
    );
    sage = createSageDb(config.sage);
    woo = createWooClient(config.woo);
    const { articles } = await prefillShopFromSage(connector.shop, config);
    assert.equal((await runSync(client, 'catalog', { mode: 'full' })).result.state, 'done');
    assert.equal((await runSync(client, 'stock', { mode: 'full' })).result.state, 'done');
    await runCustomerSync(connector, { mode: 'full' });
    await client.workflow.execute(priceSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-drift-prices-${Date.now()}`,
    });

    // One web order of a linked customer, imported as a Sage quote by its workflow.
    const sellable = new Set(
      articles
        .filter((a) => !a.sleeping && a.packagings.length <= 1 && !a.masterReference)
        .map((a) => a.reference),
    );
    const products = [...shopBySku(connector.shop).values()].filter(
      (d) => d.type === 'simple' && d.status === 'publish' && d.regular_price !== '',
    );
    priced = products.find(
      (d) => sellable.has(d.sku) && metaValue(d, PRICE_META) !== undefined,
    ) as ProductDoc;
    stocked = products.find(
      (d) => d.sku !== priced?.sku && metaValue(d, STOCK_META) !== undefined,
    ) as ProductDoc;
    assert.ok(priced && stocked, 'a priced product and another with per-depot stock');
    const accounts = (await readCustomersChangedSince(sage, { limit: 200 })).items
      .filter((c) => !c.sleeping && c.centralAccount === '' && /^CL\d+$/.test(c.account))
      .map((c) => c.account);
    const linked: ShopCustomer[] = [];
    for await (const page of woo.customers.listAll({ role: 'all' })) linked.push(...page.items);
    const byAccount = (account: string) =>
      linked.find(
        (c) =>
          c.meta_data?.some((m) => m.key === ACCOUNT_META && m.value === account) &&
          c.meta_data?.some((m) => m.key === 'sage_home_depot' && m.value !== ''),
      );
    const [buyer, other] = accounts.map(byAccount).filter((c) => c !== undefined);
    assert.ok(buyer && other, 'two linked customers with a home depot');
    relinked = other;
    const placed = await woo.orders.create({
      customer_id: buyer.id,
      status: 'processing',
      line_items: [{ sku: priced.sku, quantity: 2, total: '20.00', subtotal: '20.00' }],
    });
    await intakeOrder(client, config, {
      id: placed.id,
      number: placed.number,
      status: 'processing',
    });
    order = await eventually(
      async () => {
        const now = await woo.orders.get(placed.id);
        return now.status === config.orders.statuses.awaitingValidation ? now : undefined;
      },
      30_000,
      'the order imported and shown awaiting validation',
    );

    // The shop took the order's quantity off its stock (as WooCommerce does for a processing
    // order) while Sage has only the quote: no drift, the connector's available stock takes
    // the web quote off too (stock.available.minusWebOrders, shared/stock/web-orders.ts).
    const baseline = await reconcile(true);
    assert.equal(baseline.drifted, 0, JSON.stringify(baseline.areas, null, 2));
    assert.equal(areaOf(baseline, 'stock').healed, 0);
    // Nothing drifts now: a report-only run finds nothing.
    const clean = await reconcile(false);
    assert.equal(clean.drifted, 0, JSON.stringify(clean.areas, null, 2));

    // The shop admin's hand edits (REST, as the admin screens do).
    await woo.products.update(priced.id, {
      regular_price: '0.01',
      meta_data: [{ key: PRICE_META, value: { '1': '0.01' } }],
    });
    await woo.products.update(stocked.id, {
      meta_data: [{ key: STOCK_META, value: { '1': 999 } }],
    });
    await woo.customers.update(relinked.id, {
      meta_data: [{ key: ACCOUNT_META, value: 'CL99999' }],
    });
    await woo.orders.update(order.id, { status: config.orders.statuses.inPreparation });
  });
  after(async () => {
    const client = connector?.temporal.client;
    if (client && order) {
      const id = orderWorkflowId(
        shopIdOf(connector.config.orders, connector.config.woo.url),
        order.id,
      );
      await client.workflow
        .getHandle(id)
        .terminate('suite over')
        .catch(() => undefined);
    }
    woo?.close();
    await sage?.destroy();
    await connector?.stop();
  });

  it('a report-only run reports each hand edit in its area, per entity, and writes nothing', async () => {
    connector.shop.resetCounters();
    const result = await reconcile(false);
    assert.equal(writeRequests(connector.shop), 0, 'no write to the shop');
    console.log(
      `      ${result.areas.map((a) => `${a.area} ${a.checked}/${a.drifted}`).join(', ')}`,
    );
    for (const area of result.areas) assert.equal(area.state, 'done', JSON.stringify(area));
    assert.equal(areaOf(result, 'catalog').drifted, 1);
    assert.equal(areaOf(result, 'stock').drifted, 1);
    assert.equal(areaOf(result, 'prices').drifted, 1);
    assert.equal(areaOf(result, 'customers').drifted, 1);
    assert.equal(areaOf(result, 'orders').drifted, 1);
    assert.equal(result.drifted, 5);
    for (const area of result.areas) assert.equal(area.healed, 0);

    // One report per drifted entity, in its area, naming the field and both values.
    const reports = await driftReports();
    const byArea = (problem: string) => reports.filter((r) => r.problem === problem);
    assert.deepEqual(
      byArea('catalog').map((r) => r.key),
      [priced.sku],
    );
    assert.match(byArea('catalog')[0].detail, /regular_price shop 0\.01, Sage /);
    assert.deepEqual(
      byArea('stock').map((r) => r.key),
      [stocked.sku],
    );
    assert.match(byArea('stock')[0].detail, new RegExp(`meta:${STOCK_META} shop \\{"1":999\\}`));
    assert.deepEqual(
      byArea('prices').map((r) => r.key),
      [priced.sku],
    );
    assert.deepEqual(
      byArea('customers').map((r) => r.key),
      [`woo:${relinked.id}`],
    );
    assert.match(byArea('customers')[0].detail, /no account CL99999/);
    assert.match(byArea('customers')[0].detail, /shop CL99999, state store CL\d+/);
    assert.deepEqual(
      byArea('orders').map((r) => r.key),
      [order.number],
    );
    assert.match(byArea('orders')[0].detail, /status shop preparing, Sage awaiting-valid/);
    assert.equal(reports.length, 5);

    // Nothing changed in the shop.
    assert.equal(shopProduct(priced.sku).regular_price, '0.01');
    assert.deepEqual(metaValue(shopProduct(stocked.sku), STOCK_META), { '1': 999 });
    const customer = await woo.customers.get(relinked.id);
    assert.equal(customer.meta_data?.find((m) => m.key === ACCOUNT_META)?.value, 'CL99999');
    assert.equal((await woo.orders.get(order.id)).status, 'preparing');

    // The operator lists them with the CLI.
    const listed = await cli(['reports', 'drift', '--config', configPath]);
    assert.equal(listed.code, 0, listed.stderr);
    for (const report of reports) {
      assert.ok(
        listed.stdout.includes(`drift\t${report.key}\t${report.problem}\t`),
        `${report.key} ${report.problem} in\n${listed.stdout}`,
      );
    }
    assert.match(listed.stderr, /5 report\(s\) for drift/);
  });

  it('a heal run repairs each; the next run finds nothing and the reports are gone', async () => {
    const healed = await reconcile(true);
    for (const area of healed.areas) {
      assert.equal(area.state, 'done', JSON.stringify(area));
      assert.equal(area.drifted, 1, JSON.stringify(area));
      assert.equal(area.healed, 1, JSON.stringify(area));
    }
    assert.equal(shopProduct(priced.sku).regular_price, priced.regular_price);
    assert.deepEqual(metaValue(shopProduct(priced.sku), PRICE_META), metaValue(priced, PRICE_META));
    assert.deepEqual(
      metaValue(shopProduct(stocked.sku), STOCK_META),
      metaValue(stocked, STOCK_META),
    );
    const customer = await woo.customers.get(relinked.id);
    assert.equal(
      customer.meta_data?.find((m) => m.key === ACCOUNT_META)?.value,
      relinked.meta_data?.find((m) => m.key === ACCOUNT_META)?.value,
    );
    // The order's own workflow shows its stage again (signalled `refresh` with `reshow`).
    await eventually(
      async () => (await woo.orders.get(order.id)).status === 'awaiting-valid',
      20_000,
      'the order status shown again by its workflow',
    );

    // Through the CLI: nothing drifts any more (exit 0), and the drift reports are settled.
    const rerun = await cli(['reconcile', '--config', configPath]);
    assert.equal(rerun.code, 0, `${rerun.stdout}\n${rerun.stderr}`);
    assert.match(rerun.stdout, /drift reconciliation \(report only\): 0 drifted/);
    assert.match(rerun.stdout, /orders: 1 checked, 0 drifted/);
    assert.deepEqual(await driftReports(), []);
  });

  it('an area whose sync is already running is said skipped, and the others still run', async () => {
    const { client } = connector.temporal;
    // A stock run that never moves (no worker serves its queue) holds the one-run guard.
    const ahead = await client.workflow.start('stockSync', {
      taskQueue: 'drift-test-nobody',
      workflowId: `test-drift-stock-ahead-${Date.now()}`,
      args: [{}],
    });
    try {
      await eventually(async () => {
        for await (const run of client.workflow.list({
          query: `WorkflowId = '${ahead.workflowId}' AND ExecutionStatus = 'Running'`,
        })) {
          return run;
        }
        return undefined;
      });
      const result = await reconcile(false);
      const stock = areaOf(result, 'stock');
      assert.equal(stock.state, 'skipped');
      assert.match(
        stock.note ?? '',
        new RegExp(`run ${ahead.workflowId} of stockSync in progress`),
      );
      for (const name of ['catalog', 'prices', 'customers', 'orders']) {
        assert.equal(areaOf(result, name).state, 'done', name);
      }
      assert.equal(result.drifted, 0);
    } finally {
      await ahead.terminate('test over');
    }
  });
});
