import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectItems } from '../../activities/woo';
import { catalogSync } from '../../workflows';
import { progressQuery } from '../../workflows/paged-sync';
import { TASK_QUEUES } from '../../shared/task-queues';
import { killHard, startWorkerProcess } from '../helpers/worker-process';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';

const KILLS = 2;

/** What the catalog sync owns of every product and variation, by SKU, read from the store. */
async function syncedState(connector: RealShopConnector): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const view = (e: {
    status: string;
    regular_price: string;
    stock_status?: string;
    meta_data: { key: string; value: unknown }[];
  }) =>
    JSON.stringify({
      status: e.status,
      regular_price: e.regular_price,
      meta: e.meta_data.filter((m) => m.key.startsWith('sage_')).map((m) => [m.key, m.value]),
    });
  const products = await collectItems(
    connector.admin.products.listAll({ status: 'any', per_page: 100 }),
  );
  for (const p of products) {
    out.set(p.sku, view(p));
    if (p.type !== 'variable') continue;
    for (const v of await collectItems(
      connector.admin.variations.listAll(p.id, { per_page: 100 }),
    )) {
      out.set(v.sku, view(v));
    }
  }
  return out;
}

/**
 * A worker process killed (SIGKILL) in the middle of a forced full catalog sync against the real
 * store: the run resumes on a new worker, finishes, and the store ends as an uninterrupted run
 * leaves it — nothing lost, no product created twice.
 */
describe('real store: a worker killed mid-sync', function () {
  this.timeout(900_000);
  let connector: RealShopConnector;

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    await agencyCatalog(connector);
  });
  after(async () => {
    await connector?.startWorkers();
  });

  it(`finishes after ${KILLS} kill -9 and leaves the store as a clean run does`, async () => {
    const { client } = connector.temporal;
    // The reference: an uninterrupted forced run, in-process.
    await client.workflow.execute(catalogSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-clean-${Date.now()}`,
      args: [{ mode: 'full', force: true }],
    });
    const clean = await syncedState(connector);

    // Sage prices move so the killed run really rewrites, then the same run with kills.
    await connector.stopWorkers();
    const configPath = join(dirname(connector.sagePath), 'worker-kill.json');
    writeFileSync(
      configPath,
      JSON.stringify({ ...connector.configInput, catalog: { pageSize: 20, pagesPerRun: 3 } }),
    );
    const handle = await client.workflow.start(catalogSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-kill-${Date.now()}`,
      args: [{ mode: 'full', force: true }],
    });
    let worker = startWorkerProcess(configPath);
    let kills = 0;
    try {
      let pagesAtLastKill = -1;
      while (kills < KILLS) {
        await worker.ready;
        const deadline = Date.now() + 300_000;
        for (;;) {
          const progress = await handle.query(progressQuery).catch(() => undefined);
          if (progress && progress.pagesDone > pagesAtLastKill) {
            pagesAtLastKill = progress.pagesDone;
            assert.equal(progress.state, 'running', `the run ended after ${kills} kills`);
            break;
          }
          if (Date.now() > deadline) throw new Error('no progress');
          await new Promise((r) => setTimeout(r, 200));
        }
        // Mid-page: a batch is in flight on the store most of the time.
        await new Promise((r) => setTimeout(r, 500 + Math.floor(Math.random() * 1500)));
        await killHard(worker.child);
        kills += 1;
        worker = startWorkerProcess(configPath);
      }
      const result = await handle.result();
      assert.equal(result.state, 'done');
      assert.equal(result.totals.failed, 0);
    } finally {
      await killHard(worker.child);
    }
    const after = await syncedState(connector);
    assert.equal(after.size, clean.size, 'no product or variation created or lost');
    const differing = [...clean].filter(([sku, view]) => after.get(sku) !== view).map(([s]) => s);
    assert.deepEqual(differing, []);
  });
});
