import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { TASK_QUEUES } from '../../shared/task-queues';
import { catalogSync, customerSync, priceSync, stockSync } from '../../workflows';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../helpers/connector';
import { startShopProxy, type ShopProxy } from './customers/helpers';

/**
 * Records the histories of the paged syncs (catalog, stock, prices, customers) replayed by
 * `test/integration/catalog/paged-sync-replay.test.ts` (see `test/fixtures/histories/README.md`).
 * Not part of the suites (no `.test.ts`); run by hand:
 *
 *   SWS_RECORD_SYNC_HISTORIES=test/fixtures/histories \
 *     npx mocha --timeout 600000 test/integration/record-sync-histories.ts
 *
 * Small pages and few pages per run: every full run continues as new; the last runs fail on a
 * shop that refuses the keys (the failed state published).
 */
describe('record paged-sync histories', function () {
  const dir = process.env.SWS_RECORD_SYNC_HISTORIES;
  let connector: ConnectorUnderTest;
  let proxy: ShopProxy;
  let client: Client;

  before(async function () {
    if (!dir) this.skip();
    mkdirSync(dir, { recursive: true });
    proxy = await startShopProxy();
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: {
        woo: { url: proxy.url },
        webhooks: { enabled: false },
        catalog: { pageSize: 8, pagesPerRun: 2 },
        stock: { pageSize: 40, pagesPerRun: 2 },
        customers: { pageSize: 3, pagesPerRun: 2, newAccountEmail: 'disable-setting' },
        prices: { productPageSize: 10, customerPageSize: 3, pagesPerRun: 2 },
      },
    });
    proxy.target = connector.shop.url;
    client = connector.temporal.client;
    await prefillShopFromSage(connector.shop, connector.config);
  });
  after(async () => {
    await connector?.stop();
    await proxy?.close();
  });

  /** Runs a workflow to its end and writes every run of its chain (`<name>-run<n>.json`). */
  async function record(
    name: string,
    workflow: (...args: never[]) => Promise<unknown>,
    input: unknown,
    fails = false,
  ): Promise<number> {
    const workflowId = `record-${name}-${Date.now()}`;
    const handle = await client.workflow.start(workflow as never, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
      args: [input] as never,
    });
    await handle.result().then(
      () => assert.ok(!fails, `${name} should fail`),
      (err: unknown) => assert.ok(fails, `${name}: ${String(err)}`),
    );
    let runId: string | undefined = handle.firstExecutionRunId;
    let n = 0;
    while (runId) {
      n += 1;
      const history = proto.api.history.v1.History.fromObject(
        await client.workflow.getHandle(workflowId, runId).fetchHistory(),
      );
      writeFileSync(
        join(dir!, `paged-sync-${name}-run${n}.json`),
        `${JSON.stringify(history.toJSON(), null, 2)}\n`,
      );
      runId =
        history.events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)
          ?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return n;
  }

  it('records the runs', async () => {
    assert.ok((await record('catalog-full', catalogSync, { mode: 'full' })) > 1);
    assert.ok((await record('stock-full', stockSync, { mode: 'full' })) >= 1);
    assert.ok((await record('customers-full', customerSync, { mode: 'full' })) > 1);
    // Every phase (accounts, addresses, article codes) with nothing changed.
    await record('customers-incremental', customerSync, { mode: 'incremental' });
    assert.ok((await record('prices-full', priceSync, {})) > 1);
    await record('prices-incremental', priceSync, { mode: 'incremental' });
    await record('prices-compare-dry', priceSync, { compareShop: true, dryRun: true });
    proxy.mode = 'unauthorized';
    await record('catalog-refused', catalogSync, { mode: 'full', force: true }, true);
    await record('prices-refused', priceSync, { force: true }, true);
    await record('customers-refused', customerSync, { mode: 'full' }, true);
  });
});
