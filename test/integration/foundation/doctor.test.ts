import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseConfig, type Config } from '../../../shared/config';
import { customStatusesOf } from '../../../shared/config/orders';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from '../../../sandbox/woo';
import { formatDoctor, runDoctor, WEBHOOK_TOPICS, type DoctorCheck } from '../../../workers/doctor';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';

const ROOT = join(__dirname, '..', '..', '..');

/** The CLI in a child process; asynchronously: the shop sandbox runs in this process. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/cli.ts', ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function levelOf(checks: DoctorCheck[], check: string): DoctorCheck {
  const found = checks.find((c) => c.check === check);
  assert.ok(found, `no check ${check} in ${JSON.stringify(checks)}`);
  return found;
}

describe('cli doctor', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let woo: WooClient;
  let configPath: string;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      sandbox: { customOrderStatuses: customStatusesOf(parseConfig({}).orders) },
    });
    woo = createWooClient(connector.config.woo);
    // A healthy shop: the connector's webhooks registered, the "new account" e-mail off.
    for (const topic of WEBHOOK_TOPICS) {
      await woo.webhooks.create({
        name: `sage-woo-sync ${topic}`,
        topic,
        delivery_url: 'http://127.0.0.1:9/webhooks',
        secret: 'doctor-test',
      });
    }
    await woo.http.request({
      method: 'PUT',
      path: '/settings/email_customer_new_account/enabled',
      body: { value: 'no' },
      schema: z.object({ value: z.unknown() }),
      idempotent: true,
    });
    await woo.customers.create({ email: 'doctor@example.com', first_name: 'Doc' });
    configPath = join(connector.dir, 'doctor.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        sage: {
          kind: 'embedded',
          embedded: { path: join(connector.dir, 'sage.sqlite') },
          demo: { size: 'tiny' },
        },
        stateStore: { kind: 'sqlite', sqlite: { path: join(connector.dir, 'state.sqlite') } },
        temporal: { mode: 'external', address: connector.temporal.server.address },
        woo: {
          kind: 'sandbox',
          url: connector.shop.url,
          consumerKey: DEFAULT_CONSUMER_KEY,
          consumerSecret: DEFAULT_CONSUMER_SECRET,
        },
        // A status the shop lacks.
        orders: { statuses: { inPreparation: 'no-such-status' } },
      }),
    );
  });
  after(async () => {
    woo?.close();
    await connector?.stop();
  });

  it('is all ok on a healthy setup', async () => {
    const checks = await runDoctor(connector.config);
    const report = formatDoctor(checks);
    assert.deepEqual(
      checks.filter((c) => c.level !== 'ok'),
      [],
      report.text,
    );
    assert.equal(report.exitCode, 0);
    for (const name of [
      'shop',
      'shop plugin',
      'order statuses',
      ...WEBHOOK_TOPICS.map((t) => `webhook ${t}`),
      'new account e-mail',
      'sage',
      'sage columns',
      'sage depots',
      'sage column widths',
      'temporal',
      'search attributes',
    ]) {
      levelOf(checks, name);
    }
    assert.match(report.text, /^ok {4}shop {2,}http:\/\/127\.0\.0\.1:\d+ reachable/m);
  });

  it('names a missing status and a disabled webhook, exits 1, and --fix re-enables it', async () => {
    const hooks = await woo.webhooks.list({ per_page: 100 });
    const hook = hooks.items.find((w) => w.topic === 'order.created');
    assert.ok(hook);
    await woo.webhooks.update(hook.id, { status: 'disabled' });
    const config: Config = {
      ...connector.config,
      orders: {
        ...connector.config.orders,
        statuses: { ...connector.config.orders.statuses, inPreparation: 'no-such-status' },
      },
    };

    const checks = await runDoctor(config);
    const statuses = levelOf(checks, 'order statuses');
    assert.equal(statuses.level, 'FAIL');
    assert.match(statuses.detail, /the shop lacks no-such-status: /);
    const webhook = levelOf(checks, 'webhook order.created');
    assert.equal(webhook.level, 'FAIL');
    assert.match(webhook.detail, /^disabled .*doctor --fix/);
    assert.equal(levelOf(checks, 'webhook order.updated').level, 'ok');
    assert.equal(formatDoctor(checks).exitCode, 1);
    assert.equal((await woo.webhooks.get(hook.id)).status, 'disabled', 'nothing changed');

    // The CLI: same failures, exit code 1.
    const run = await cli(['doctor', '--config', configPath]);
    assert.equal(run.status, 1, run.stderr + run.stdout);
    assert.match(run.stdout, /^FAIL {2}order statuses +the shop lacks no-such-status/m);
    assert.match(run.stdout, /^FAIL {2}webhook order\.created +disabled/m);
    assert.match(run.stdout, /^ok {4}sage columns /m);
    assert.match(run.stdout, /^ok {4}search attributes /m);

    // --fix re-enables the webhook (a warning: the deliveries had failed).
    const fixed = await runDoctor(connector.config, { fix: true });
    const again = levelOf(fixed, 'webhook order.created');
    assert.equal(again.level, 'warn');
    assert.match(again.detail, /^was disabled, re-enabled/);
    assert.equal((await woo.webhooks.get(hook.id)).status, 'active');
    assert.equal(formatDoctor(fixed).exitCode, 0);
    assert.equal(levelOf(await runDoctor(connector.config), 'webhook order.created').level, 'ok');
  });

  it('fails the Temporal check, with its fix, when the server does not answer', async () => {
    const config: Config = {
      ...connector.config,
      temporal: { ...connector.config.temporal, address: '127.0.0.1:1' },
    };
    const checks = await runDoctor(config, { connectTimeoutMs: 5_000 });
    const check = levelOf(checks, 'temporal');
    assert.equal(check.level, 'FAIL');
    assert.match(check.detail, /set temporal\.address/);
    assert.equal(levelOf(checks, 'sage').level, 'ok');
    assert.equal(formatDoctor(checks).exitCode, 1);
  });
});
