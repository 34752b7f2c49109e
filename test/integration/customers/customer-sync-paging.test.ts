import assert from 'node:assert/strict';
import type { WooClient } from '../../../activities/woo';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { customerSync, customerSyncProgress } from '../../../workflows/customer-sync';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import { setNewAccountEmail, shopClient, shopCustomersByAccount, writeRequests } from './helpers';

/** Small pages and few pages per run: the sync continues as new and carries only its cursor. */
describe('customerSync paging and continue-as-new', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let woo: WooClient;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: { customers: { pageSize: 3, pagesPerRun: 2, newAccountEmail: 'disable-setting' } },
    });
    woo = shopClient(connector);
    await setNewAccountEmail(woo, true);
  });
  after(async () => {
    woo?.close();
    await connector?.stop();
  });

  it('reads 11 accounts (10 and the overseas one) in pages of 3 over several runs, each page one batch', async () => {
    connector.shop.resetCounters();
    const { client } = connector.temporal;
    const workflowId = `test-customer-paging-${Date.now()}`;
    const handle = await client.workflow.start(customerSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
      args: [{ mode: 'full' }],
    });
    const result = await handle.result();
    assert.equal(result.pages, 4);
    assert.equal(result.counts.read, 11);
    assert.equal(result.counts.created, 11);
    // The connector switched the "new account" e-mail off itself (customers.newAccountEmail).
    assert.equal(result.newAccountEmail, 'disabled-by-connector');
    const counters = connector.shop.counters();
    assert.equal(counters['POST /customers/batch'], 4);
    assert.equal(writeRequests(counters), 5, JSON.stringify(counters));
    assert.equal((await shopCustomersByAccount(woo)).size, 11);

    const first = await client.workflow
      .getHandle(workflowId, handle.firstExecutionRunId)
      .describe();
    assert.equal(first.status.name, 'CONTINUED_AS_NEW');
    const last = await client.workflow.getHandle(workflowId).describe();
    assert.equal(last.status.name, 'COMPLETED');
    const progress = await client.workflow.getHandle(workflowId).query(customerSyncProgress);
    assert.equal(progress.phase, 'done');
    assert.equal(progress.counts.created, 11);
  });
});
