import assert from 'node:assert/strict';
import {
  WorkflowFailedError,
  WorkflowIdConflictPolicy,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SageDb } from '../../../activities/sage/db';
import { createWooClient, type WooClient } from '../../../activities/woo';
import {
  CUSTOMER_EDITS_WORKFLOW_ID,
  customerChanged,
  customerEdits,
  customerEditsProgress,
  type CustomerEditsInput,
} from '../../../workflows/customer-edits';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import {
  eventually,
  pendingAttempts,
  reportsOf,
  runCustomerSync,
  sageOf,
  setNewAccountEmail,
  shopCustomersByAccount,
  startShopProxy,
  type ShopProxy,
} from './helpers';

/** The edits workflow's input, as `customerEditsInput` makes it of the configuration below. */
const EDITS_INPUT: CustomerEditsInput = {
  pollEveryMs: 3_600_000,
  retry: { initialIntervalMs: 100, maximumIntervalMs: 500 },
};

/** Attempts today's retry policy allowed before the edits workflow failed for good. */
const OLD_MAXIMUM_ATTEMPTS = 10;

/**
 * The shop → Sage edits flow survives outages: the connector talks to the shop through a proxy
 * that answers 401 or drops every connection on demand, while the edits are made in the shop
 * itself. Retries are short here (`customers.editsRetry`) so that a downtime longer than the
 * old budget of 10 attempts fits in seconds.
 */
