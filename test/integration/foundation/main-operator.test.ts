import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../shared/config';
import { freePort } from '../../../workers/dev-server';
import { temporalTargetOf } from '../../../workers/temporal-connection';
import { ROOT, collect, embeddedEnv, exitOf, exitWithin, groupPids, waitFor } from './main-process';

const READY = /ready\. Press Ctrl-C/;

interface Started {
  child: ChildProcess;
  pgid: number;
  stdout: () => string;
  stderr: () => string;
}

/** The main command in its own process group (like a terminal's job), stdout and stderr piped. */
function startMain(env: NodeJS.ProcessEnv, via: 'npm' | 'node' = 'node'): Started {
  const [command, args] =
    via === 'npm' ? ['npm', ['start']] : ['node', ['--import', 'tsx', 'workers/main.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = collect(child.stdout!);
  const stderr = collect(child.stderr!);
  return { child, pgid: child.pid!, stdout: stdout.text, stderr: stderr.text };
}

function killGroup(started: Started | undefined): void {
  if (started && groupPids(started.pgid).length > 0) process.kill(-started.pgid, 'SIGKILL');
}

describe('the main command for an operator', function () {
  this.timeout(180_000);

  describe('with one instance running', () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let first: Started;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sws-operator-'));
      env = { ...(await embeddedEnv(dir)), SWS_WOO__SANDBOX__PORT: String(await freePort()) };
      first = startMain(env);
      await waitFor(first.child, first.stderr, READY, 150_000);
    });

    after(async () => {
      if (first && first.child.exitCode === null) {
        process.kill(first.pgid, 'SIGINT');
        await exitWithin(first.child, 30_000);
      }
      killGroup(first);
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes no activity task token and no "No activities registered" warning to its logs', async () => {
      // The first syncs run at start; the customer sync logs from an activity.
      await waitFor(first.child, first.stdout, /"activityType"/, 60_000);
      const lines = first
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      assert.ok(lines.length > 0, 'JSON log lines on stdout (not a terminal)');
      const activityLines = lines.filter((line) => line.includes('"activityType"'));
      assert.ok(activityLines.length > 0, `activities logged:\n${first.stdout()}`);
      for (const line of lines) assert.doesNotMatch(line, /taskToken/);
      assert.doesNotMatch(first.stdout(), /No (activities|workflows) registered/);
      // The banner is on stderr alone, and no JSON is mixed into it.
      assert.doesNotMatch(first.stderr(), /^\{/m);
      assert.doesNotMatch(first.stdout(), /Press Ctrl-C/);
    });

    it('a second start fails fast naming the port in use, leaves nothing, spares the first', async () => {
      const logFile = join(dir, 'temporal.log');
      const logBefore = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      const second = startMain(env);
      try {
        const exit = await exitWithin(second.child, 20_000);
        assert.ok(exit, `the second start still runs after 20 s:\n${second.stderr()}`);
        assert.notEqual(exit.code, 0, second.stderr());
        const port = env.SWS_TEMPORAL__EMBEDDED__PORT!;
        assert.match(second.stderr(), new RegExp(`port ${port}\\b.*already in use`));
        // The holder is named: the first instance's dev server.
        assert.match(second.stderr(), /in use by pid \d+ \([^)]*temporal/);
        assert.doesNotMatch(second.stderr(), /temporal dev server started|stopped\./);
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(groupPids(second.pgid), [], 'no process of the second start remains');
        // The first instance runs on, its dev server's log untouched.
        assert.equal(first.child.exitCode, null);
        const uiPort = env.SWS_TEMPORAL__EMBEDDED__UI_PORT!;
        assert.equal((await fetch(`http://127.0.0.1:${uiPort}/`)).status, 200);
        const logAfter = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        assert.equal(logAfter, logBefore);
      } finally {
        killGroup(second);
      }
    });

    it('a second start fails the same way when only the webhooks port is taken', async () => {
      const holder: Server = createServer();
      await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
      const port = (holder.address() as { port: number }).port;
      const otherDir = mkdtempSync(join(tmpdir(), 'sws-operator-'));
      const second = startMain({
        ...(await embeddedEnv(otherDir)),
        SWS_WEBHOOKS__LISTEN__PORT: String(port),
      });
      try {
        const exit = await exitWithin(second.child, 20_000);
        assert.ok(exit, `the second start still runs after 20 s:\n${second.stderr()}`);
        assert.notEqual(exit.code, 0);
        assert.match(second.stderr(), new RegExp(`port ${port}\\b.*webhooks.*already in use`));
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(groupPids(second.pgid), [], 'no process of the second start remains');
      } finally {
        killGroup(second);
        holder.close();
        rmSync(otherDir, { recursive: true, force: true });
      }
    });

    it('the CLI talks to the embedded server (temporal.embedded.ip:port)', async () => {
      // temporal.address points nowhere: only the embedded port reaches the running server.
      const cliEnv = { ...env, SWS_TEMPORAL__ADDRESS: `127.0.0.1:${await freePort()}` };
      const out = await new Promise<string>((resolveOut, reject) => {
        execFile(
          'node',
          ['--import', 'tsx', 'workers/cli.ts', 'check'],
          { cwd: ROOT, env: cliEnv, timeout: 60_000 },
          (err, stdout, stderr) =>
            err ? reject(new Error(`${err.message}\n${stderr}`)) : resolveOut(stdout),
        );
      });
      const result = JSON.parse(out) as { sage: { articles: number } };
      assert.equal(result.sage.articles, 30);
    });
  });

  it('picks temporal.embedded.ip:port in embedded mode, temporal.address otherwise', () => {
    const embedded = parseConfig({
      temporal: { address: '10.0.0.1:7233', embedded: { ip: '127.0.0.2', port: 17999 } },
    });
    assert.equal(temporalTargetOf(embedded).address, '127.0.0.2:17999');
    const external = parseConfig({
      temporal: { mode: 'external', address: '10.0.0.1:7233', embedded: { port: 17999 } },
    });
    assert.equal(temporalTargetOf(external).address, '10.0.0.1:7233');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops everything, exit 0, on ${signal} to npm's PID alone (as a supervisor sends it)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sws-operator-'));
      let started: Started | undefined;
      try {
        started = startMain(await embeddedEnv(dir), 'npm');
        await waitFor(started.child, started.stderr, READY, 150_000);
        assert.ok(groupPids(started.pgid).length >= 3, 'npm, node and the dev server run');
        process.kill(started.pgid, signal); // npm's PID, not its group
        const exit = await exitWithin(started.child, 40_000);
        assert.ok(exit, `npm start still runs 40 s after ${signal}:\n${started.stderr()}`);
        assert.equal(exit.code, 0, `exit ${exit.code} ${exit.signal}\n${started.stderr()}`);
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(groupPids(started.pgid), [], 'no process of the project remains');
        assert.match(started.stderr(), /stopped\./);
      } finally {
        killGroup(started);
        if (started) await exitOf(started.child);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
