import assert from 'node:assert/strict';
import { catalogSync, customerSync, priceSync, stockSync } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';

/**
 * One run per sync kind: `catalog-nightly` and `catalog-hourly` (and on-demand runs) start the
 * same workflow type under different ids, so the schedules' overlap policy cannot keep them
 * apart; the workflow itself ends at once when an earlier run of its type is in progress.
 */
describe('one run per sync kind', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let serial = 0;

  before(async () => {
    connector = await startConnectorUnderTest({ size: 'tiny' });
  });
  after(async () => connector?.stop());

  const id = (what: string) => `test-one-run-${what}-${Date.now()}-${(serial += 1)}`;

  /**
   * A run of `workflow` that is in progress and stays so: started on a task queue no worker
   * polls (as a run whose worker is busy or gone looks to the server).
   */
  async function runInProgress(
    workflow: typeof catalogSync | typeof customerSync | typeof priceSync,
  ) {
    return connector.temporal.client.workflow.start(workflow, {
      taskQueue: 'nobody-polls-this-queue',
      workflowId: id('ahead'),
      args: [{}],
    });
  }

  for (const [kind, workflow] of [
    ['catalog', catalogSync],
    ['stock', stockSync],
  ] as const) {
    it(`a ${kind} run started while another is in progress does nothing and names it`, async () => {
      const { client } = connector.temporal;
      const ahead = await runInProgress(workflow);
      try {
        const skipped = await client.workflow.execute(workflow, {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: id('second'),
          args: [{ mode: 'full' }],
        });
        assert.equal(skipped.state, 'skipped');
        assert.match(skipped.skipped ?? '', new RegExp(`run ${ahead.workflowId} of`));
        assert.equal(skipped.pagesDone, 0);
        assert.equal(skipped.totals.read, 0);
      } finally {
        await ahead.terminate('test over');
      }
      const alone = await client.workflow.execute(workflow, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: id('alone'),
        args: [{ mode: 'full' }],
      });
      assert.equal(alone.state, 'done');
      assert.ok(alone.totals.read > 0, 'the run alone read Sage');
    });
  }

  it('a customer sync started while another is in progress does nothing and names it', async () => {
    const { client } = connector.temporal;
    const ahead = await runInProgress(customerSync);
    try {
      const skipped = await client.workflow.execute(customerSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: id('customers'),
        args: [{ mode: 'full' }],
      });
      assert.match(skipped.skipped ?? '', new RegExp(`run ${ahead.workflowId} of customerSync`));
      assert.equal(skipped.counts.read, 0);
    } finally {
      await ahead.terminate('test over');
    }
  });

  it('a price sync started while another is in progress does nothing and names it', async () => {
    const { client } = connector.temporal;
    const ahead = await runInProgress(priceSync);
    try {
      const skipped = await client.workflow.execute(priceSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: id('prices'),
        args: [{}],
      });
      assert.equal(skipped.state, 'skipped');
      assert.match(skipped.skipped ?? '', new RegExp(`run ${ahead.workflowId} of priceSync`));
      assert.equal(skipped.pagesDone, 0);
    } finally {
      await ahead.terminate('test over');
    }
  });
});
