import assert from 'node:assert/strict';
import { connectorCheck } from '../../../workflows';
import { SyncKind } from '../../../shared/search-attributes';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { applySchedules, triggerFirstRuns } from '../../../workers/schedules';
import type { ScheduleConfig } from '../../../shared/config';
import { prefillFromCatalog } from '../../../sandbox/woo';
import { createSageDb } from '../../../activities/sage/db';
import { sql } from 'kysely';
import { ScheduleOverlapPolicy, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('connector check on a real Temporal dev server', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;

  before(async () => {
    connector = await startConnectorUnderTest({ size: 'tiny' });
  });
  after(async () => {
    await connector?.stop();
  });

  it('runs the workflow through the sage and woo queues and reads both systems', async () => {
    prefillFromCatalog(connector.shop, [
      { sku: 'CHK-1', name: 'Check one', type: 'simple' },
      { sku: 'CHK-2', name: 'Check two', type: 'simple' },
    ]);
    const { client } = connector.temporal;
    const workflowId = `test-connector-check-${Date.now()}`;
    const result = await client.workflow.execute(connectorCheck, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
    });
    const sage = createSageDb(connector.config.sage);
    const articles = await sage
      .selectFrom('F_ARTICLE')
      .select(sage.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await sage.destroy();
    assert.equal(result.sage.kind, 'embedded');
    assert.equal(result.sage.articles, Number(articles.n));
    assert.ok(result.sage.articles > 0 && result.sage.customers > 0);
    assert.equal(result.sage.depots, 8);
    assert.equal(result.woo.kind, 'sandbox');
    assert.equal(result.woo.products, 2);
    assert.equal(result.woo.orders, 0);

    // Operators find it in the UI by its search attribute.
    const described = await client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(SyncKind), 'check');
    assert.equal(described.status.name, 'COMPLETED');
  });

  it('creates schedules idempotently, runs them, updates and prunes them', async () => {
    const { client } = connector.temporal;
    const id = `test-check-${Date.now()}`;
    const first = await applySchedules(client, [
      { id, workflow: 'connectorCheck', every: '2s', args: [], paused: false },
    ]);
    assert.deepEqual(first, { created: [id], updated: [], unchanged: [], deleted: [] });

    // The schedule fires and its run completes on our workers.
    await eventually(async () => {
      const recent = await client.schedule.getHandle(id).describe();
      const action = recent.info.recentActions[0];
      if (!action) return undefined;
      const run = client.workflow.getHandle(action.action.workflow.workflowId);
      return (await run.describe()).status.name === 'COMPLETED' ? true : undefined;
    }, 60_000);

    // Applying the same configuration again touches nothing.
    const again = await applySchedules(client, [
      { id, workflow: 'connectorCheck', every: '2s', args: [], paused: false },
    ]);
    assert.deepEqual(again, { created: [], updated: [], unchanged: [id], deleted: [] });

    const second = await applySchedules(client, [
      {
        id,
        workflow: 'connectorCheck',
        every: '1h',
        args: [],
        paused: true,
        note: 'paused by test',
      },
    ]);
    assert.deepEqual(second, { created: [], updated: [id], unchanged: [], deleted: [] });
    const described = await client.schedule.getHandle(id).describe();
    assert.equal(described.spec.intervals?.[0]?.every, 3_600_000);
    assert.equal(described.state.paused, true);
    // One run of the schedule at a time: a firing during a run is skipped.
    assert.equal(described.policies.overlap, ScheduleOverlapPolicy.SKIP);

    // One field changed at a time is seen, the rest is left as it is.
    const changes: [string, Partial<ScheduleConfig>][] = [
      ['note', { note: 'changed note' }],
      ['args', { args: [{ mode: 'full' }] }],
      ['paused', { paused: false }],
    ];
    let current: ScheduleConfig = {
      id,
      workflow: 'connectorCheck',
      every: '1h',
      args: [],
      paused: true,
      note: 'paused by test',
    };
    for (const [field, change] of changes) {
      current = { ...current, ...change };
      const changed = await applySchedules(client, [current]);
      assert.deepEqual(changed.updated, [id], `change of ${field}`);
      assert.deepEqual((await applySchedules(client, [current])).unchanged, [id], field);
    }

    // A cron schedule: the server compiles the expression, the configured one is still compared.
    const cronId = `${id}-cron`;
    const cron: ScheduleConfig = {
      id: cronId,
      workflow: 'connectorCheck',
      cron: '30 2 * * *',
      timeZone: 'Europe/Paris',
      args: [],
      paused: true,
    };
    assert.deepEqual((await applySchedules(client, [cron])).created, [cronId]);
    assert.deepEqual((await applySchedules(client, [cron])).unchanged, [cronId]);
    assert.deepEqual((await applySchedules(client, [{ ...cron, cron: '45 2 * * *' }])).updated, [
      cronId,
    ]);
    await client.schedule.getHandle(cronId).delete();

    const pruned = await applySchedules(client, [], { prune: true });
    assert.ok(pruned.deleted.includes(id), `pruned ${JSON.stringify(pruned)}`);
    await assert.rejects(client.schedule.getHandle(id).describe());
  });

  it('starts a first run at start, but no second one on a restart', async () => {
    const { client } = connector.temporal;
    const id = `test-first-${Date.now()}`;
    const schedules: ScheduleConfig[] = [
      { id, workflow: 'connectorCheck', every: '1h', args: [], paused: true },
    ];
    await applySchedules(client, schedules);
    const first = await triggerFirstRuns(client, schedules, [id]);
    assert.deepEqual(first, { triggered: [id], skipped: {} });
    const runId = await eventually(async () => {
      const recent = await client.schedule.getHandle(id).describe();
      return recent.info.recentActions[0]?.action.workflow.workflowId;
    }, 30_000);
    assert.match(runId, new RegExp(`^${id}-`));

    // A restart: the run is in progress or just done, nothing more is started.
    const restart = await triggerFirstRuns(client, schedules, [id]);
    assert.deepEqual(restart.triggered, []);
    assert.match(restart.skipped[id] ?? '', /in progress|last run at/);
    await client.workflow.getHandle(runId).result();
    const after = await triggerFirstRuns(client, schedules, [id]);
    assert.match(after.skipped[id] ?? '', /last run at/);
    const described = await client.schedule.getHandle(id).describe();
    assert.equal(described.info.recentActions.length, 1);
    assert.equal(described.info.runningActions.length, 0);
    await client.schedule.getHandle(id).delete();
  });

  it('refuses a schedule for a workflow the worker does not serve', async () => {
    await assert.rejects(
      applySchedules(connector.temporal.client, [
        { id: 'bad', workflow: 'noSuchWorkflow', every: '1h', args: [], paused: false },
      ]),
      /schedules\.0\.workflow: unknown workflow "noSuchWorkflow"/,
    );
  });

  it('fails by name when the company lacks a free field the order import writes', async () => {
    const sage = createSageDb(connector.config.sage);
    try {
      await sql.raw('ALTER TABLE F_DOCENTETE DROP COLUMN WEB_ECART_PRIX').execute(sage);
      const failure = await connector.temporal.client.workflow
        .execute(connectorCheck, {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: `test-connector-check-schema-${Date.now()}`,
        })
        .then(
          () => assert.fail('the check passed without the column'),
          (err: unknown) => err,
        );
      assert.ok(failure instanceof WorkflowFailedError);
      const cause = failure.cause?.cause;
      assert.ok(cause instanceof ApplicationFailure);
      assert.equal(cause.type, 'SageSchemaMismatch');
      assert.match(cause.message, /lacks F_DOCENTETE\.WEB_ECART_PRIX: .*orders\.sageFields/);
    } finally {
      await sql
        .raw("ALTER TABLE F_DOCENTETE ADD COLUMN WEB_ECART_PRIX varchar(69) DEFAULT ''")
        .execute(sage);
      await sage.destroy();
    }
  });
});
