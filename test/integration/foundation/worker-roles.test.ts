import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { connectorCheck } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { parseConfig } from '../../../shared/config';
import { generateDemoCompany } from '../../../sandbox/sage/generator';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import { buildActivityDeps } from '../../../workers/deps';
import { startWorkers, type RunningWorkers } from '../../../workers/run-workers';
import { testTemporal } from '../../helpers/temporal';

const ROOT = resolve(__dirname, '..', '..', '..');

interface WorkerProcess {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

function spawnWorker(roles: string, env: Record<string, string>): WorkerProcess {
  const child = spawn('node', ['--import', 'tsx', 'workers/worker.ts', '--roles', roles], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, exited };
}

async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('workers in separate processes, by role', function () {
  this.timeout(120_000);
  let dir: string;
  let shop: RunningSandbox;
  let workflows: RunningWorkers;
  let closeDeps: () => Promise<void>;
  const processes: WorkerProcess[] = [];

  after(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await workflows?.shutdown();
    await closeDeps?.();
    await shop?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the sage and woo queues from their own processes, logs JSON with context, stops on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sws-roles-'));
    const sagePath = join(dir, 'sage.sqlite');
    generateDemoCompany({ path: sagePath, size: 'tiny', seed: 3 });
    shop = await startSandbox();
    const temporal = await testTemporal();
    const env = {
      SWS_TEMPORAL__MODE: 'external',
      SWS_TEMPORAL__ADDRESS: temporal.server.address,
      SWS_SAGE__EMBEDDED__PATH: sagePath,
      SWS_WOO__URL: shop.url,
      SWS_WOO__CONSUMER_KEY: DEFAULT_CONSUMER_KEY,
      SWS_WOO__CONSUMER_SECRET: DEFAULT_CONSUMER_SECRET,
      SWS_STATE_STORE__SQLITE__PATH: join(dir, 'state.sqlite'),
    };
    const sage = spawnWorker('sage', env);
    const woo = spawnWorker('woo', env);
    processes.push(sage, woo);
    await until(
      () => /workers started/.test(sage.stdout()) && /workers started/.test(woo.stdout()),
      60_000,
      'workers',
    );

    // This process runs only the workflow worker: the activities must come from the others.
    const config = parseConfig({}, env);
    const logger = pino({ level: 'warn' });
    const deps = buildActivityDeps(config, logger);
    closeDeps = deps.close;
    workflows = await startWorkers({
      connection: temporal.nativeConnection,
      namespace: temporal.server.namespace,
      roles: ['workflows'],
      deps: deps.deps,
      logger,
    });
    const workflowId = `test-roles-${Date.now()}`;
    const result = await temporal.client.workflow.execute(connectorCheck, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
    });
    assert.equal(result.sage.depots, 8);
    assert.equal(result.woo.kind, 'sandbox');

    // The sage worker's activity log line is JSON carrying the workflow and activity context.
    await until(() => sage.stdout().includes('Sage company read'), 10_000, 'activity log');
    const line = sage
      .stdout()
      .split('\n')
      .find((l) => l.includes('Sage company read'));
    const entry = JSON.parse(line!) as Record<string, unknown>;
    assert.equal(entry.workflowId, workflowId);
    assert.equal(entry.activityType, 'sageHealth');
    assert.equal(entry.taskQueue, TASK_QUEUES.sage);
    assert.ok(!woo.stdout().includes('Sage company read'), 'the woo process ran no Sage activity');

    sage.child.kill('SIGTERM');
    woo.child.kill('SIGTERM');
    assert.equal(await sage.exited, 0);
    assert.equal(await woo.exited, 0);
    assert.match(sage.stdout(), /"msg":"stopped"/);
  });

  it('a start that fails part-way leaves none of its workers registered', async () => {
    const temporal = await testTemporal();
    const logger = pino({ level: 'silent' });
    const deps = buildActivityDeps(parseConfig({}, {}), logger);
    const start = (roles: ('sage' | 'woo')[]) =>
      startWorkers({
        connection: temporal.nativeConnection,
        namespace: temporal.server.namespace,
        roles,
        deps: deps.deps,
        logger,
      });
    const started: RunningWorkers[] = [await start(['woo'])];
    try {
      // The Sage worker is made, then the shop one is refused (this process polls `woo`).
      await assert.rejects(start(['sage', 'woo']), /overlapping worker task types/);
      // The Sage worker made before the refusal was released: it can be started again.
      started.push(await start(['sage']));
    } finally {
      for (const workers of started) await workers.shutdown();
      await deps.close();
    }
  });

  it('refuses an unknown role', async () => {
    const bad = spawnWorker('sage,cooking', {});
    processes.push(bad);
    assert.equal(await bad.exited, 2);
  });
});
