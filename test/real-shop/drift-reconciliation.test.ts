import assert from 'node:assert/strict';
import { openSnapshotStore } from '../../activities/state/snapshots';
import { DRIFT_FLOW, type DriftReconciliationResult } from '../../shared/drift/report';
import { TASK_QUEUES } from '../../shared/task-queues';
import { driftReconciliation, priceSync } from '../../workflows';
import { runSync } from '../integration/catalog/helpers';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';

/**
 * The drift reconciliation against a real WooCommerce store: a price and a stock edited through
 * WooCommerce's own product update (what the store admin does) are found by a report-only run,
 * which writes nothing, and repaired by a heal run.
 */
describe('real store: drift reconciliation', function () {
  this.timeout(600_000);
  let connector: RealShopConnector;
  let ids: Map<string, number>;
  let serial = 0;

  const reconcile = (heal: boolean): Promise<DriftReconciliationResult> =>
    connector.temporal.client.workflow.execute(driftReconciliation, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-drift-${Date.now()}-${(serial += 1)}`,
      args: [{ heal }],
    });
  const areaOf = (result: DriftReconciliationResult, name: string) => {
    const found = result.areas.find((a) => a.area === name);
    assert.ok(found, `area ${name}`);
    return found;
  };

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    ({ ids } = await agencyCatalog(connector));
    const { client } = connector.temporal;
    assert.equal((await runSync(client, 'catalog', { mode: 'full' })).result.state, 'done');
    assert.equal((await runSync(client, 'stock', { mode: 'full' })).result.state, 'done');
    await client.workflow.execute(priceSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-drift-prices-${Date.now()}`,
    });
  });

  it('finds a price and a stock edited in the store admin, writes nothing, then heals them', async () => {
    const [target] = connector.articles.filter(
      (a) => !a.masterReference && !a.sleeping && a.packagings.length < 2 && ids.has(a.reference),
    );
    const id = ids.get(target.reference)!;
    const before = await connector.admin.products.get(id);
    await connector.admin.products.update(id, {
      regular_price: '0.01',
      stock_quantity: (before.stock_quantity ?? 0) + 500,
    });

    connector.proxy.reset();
    const found = await reconcile(false);
    console.log(
      `      ${found.areas.map((a) => `${a.area} ${a.checked}/${a.drifted}`).join(', ')}`,
    );
    assert.equal(connector.proxy.writes().length, 0, 'a report-only run writes nothing');
    for (const area of found.areas) assert.equal(area.state, 'done', JSON.stringify(area));
    assert.equal(areaOf(found, 'catalog').drifted, 1);
    assert.equal(areaOf(found, 'stock').drifted, 1);
    assert.equal(found.drifted, 2, JSON.stringify(found.areas));
    const reports = await openSnapshotStore(connector.config.stateStore);
    try {
      const listed = await reports.listReports(DRIFT_FLOW);
      const of = (problem: string) => listed.filter((r) => r.problem === problem);
      assert.deepEqual(
        of('catalog').map((r) => r.key),
        [target.reference],
      );
      assert.match(of('catalog')[0].detail, /regular_price shop 0\.01, Sage /);
      assert.deepEqual(
        of('stock').map((r) => r.key),
        [target.reference],
      );
      assert.match(of('stock')[0].detail, /stock_quantity shop \d+, Sage \d+/);
    } finally {
      await reports.close();
    }
    assert.equal((await connector.admin.products.get(id)).regular_price, '0.01');

    const healed = await reconcile(true);
    assert.equal(areaOf(healed, 'catalog').healed, 1);
    assert.equal(areaOf(healed, 'stock').healed, 1);
    const repaired = await connector.admin.products.get(id);
    assert.equal(repaired.regular_price, before.regular_price);
    assert.equal(repaired.stock_quantity, before.stock_quantity);
    assert.equal((await reconcile(false)).drifted, 0);
  });
});
