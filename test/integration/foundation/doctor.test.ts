import assert from 'node:assert/strict';
import type { Config } from '../../../shared/config';
import type { WooClient } from '../../../activities/woo';
import { formatDoctor, runDoctor, WEBHOOK_TOPICS } from '../../../workers/doctor';
import type { ConnectorUnderTest } from '../../helpers/connector';
import { cli, disableWebhook, levelOf, startDoctorShop, type DoctorShop } from './doctor-shop';

describe('cli doctor', function () {
  this.timeout(120_000);
  let shop: DoctorShop;
  let connector: ConnectorUnderTest;
  let woo: WooClient;
  let configPath: string;

  before(async () => {
    shop = await startDoctorShop();
    ({ connector, woo } = shop);
    // A status the shop lacks.
    configPath = shop.writeCliConfig('doctor.json', {
      orders: { statuses: { inPreparation: 'no-such-status' } },
    });
  });
  after(async () => {
    await shop?.stop();
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
    const hookId = await disableWebhook(woo, 'order.created');
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
    assert.equal((await woo.webhooks.get(hookId)).status, 'disabled', 'nothing changed');

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
    assert.equal((await woo.webhooks.get(hookId)).status, 'active');
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
