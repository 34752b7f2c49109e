import assert from 'node:assert/strict';
import { SyncKind, SyncState } from '../../../shared/search-attributes';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { doctor } from '../../../workflows';
import type { DoctorInput } from '../../../workflows/doctor';
import { cli, disableWebhook, levelOf, startDoctorShop, type DoctorShop } from './doctor-shop';

/**
 * The doctor as a workflow on the connector's workers: the same checks as the CLI, the failures
 * in its current details, its `SyncState` and the operator reports, and `fix` re-enabling what
 * the shop disabled.
 */
describe('doctor workflow', function () {
  this.timeout(120_000);
  let shop: DoctorShop;
  let configPath: string;

  before(async () => {
    // A shop whose plugin did not register the mapped status `validated`.
    shop = await startDoctorShop({ lackingStatus: 'validated' });
    configPath = shop.writeCliConfig('doctor-workflow.json');
  });
  after(async () => {
    await shop?.stop();
  });

  async function runDoctor(input: DoctorInput, name: string) {
    const handle = await shop.connector.temporal.client.workflow.start(doctor, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `doctor-test-${name}-${Date.now()}`,
      args: [input],
    });
    const result = await handle.result();
    const attributes = (await handle.describe()).typedSearchAttributes;
    const metadata = await handle.query<{ currentDetails?: string | null }>(
      '__temporal_workflow_metadata',
    );
    return {
      id: handle.workflowId,
      result,
      kind: attributes.get(SyncKind),
      state: attributes.get(SyncState),
      details: metadata.currentDetails ?? '',
    };
  }

  it('reports a missing status and a disabled webhook with their fixes; fix re-enables it', async () => {
    const hookId = await disableWebhook(shop.woo, 'order.updated');

    const first = await runDoctor({}, 'plain');
    const { checks } = first.result;
    const statuses = levelOf(checks, 'order statuses');
    assert.equal(statuses.level, 'FAIL');
    assert.match(statuses.detail, /^the shop lacks validated: activate the shop plugin/);
    const webhook = levelOf(checks, 'webhook order.updated');
    assert.equal(webhook.level, 'FAIL');
    assert.match(
      webhook.detail,
      /^disabled \(#\d+, .*re-enable it with `npm run cli -- doctor --fix`/,
    );
    assert.equal(first.result.failed, 2, JSON.stringify(checks));
    // The Sage and Temporal checks ran too, on their queues.
    for (const name of ['sage columns', 'sage depots', 'temporal', 'search attributes']) {
      assert.equal(levelOf(checks, name).level, 'ok', name);
    }
    process.stdout.write(`\n      currentDetails:\n${first.details}\n`);
    assert.equal(first.kind, 'doctor');
    assert.equal(first.state, 'failed');
    assert.match(first.details, /^2 problems\n/);
    assert.ok(first.details.includes(`- order statuses: ${statuses.detail}`), first.details);
    assert.ok(first.details.includes(`- webhook order.updated: ${webhook.detail}`), first.details);
    assert.equal((await shop.woo.webhooks.get(hookId)).status, 'disabled', 'nothing changed');

    // One operator report per failing check, and the run in `status`.
    const reports = await cli(['reports', 'doctor', '--config', configPath]);
    assert.equal(reports.status, 0, reports.stderr);
    const rows = reports.stdout.trimEnd().split('\n').slice(1);
    assert.deepEqual(
      rows.map((r) => r.split('\t').slice(0, 3).join(' ')),
      ['doctor order statuses failed', 'doctor webhook order.updated failed'],
      reports.stdout,
    );
    const status = await cli(['status', '--config', configPath]);
    process.stdout.write(`\n${reports.stdout}\n${status.stdout}`);
    assert.equal(status.status, 1, status.stderr);
    assert.match(
      status.stdout,
      /^doctor\tCOMPLETED\tfailed\t\S+\t\S+\tfailed=2 warned=\d+ ok=\d+\t/m,
    );
    assert.ok(
      status.stdout.includes(
        `last doctor run found problems (${first.id}): npm run cli -- reports doctor`,
      ),
      status.stdout,
    );

    // With fix: the webhook is active again (a warning), the status still fails.
    const fixed = await runDoctor({ fix: true }, 'fix');
    const reenabled = levelOf(fixed.result.checks, 'webhook order.updated');
    assert.equal(reenabled.level, 'warn');
    assert.match(reenabled.detail, /^was disabled, re-enabled/);
    assert.equal((await shop.woo.webhooks.get(hookId)).status, 'active');
    assert.equal(fixed.result.failed, 1);
    assert.equal(fixed.state, 'failed');
    assert.match(fixed.details, /^1 problem, \d+ warnings?\n/);

    // The next run is clean for the webhook, and its report is gone.
    const again = await runDoctor({}, 'again');
    assert.equal(levelOf(again.result.checks, 'webhook order.updated').level, 'ok');
    assert.equal(again.result.failed, 1);
    const after = await cli(['reports', 'doctor', '--config', configPath]);
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual(
      after.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((r) => r.split('\t')[1]),
      ['order statuses'],
      after.stdout,
    );
  });
});
