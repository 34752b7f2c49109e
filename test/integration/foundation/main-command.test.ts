import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../workers/dev-server';

const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Live pids of a process group, as `ps` sees them. Zombies are left out: a child that outlived
 * its parent for a moment is reaped by init (or stays "defunct" where the sandbox's init does not
 * reap), and holds nothing, neither port nor file.
 */
function groupPids(pgid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=']).toString();
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number) {
  return new Promise<void>((resolveWait, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(output())) {
        clearInterval(timer);
        resolveWait();
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`no ${pattern} in output:\n${output()}`));
      }
    }, 200);
    const deadline = Date.now() + timeoutMs;
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

describe('the main command (npm start)', function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sws-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function embeddedEnv(): Promise<NodeJS.ProcessEnv> {
    const [port, uiPort] = [await freePort(), await freePort()];
    return {
      ...process.env,
      SWS_DATA_DIR: dir,
      SWS_TEMPORAL__EMBEDDED__PORT: String(port),
      SWS_TEMPORAL__EMBEDDED__UI_PORT: String(uiPort),
      SWS_TEMPORAL__EMBEDDED__DB_FILE: join(dir, 'temporal.sqlite'),
      SWS_SAGE__EMBEDDED__PATH: join(dir, 'sage.sqlite'),
      SWS_SAGE__DEMO__SIZE: 'tiny',
      SWS_WOO__SANDBOX__DB_PATH: join(dir, 'woo.sqlite'),
      SWS_WOO__SANDBOX__PORT: '0',
      SWS_STATE_STORE__SQLITE__PATH: join(dir, 'state.sqlite'),
    };
  }

  it('starts the embedded default, completes the check, and leaves no process after Ctrl-C', async () => {
    const env = await embeddedEnv();
    const uiPort = env.SWS_TEMPORAL__EMBEDDED__UI_PORT;
    // Its own process group, like a terminal's foreground job: Ctrl-C signals the whole group.
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = collect(child.stderr!);
    collect(child.stdout!);
    const pgid = child.pid!;
    try {
      await waitFor(child, stderr.text, /ready\. Press Ctrl-C/, 150_000);
      const text = stderr.text();
      assert.match(text, new RegExp(`Temporal UI\\s+http://127\\.0\\.0\\.1:${uiPort}`));
      assert.match(
        text,
        /Connector check\s+Sage: 30 articles, \d+ accounts, 8 depots · shop: \d+ products/,
      );
      // The embedded shop emulates the shop plugin; the start-up check names it.
      assert.match(text, /Shop plugin\s+sage-woo-sync \d+\.\d+\.\d+ \(contract \d+\): .*invoices/);
      const shopUrl = /Shop\s+(http:\/\/\S+)/.exec(text)?.[1];
      assert.ok(shopUrl, 'shop URL printed');
      // The embedded shop delivers to the webhook server's local URL, on a free port.
      assert.match(
        text,
        /Webhooks\s+listening on 127\.0\.0\.1:\d+, shop delivers to http:\/\/127\.0\.0\.1:\d+\/webhooks\/woocommerce/,
      );
      assert.equal((await fetch(`http://127.0.0.1:${uiPort}/`)).status, 200);
      assert.equal((await fetch(`${shopUrl}/`)).status, 200);
      const before = groupPids(pgid);
      assert.ok(before.length >= 2, `npm, node and the dev server run: ${before.join(',')}`);

      process.kill(-pgid, 'SIGINT');
      // npm re-raises the interrupt on itself once its child is done; the connector exits 0.
      const { code, signal } = await exitOf(child);
      assert.ok(code === 0 || signal === 'SIGINT', `exit ${code} ${signal}\n${stderr.text()}`);
      assert.doesNotMatch(stderr.text(), /error while stopping|failed/);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(groupPids(pgid), [], 'no process of the project remains');
      assert.match(stderr.text(), /stopped\./);
    } finally {
      if (groupPids(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  });

  it('stops at once on a second Ctrl-C and still leaves no process', async () => {
    const env = await embeddedEnv();
    const child = spawn('node', ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr = collect(child.stderr!);
    const pgid = child.pid!;
    try {
      await waitFor(child, stderr.text, /ready\. Press Ctrl-C/, 150_000);
      assert.ok(groupPids(pgid).length >= 2, 'node and the dev server run');
      process.kill(pgid, 'SIGINT');
      await new Promise((r) => setTimeout(r, 1_200));
      if (child.exitCode === null) process.kill(pgid, 'SIGINT');
      await exitOf(child);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(groupPids(pgid), [], 'no process of the project remains');
    } finally {
      if (groupPids(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  });

  it('exits non-zero naming every bad field of an invalid configuration', async () => {
    const child = spawn('node', ['--import', 'tsx', 'workers/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWS_WOO__KIND: 'remote',
        SWS_WOO__URL: 'htp:/shop',
        SWS_WOO__CONSUMER_KEY: 'ck_x',
        SWS_WOO__CONSUMER_SECRET: 'cs_x',
        SWS_SAGE__KIND: 'sqlserver',
        SWS_SAGE__SQLSERVER__SERVER: 'sage.local',
        SWS_SAGE__SQLSERVER__DATABASE: 'ACME',
        SWS_SAGE__SQLSERVER__USER: 'sync',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = collect(child.stderr!);
    const { code } = await exitOf(child);
    assert.equal(code, 2);
    assert.match(stderr.text(), /woo\.url: /);
    assert.match(stderr.text(), /sage\.sqlserver\.password: /);
  });

  it('refuses a remote shop without the webhooks public URL and secret, naming both', async () => {
    const child = spawn('node', ['--import', 'tsx', 'workers/worker.ts', '--roles', 'workflows'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWS_WOO__KIND: 'remote',
        SWS_WOO__URL: 'https://shop.example.com',
        SWS_WOO__CONSUMER_KEY: 'ck_x',
        SWS_WOO__CONSUMER_SECRET: 'cs_x',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = collect(child.stderr!);
    const { code } = await exitOf(child);
    assert.equal(code, 2);
    assert.match(stderr.text(), /webhooks\.publicUrl: webhooks\.publicUrl is required/);
    assert.match(stderr.text(), /woo\.webhookSecret: woo\.webhookSecret is required/);
  });

  it('prints the effective configuration with secrets masked', () => {
    const out = execFileSync('node', ['--import', 'tsx', 'workers/cli.ts', 'config', 'print'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWS_WOO__KIND: 'remote',
        SWS_WOO__URL: 'https://shop.example.com',
        SWS_WOO__CONSUMER_KEY: 'ck_live_key_123',
        SWS_WOO__CONSUMER_SECRET: 'cs_live_secret_456',
        SWS_WOO__WEBHOOK_SECRET: 'whsec_live_789',
        SWS_WEBHOOKS__PUBLIC_URL: 'https://sync.example.com/webhooks',
      },
    }).toString();
    const printed = JSON.parse(out) as {
      woo: { url: string; consumerSecret: string; webhookSecret: string };
      webhooks: { publicUrl: string; enabled: boolean };
    };
    assert.equal(printed.woo.url, 'https://shop.example.com');
    assert.equal(printed.woo.consumerSecret, '********');
    assert.equal(printed.woo.webhookSecret, '********');
    assert.deepEqual(printed.webhooks.publicUrl, 'https://sync.example.com/webhooks');
    assert.ok(
      !out.includes('cs_live_secret_456') &&
        !out.includes('ck_live_key_123') &&
        !out.includes('whsec_live_789'),
    );
  });
});