describe('customer flows against a shop that refuses the keys or is down', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let proxy: ShopProxy;
  /** The sandbox itself, never through the proxy (the shop's own admin and customers). */
  let shop: WooClient;
  let sage: SageDb;

  const terminateEdits = () =>
    connector.temporal.client.workflow
      .getHandle(CUSTOMER_EDITS_WORKFLOW_ID)
      .terminate('test')
      .catch(() => undefined);

  before(async () => {
    proxy = await startShopProxy();
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: {
        woo: { url: proxy.url, retry: { maxAttempts: 1 } },
        customers: {
          pollingInterval: '1h',
          editsRetry: { initialInterval: '100ms', maximumInterval: '500ms' },
        },
      },
    });
    proxy.target = connector.shop.url;
    shop = createWooClient({ ...connector.config.woo, url: connector.shop.url });
    sage = sageOf(connector);
    // Another suite's edits workflow (same id) must not stand in for this one.
    await terminateEdits();
  });
  after(async () => {
    if (connector) await terminateEdits();
    shop?.close();
    await sage?.destroy();
    await connector?.stop();
    await proxy?.close();
  });

  it('a customer sync against a shop answering 401 fails fast with WooAuthError', async () => {
    proxy.mode = 'unauthorized';
    try {
      const started = Date.now();
      await assert.rejects(runCustomerSync(connector, { mode: 'full' }), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError, String(err));
        assert.ok(err.cause instanceof ApplicationFailure, String(err.cause));
        assert.equal(err.cause.type, 'WooAuthError');
        assert.equal(err.cause.nonRetryable, true);
        return true;
      });
      assert.ok(Date.now() - started < 20_000, 'not retried: it fails at the first 401');
      // Never disguised as something else: no account "held back" for the e-mail setting.
      const reports = await reportsOf(connector);
      assert.deepEqual(
        reports.filter((r) => r.problem === 'new-account-email-enabled'),
        [],
      );
    } finally {
      proxy.mode = 'pass';
    }
  });

  describe('customer edits', () => {
    let handle: WorkflowHandle;
    let accounts: [string, number][];
    const progress = () => handle.query(customerEditsProgress);

    /** Moves each customer to a new shipping place in the shop and signals its id. */
    const editInShop = async (picked: [string, number][], street: string) => {
      for (const [, id] of picked) {
        await shop.customers.update(id, {
          shipping: { address_1: `${id} ${street}`, postcode: '69007', city: 'Lyon' },
        });
        await handle.signal(customerChanged, id);
      }
    };
    /** Each new place is in Sage once, as the main delivery address of its account. */
    const appliedOnce = async (picked: [string, number][], street: string) => {
      for (const [account, id] of picked) {
        const rows = await sage
          .selectFrom('F_LIVRAISON')
          .select(['LI_Principal'])
          .where('CT_Num', '=', account)
          .where('LI_Adresse', '=', `${id} ${street}`)
          .execute();
        assert.deepEqual(rows, [{ LI_Principal: 1 }], `${account}: ${JSON.stringify(rows)}`);
      }
    };
    const allApplied = (picked: [string, number][], street: string) =>
      eventually(async () => {
        for (const [account, id] of picked) {
          const row = await sage
            .selectFrom('F_LIVRAISON')
            .select('LI_No')
            .where('CT_Num', '=', account)
            .where('LI_Adresse', '=', `${id} ${street}`)
            .executeTakeFirst();
          if (!row) return undefined;
        }
        return true;
      });

    before(async () => {
      await setNewAccountEmail(shop, false);
      const sync = await runCustomerSync(connector, { mode: 'full' });
      assert.ok(sync.counts.created >= 6, JSON.stringify(sync.counts));
      accounts = [...(await shopCustomersByAccount(shop))]
        .map(([account, c]): [string, number] => [account, c.id])
        .sort(([a], [b]) => a.localeCompare(b));
    });
    // Started once and kept running (a test that finds it ended still gets a fresh one, so that
    // each test tells its own story).
    beforeEach(async () => {
      handle = await connector.temporal.client.workflow.start(customerEdits, {
        workflowId: CUSTOMER_EDITS_WORKFLOW_ID,
        taskQueue: TASK_QUEUES.workflows,
        args: [EDITS_INPUT],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    });

    it('resume after the shop answers 401 then accepts the keys again, no pending id lost', async () => {
      const picked = accounts.slice(0, 3);
      proxy.mode = 'unauthorized';
      try {
        await editInShop(picked, 'rue des Refus');
        // Visible, and nothing dropped: every id waits while the shop refuses the keys.
        const blocked = await eventually(async () => {
          const p = await progress();
          return p.state === 'shop-auth-failed' ? p : undefined;
        }, 15_000);
        assert.equal(blocked.pending, 3);
        assert.equal(blocked.lastFailure?.type, 'WooAuthError');
        // Keeps trying with backoff while it waits.
        const refused = proxy.refused;
        await eventually(async () => (proxy.refused > refused + 1 ? true : undefined), 15_000);
        assert.equal((await progress()).pending, 3);
        assert.equal((await handle.describe()).status.name, 'RUNNING');
      } finally {
        proxy.mode = 'pass';
      }
      await allApplied(picked, 'rue des Refus');
      await appliedOnce(picked, 'rue des Refus');
      const after = await eventually(async () => {
        const p = await progress();
        return p.pending === 0 && p.state === 'waiting' ? p : undefined;
      });
      assert.equal(after.failed ?? 0, 0);
    });

    it(`resume after a downtime longer than the old budget of ${OLD_MAXIMUM_ATTEMPTS} attempts, no pending id lost`, async () => {
      const picked = accounts.slice(3, 6);
      proxy.mode = 'down';
      try {
        await editInShop(picked.slice(0, 2), 'quai des Pannes');
        await eventually(
          async () =>
            (await pendingAttempts(handle, 'applyShopCustomerEdits')) >= 2 ? true : undefined,
          15_000,
        );
        // An id never leaves the pending set before its edit is applied.
        assert.equal((await progress()).pending, 2);
        // One more edit arrives during the outage.
        await editInShop(picked.slice(2), 'quai des Pannes');
        await eventually(
          async () =>
            (await pendingAttempts(handle, 'applyShopCustomerEdits')) > OLD_MAXIMUM_ATTEMPTS + 2
              ? true
              : undefined,
          40_000,
        );
        const during = await progress();
        assert.equal(during.pending, 3);
        assert.equal(during.state, 'running');
        assert.equal((await handle.describe()).status.name, 'RUNNING');
      } finally {
        proxy.mode = 'pass';
      }
      await allApplied(picked, 'quai des Pannes');
      await appliedOnce(picked, 'quai des Pannes');
      await eventually(async () => ((await progress()).pending === 0 ? true : undefined));
      // The earlier edits were not touched again.
      await appliedOnce(accounts.slice(0, 3), 'rue des Refus');
    });

    it('reports an edit that fails for good (non-retryable), applies the others, drops only it', async () => {
      const [good, bad] = accounts.slice(6, 8);
      // The shop refuses any read naming the bad customer: a business failure, not an outage.
      proxy.answer = (method, url) =>
        method === 'GET' && new RegExp(`include=[^&]*\\b${bad[1]}\\b`).test(decodeURIComponent(url))
          ? {
              status: 400,
              body: {
                code: 'rest_invalid_param',
                message: 'Invalid parameter(s): include',
                data: { status: 400 },
              },
            }
          : undefined;
      try {
        const pausedEdits = await progress();
        await editInShop([bad, good], 'impasse des Rejets');
        await allApplied([good], 'impasse des Rejets');
        const done = await eventually(async () => {
          const p = await progress();
          return p.pending === 0 && (p.failed ?? 0) > (pausedEdits.failed ?? 0) ? p : undefined;
        });
        assert.equal(done.lastFailure?.type, 'WooBadRequestError');
        assert.deepEqual(done.lastFailure?.wooIds, [bad[1]]);
        const report = (await reportsOf(connector)).find((r) => r.key === `woo:${bad[1]}`);
        assert.equal(report?.problem, 'edit-failed');
        assert.match(report?.detail ?? '', /^WooBadRequestError: /);
        assert.equal((await handle.describe()).status.name, 'RUNNING');
      } finally {
        proxy.answer = undefined;
      }
      await appliedOnce([good], 'impasse des Rejets');
    });
  });
});
