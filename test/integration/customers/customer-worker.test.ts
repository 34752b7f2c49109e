import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { collectItems, createWooClient, type WooClient } from '../../../activities/woo';
import { parseConfig } from '../../../shared/config';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { generateDemoCompany } from '../../../sandbox/sage/generator';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import {
  CUSTOMER_EDITS_WORKFLOW_ID,
  customerChanged,
  customerEditsProgress,
} from '../../../workflows/customer-edits';
import { customerSync } from '../../../workflows/customer-sync';
import { demoConfigInput } from '../../helpers/connector';
import { testTemporal, type TestTemporal } from '../../helpers/temporal';
import { endLongRunningFlows, killHard, startWorkerProcess } from '../../helpers/worker-process';
import { eventually, meta, setNewAccountEmail, shopCustomersByAccount } from './helpers';

/** Highest attempt an activity of the run needed: 2 and more when the kill interrupted one. */
async function highestAttempt(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return Math.max(
    0,
    ...(history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0),
  );
}

/**
 * Until the server says an activity of `type` of the run is executing on a worker (started, not
 * only scheduled): a kill then lands inside it, whatever the machine's speed. Polled every
 * 50 ms, well within one 400 ms shop request of the activity.
 */
async function untilActivityRunning(handle: WorkflowHandle, type: string): Promise<void> {
  const started = proto.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { raw } = await handle.describe();
    const running = (raw.pendingActivities ?? []).some(
      (a) => a.activityType?.name === type && a.state === started,
    );
    if (running) return;
    if (Date.now() > deadline) throw new Error(`no activity ${type} running within 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The customer flows in the production process, `npm run worker` (workers/worker.ts, every
 * role), as docker-compose runs it: it starts the edits workflow itself, and a `kill -9` of it
 * during a customer sync or during customer edits loses nothing and duplicates nothing.
 */
describe('customer flows under the worker process (npm run worker)', function () {
  this.timeout(180_000);
  let dir: string;
  let temporal: TestTemporal;
  let shop: RunningSandbox;
  let woo: WooClient;
  let sage: SageDb;
  let worker: { child: ChildProcess; ready: Promise<void> } | undefined;

  const configFile = (name: string, extra: Record<string, unknown>) => {
    const path = join(dir, `${name}.json`);
    const config = {
      ...demoConfigInput(dir, 'tiny', temporal.server, { shop }),
      customers: {
        pageSize: 1,
        editsRetry: { initialInterval: '200ms', maximumInterval: '1s' },
      },
      log: { level: 'info' },
      ...extra,
    };
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  const edits = () => temporal.client.workflow.getHandle(CUSTOMER_EDITS_WORKFLOW_ID);
  const terminateEdits = () =>
    edits()
      .terminate('test')
      .catch(() => undefined);
  const restart = async (path: string) => {
    if (worker) await killHard(worker.child);
    worker = startWorkerProcess(path);
    await worker.ready;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sws-customer-worker-'));
    generateDemoCompany({ path: join(dir, 'sage.sqlite'), size: 'tiny', seed: 7 });
    temporal = await testTemporal();
    shop = await startSandbox();
    const config = parseConfig({
      sage: { kind: 'embedded', embedded: { path: join(dir, 'sage.sqlite') } },
    });
    woo = createWooClient({
      ...config.woo,
      url: shop.url,
      consumerKey: DEFAULT_CONSUMER_KEY,
      consumerSecret: DEFAULT_CONSUMER_SECRET,
    });
    sage = createSageDb(config.sage);
    await setNewAccountEmail(woo, false);
    // Another suite's edits workflow (same id) must not stand in for the worker's.
    await terminateEdits();
  });
  after(async () => {
    if (worker) await killHard(worker.child);
    if (temporal) await endLongRunningFlows(temporal.client);
    woo?.close();
    await sage?.destroy();
    await shop?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a customer sync killed with kill -9 mid-run ends with every account once in the shop', async () => {
    shop.setFaults({ latencyMs: 400 });
    const path = configFile('crash', { webhooks: { enabled: false } });
    await restart(path);
    const handle = await temporal.client.workflow.start(customerSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-customer-sync-crash-${Date.now()}`,
      args: [{ mode: 'full' }],
    });
    // Mid-page: while the shop is on a batch of creates (the second one), which it applies
    // though the worker that sent it is dead; the retried page must not create it twice.
    const batches = () => shop.counters()['POST /customers/batch'] ?? 0;
    while (batches() < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
    assert.equal((await handle.describe()).status.name, 'RUNNING', 'killed too late');
    await restart(path);
    const result = await handle.result();
    assert.ok((await highestAttempt(handle)) >= 2, 'the kill interrupted a page');
    const all = await collectItems(woo.customers.listAll({ role: 'all' }));
    const accounts = all.map((c) => meta(c, 'sage_account')).filter((a) => a !== undefined);
    // Exactly once: no account and no e-mail twice, none missing.
    assert.equal(new Set(accounts).size, accounts.length, JSON.stringify(accounts));
    const emails = all.map((c) => c.email.toLowerCase());
    assert.equal(new Set(emails).size, emails.length, JSON.stringify(emails));
    assert.equal(accounts.length, result.counts.created + result.counts.linkedByEmail);
    assert.ok(accounts.length >= 6, `${accounts.length} accounts in the shop`);
    const again = await temporal.client.workflow.execute(customerSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-customer-sync-after-crash-${Date.now()}`,
      args: [{ mode: 'full' }],
    });
    assert.equal(again.counts.created, 0, JSON.stringify(again.counts));
  });

  it('starts the edits workflow itself and brings a shop edit into Sage', async () => {
    shop.setFaults({});
    await terminateEdits();
    await restart(configFile('worker', { customers: { pollingInterval: '1h' } }));
    // Nobody else starts it: the worker process of the `workflows` role does.
    const running = await eventually(async () => {
      const d = await edits()
        .describe()
        .catch(() => undefined);
      return d?.status.name === 'RUNNING' ? d : undefined;
    }, 20_000);
    assert.equal(running.type, 'customerEdits');
    // The worker registered the shop's webhook: the edit reaches Sage without any signal here.
    const [account, customer] = [...(await shopCustomersByAccount(woo))][0];
    await woo.customers.update(customer.id, { billing: { address_2: 'Bâtiment W' } });
    await shop.flushWebhooks();
    await eventually(async () => {
      const row = await sage
        .selectFrom('F_COMPTET')
        .select('CT_Complement')
        .where('CT_Num', '=', account)
        .executeTakeFirst();
      return row?.CT_Complement === 'Bâtiment W' ? true : undefined;
    });
  });

  it('customer edits interrupted by kill -9 end with every edit applied exactly once', async () => {
    // Slow shop reads keep the apply activity running for seconds (5 reads), so that the kill
    // lands inside it even when a loaded machine is slow to see it start (400 ms a read was
    // once too short: the activity ended before the kill).
    shop.setFaults({ latencyMs: 1_000 });
    const path = configFile('edits-crash', { webhooks: { enabled: false } });
    await restart(path);
    const picked = [...(await shopCustomersByAccount(woo))].slice(0, 5);
    const street = (id: number) => `${id} rue du Crash`;
    for (const [, c] of picked) {
      await woo.customers.update(c.id, {
        shipping: { address_1: street(c.id), postcode: '69008', city: 'Lyon' },
      });
      await edits().signal(customerChanged, c.id);
    }
    // During the apply activity: its shop reads take a second each.
    await untilActivityRunning(edits(), 'applyShopCustomerEdits');
    await restart(path);
    const rowsOf = (account: string, id: number) =>
      sage
        .selectFrom('F_LIVRAISON')
        .select('LI_Principal')
        .where('CT_Num', '=', account)
        .where('LI_Adresse', '=', street(id))
        .execute();
    await eventually(async () => {
      for (const [account, c] of picked) {
        if ((await rowsOf(account, c.id)).length === 0) return undefined;
      }
      return true;
    }, 90_000);
    await eventually(async () => {
      const p = await edits()
        .query(customerEditsProgress)
        .catch(() => undefined);
      return p?.pending === 0 ? true : undefined;
    }, 60_000);
    for (const [account, c] of picked) {
      assert.deepEqual(await rowsOf(account, c.id), [{ LI_Principal: 1 }], account);
    }
    assert.ok((await highestAttempt(edits())) >= 2, 'the kill interrupted an edit');
  });
});
