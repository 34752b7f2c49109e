import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { CUSTOMER_EDITS_WORKFLOW_ID } from '../../workflows/customer-edits';
import { SAGE_CHANGE_FEED_WORKFLOW_ID } from '../../workflows/sage-change-feed';

const ROOT = resolve(__dirname, '..', '..');

/** A worker process serving every queue, as `npm run worker` runs it in production. */
export function startWorkerProcess(configPath: string): {
  child: ChildProcess;
  ready: Promise<void>;
} {
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

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/**
 * A worker process of the `workflows` role starts the long-running customer-edits workflow and
 * the Sage change feed; a test sharing the Temporal server with others ends them once its own
 * worker is gone, so no later test's in-process workers pick up their tasks (against a shop and
 * a Sage company that no longer exist).
 */
export async function endLongRunningFlows(client: Client): Promise<void> {
  for (const id of [CUSTOMER_EDITS_WORKFLOW_ID, SAGE_CHANGE_FEED_WORKFLOW_ID]) {
    await client.workflow
      .getHandle(id)
      .terminate('test over: its worker process is gone')
      .catch(() => undefined);
  }
}
