import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { catalogSync } from '../../../workflows';
import { parseConfig, type Config } from '../../../shared/config';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { generateDemoCompany } from '../../../sandbox/sage/generator';
import { startSandbox, type RunningSandbox } from '../../../sandbox/woo';
import { buildActivityDeps } from '../../../workers/deps';
import { startWorkers } from '../../../workers/run-workers';
import { endLongRunningFlows, killHard, startWorkerProcess } from '../../helpers/worker-process';
import { testTemporal, type TestTemporal } from '../../helpers/temporal';
import { demoConfigInput, prefillShopFromSage } from '../../helpers/connector';
import { syncedView } from './helpers';

const KILLS = 5;

function connectorConfig(dir: string, name: string, shop: RunningSandbox, temporal: TestTemporal) {
  return {
    ...demoConfigInput(dir, 'small', temporal.server, { shop, state: `${name}-state` }),
    catalog: { pageSize: 8, pagesPerRun: 3 },
    log: { level: 'error' },
  };
}

/** Every request the shop has answered so far (reads and writes). */
function shopRequests(shop: RunningSandbox): number {
  return Object.values(shop.counters()).reduce((sum, n) => sum + n, 0);
}

/**
 * Waits until the shop has seen a request since `before`: the restarted worker is doing work.
 * Paced on the shop rather than on the progress query, which can hang while the server still
 * routes queries to the killed worker's sticky queue (the run moves on meanwhile).
 */
async function waitForShopWork(shop: RunningSandbox, before: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (shopRequests(shop) <= before) {
    if (Date.now() > deadline) throw new Error(`the shop saw no request after ${before}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function shopView(shop: RunningSandbox): Record<string, Record<string, unknown>> {
  const docs = shop.store.all('product');
  const parents = new Map(docs.map((d) => [d.id, d.sku]));
  return Object.fromEntries(
    docs.map((d) => [d.sku, { ...syncedView(d), parent: parents.get(d.parent_id) ?? null }]),
  );
}

describe('catalog sync survives worker crashes', function () {
  this.timeout(300_000);
  let dir: string;
  let temporal: TestTemporal;
  let crashShop: RunningSandbox;
  let cleanShop: RunningSandbox;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sws-crash-'));
    generateDemoCompany({ path: join(dir, 'sage.sqlite'), size: 'small', seed: 11 });
    temporal = await testTemporal();
    // Slow enough that the kills land in the middle of the run.
    crashShop = await startSandbox({ faults: { latencyMs: 300 } });
    cleanShop = await startSandbox();
    const config = parseConfig(connectorConfig(dir, 'probe', cleanShop, temporal));
    await prefillShopFromSage([crashShop, cleanShop], config);
  });
  after(async () => {
    await crashShop?.close();
    await cleanShop?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`completes after ${KILLS} kill -9 of its worker and leaves the shop as a clean run does`, async () => {
    const configPath = join(dir, 'crash.json');
    writeFileSync(configPath, JSON.stringify(connectorConfig(dir, 'crash', crashShop, temporal)));
    const { client } = temporal;
    const handle = await client.workflow.start(catalogSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-catalog-crash-${Date.now()}`,
      args: [{ mode: 'full' }],
    });

    let kills = 0;
    let worker = startWorkerProcess(configPath);
    try {
      let requestsAtLastKill = shopRequests(crashShop);
      while (kills < KILLS) {
        await worker.ready;
        // Kill once the new worker is at work again (the killed page is retried once its
        // heartbeat times out), at a random point: mid-page, mid-batch, between pages.
        await waitForShopWork(crashShop, requestsAtLastKill);
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 600)));
        const { status } = await handle.describe();
        assert.equal(
          status.name,
          'RUNNING',
          `the run ended after only ${kills} kills (${shopRequests(crashShop)} shop requests)`,
        );
        requestsAtLastKill = shopRequests(crashShop);
        await killHard(worker.child);
        kills += 1;
        worker = startWorkerProcess(configPath);
      }
      const result = await handle.result();
      assert.equal(result.state, 'done');
      assert.equal(result.totals.failed, 0);
    } finally {
      await killHard(worker.child);
      await endLongRunningFlows(client);
    }
    assert.equal(kills, KILLS);

    // The same sync, never interrupted, on an identical shop.
    const cleanConfig: Config = parseConfig(connectorConfig(dir, 'clean', cleanShop, temporal));
    const deps = buildActivityDeps(cleanConfig, pino({ level: 'error' }));
    const workers = await startWorkers({
      connection: temporal.nativeConnection,
      namespace: temporal.server.namespace,
      roles: ['workflows', 'sage', 'woo'],
      deps: deps.deps,
      logger: pino({ level: 'error' }),
    });
    try {
      const clean = await client.workflow.execute(catalogSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `test-catalog-clean-${Date.now()}`,
        args: [{ mode: 'full' }],
      });
      assert.equal(clean.state, 'done');
    } finally {
      await workers.shutdown();
      await deps.close();
    }
    const crashed = shopView(crashShop);
    const cleanView = shopView(cleanShop);
    assert.equal(Object.keys(crashed).length, Object.keys(cleanView).length);
    assert.deepEqual(crashed, cleanView);
  });
});
