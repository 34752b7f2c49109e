import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  collect,
  embeddedEnv as embeddedEnvIn,
  exitOf,
  groupPids,
  waitFor,
} from './main-process';

describe('the main command (npm start)', function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sws-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const embeddedEnv = (): Promise<NodeJS.ProcessEnv> => embeddedEnvIn(dir);

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
