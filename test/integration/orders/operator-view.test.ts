import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from '../../../sandbox/woo';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { OrderProblem, OrderState } from '../../../shared/search-attributes';
import { orderStateQuery, skipSignal } from '../../../shared/orders/messages';
import { eventually, startOrdersHarness, type OrdersHarness } from './harness';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs the CLI without blocking this process, whose workers answer the order's query. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'workers/cli.ts', ...args],
      { cwd: ROOT },
      (_err, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/**
 * What an operator sees of an order waiting for them: the workflow's static summary and details
 * (set by the intake) and current details (set by the workflow) in the Temporal UI, and the
 * `status` / `reports orders` commands, each with the problem and the command resuming it.
 */
describe('an order waiting for an operator, as the operator sees it', function () {
  this.timeout(120_000);
  let h: OrdersHarness;
  let configPath: string;

  before(async () => {
    h = await startOrdersHarness();
    configPath = join(h.dir, 'cli-config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        temporal: {
          mode: 'external',
          address: h.temporal.server.address,
          namespace: h.temporal.server.namespace,
        },
        woo: {
          kind: 'sandbox',
          url: h.config.woo.url,
          consumerKey: DEFAULT_CONSUMER_KEY,
          consumerSecret: DEFAULT_CONSUMER_SECRET,
        },
        stateStore: { kind: 'sqlite', sqlite: { path: join(h.dir, 'state.sqlite') } },
      }),
    );
  });
  after(async () => {
    await h?.stop();
  });

  let order: { id: number; number: string };
  let workflowId: string;
  let problem: string;

  it('shows the problem and the resume command in the workflow summary and details', async () => {
    const stranger = await h.woo.customers.create({ email: 'nobody@operator-view.example' });
    order = await h.placeOrder({ shopId: stranger.id }, [
      { sku: h.skus[0], quantity: 1, unitPrice: '10.00' },
    ]);
    workflowId = h.workflowIdOf(order.id);
    const handle = h.temporal.client.workflow.getHandle(workflowId);
    const view = await eventually(async () => {
      const v = await handle.query(orderStateQuery).catch(() => undefined);
      return v?.state === 'waiting-operator' ? v : undefined;
    });
    problem = view.problem?.message ?? '';
    assert.equal(problem, `shop customer ${stranger.id} has no Sage account number`);

    const description = await handle.describe();
    const summary = await description.staticSummary();
    const details = await description.staticDetails();
    assert.equal(summary, `Order ${order.number} — shop order ${order.id} on ${h.shopId}`);
    assert.ok(
      details?.includes(`temporal workflow signal --workflow-id ${workflowId} --name retry`),
      details,
    );

    // The UI reads the current details with the SDK's metadata query.
    const metadata = await handle.query<{ currentDetails?: string | null }>(
      '__temporal_workflow_metadata',
    );
    const current = metadata.currentDetails ?? '';
    assert.ok(
      current.startsWith(
        `Order ${order.number} — customer shop #${stranger.id}, no Sage account — ` +
          `waiting for operator: ${problem} [UnmappedCustomer, import]`,
      ),
      current,
    );
    assert.ok(
      current.includes(`temporal workflow signal --workflow-id ${workflowId} --name retry`),
      current,
    );
    // The workflow list shows search attributes as columns: the problem is one of them.
    const listed = await eventually(async () => {
      for await (const w of h.temporal.client.workflow.list({
        query: `WorkflowId = '${workflowId}' AND State = 'waiting-operator'`,
      })) {
        const value = w.typedSearchAttributes.get(OrderProblem);
        if (value) return value;
      }
      return undefined;
    });
    assert.equal(listed, `UnmappedCustomer: ${problem} [import]`);
    // The import activity carries a summary (shown on its row of the workflow's page).
    const scheduled = (await handle.fetchHistory()).events?.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'importOrderQuote',
    );
    const activitySummary = scheduled?.userMetadata?.summary;
    assert.ok(activitySummary, 'the import activity has a summary');
    assert.equal(
      defaultPayloadConverter.fromPayload(activitySummary),
      `Import order ${order.number} (shop #${stranger.id}, no Sage account) as a Sage quote`,
    );
    process.stdout.write(
      `\n      staticSummary: ${summary}\n      staticDetails:\n${details}\n` +
        `      currentDetails:\n${current}\n`,
    );
  });

  it('`status` lists it with its problem and the exact signal command, exit 1', async () => {
    assert.ok(workflowId, 'the first test ran');
    // The order intake's last run, with the counts of its result.
    await h.temporal.client.workflow.execute('orderIntake', {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `order-intake-status-test-${Date.now()}`,
    });
    const out = await eventually(
      async () => {
        const run = await cli(['status', '--config', configPath]);
        return run.stdout.includes(workflowId) ? run : undefined;
      },
      20_000,
      'the order in status',
    );
    process.stdout.write(`\n${out.stdout}`);
    assert.equal(out.code, 1, out.stderr);
    assert.ok(out.stdout.includes(`waiting for operator: ${problem}`), out.stdout);
    assert.ok(
      out.stdout.includes(`temporal workflow signal --workflow-id ${workflowId} --name retry`),
      out.stdout,
    );
    assert.match(out.stdout, /^order\.created\tactive\t/m);
    assert.match(out.stdout, /^orders\tCOMPLETED\t-\t\S+\t\S+\tseen=\d+ started=\d+/m);
    assert.ok(out.stdout.includes(`order ${order.number} waits for an operator`));
  });

  it('`reports orders` lists it with its problem under a header row', async () => {
    assert.ok(workflowId, 'the first test ran');
    const out = await cli(['reports', 'orders', '--config', configPath]);
    process.stdout.write(`\n${out.stdout}${out.stderr}`);
    assert.equal(out.code, 0, out.stderr);
    const [header, ...rows] = out.stdout.trimEnd().split('\n');
    assert.equal(header, 'flow\tkey\tproblem\tdetail\tlast seen\ttimes');
    const row = rows.find((r) => r.includes(workflowId));
    assert.ok(row, out.stdout);
    const [flow, key, type, detail] = row.split('\t');
    assert.deepEqual([flow, key, type], ['orders', order.number, 'UnmappedCustomer']);
    assert.ok(detail.includes(problem), detail);
  });

  it('`reports` without a flow lists every flow, the waiting order included', async () => {
    assert.ok(workflowId, 'the first test ran');
    const out = await cli(['reports', '--config', configPath]);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(out.stdout.startsWith('flow\tkey\tproblem\tdetail\tlast seen\ttimes\n'));
    assert.ok(out.stdout.includes(`orders\t${order.number}\tUnmappedCustomer\t`), out.stdout);
    for (const flow of ['catalog', 'stock', 'customers', 'prices']) {
      assert.match(out.stderr, new RegExp(`\\d+ report\\(s\\) for ${flow}`));
    }
    assert.match(out.stderr, /\d+ order\(s\) waiting for an operator/);
  });
  it('clears the problem column once the operator has decided', async () => {
    assert.ok(workflowId, 'the first test ran');
    const handle = h.temporal.client.workflow.getHandle(workflowId);
    await handle.signal(skipSignal, 'not a B2B customer');
    await handle.result();
    const attributes = (await handle.describe()).typedSearchAttributes;
    assert.equal(attributes.get(OrderProblem), undefined);
    assert.equal(attributes.get(OrderState), 'skipped');
  });
});
