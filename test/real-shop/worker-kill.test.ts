import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { collectItems } from '../../activities/woo';
import { catalogSync } from '../../workflows';
import { progressQuery } from '../../workflows/paged-sync';
import { TASK_QUEUES } from '../../shared/task-queues';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';

const ROOT = resolve(__dirname, '..', '..');
const KILLS = 2;

/** A worker process serving every queue, as `npm run worker` runs it in production. */
function startWorkerProcess(configPath: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'workers/worker.ts', '--roles', 'workflows,sage,woo'],
    {
      cwd: ROOT,
      env: { ...process.env, SWS_CONFIG: configPath, SWS_LOG__LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const ready = new Promise<void>((done, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      if (output.includes('workers started')) done();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`worker exited (${code}): ${output.slice(-2000)}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, ready };
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

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
