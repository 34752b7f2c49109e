import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, type TemporalFailure } from '@temporalio/common';
import { catalogSync, customerSync, priceSync, stockSync } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { startShopProxy, type ShopProxy } from '../customers/helpers';

/** The innermost ApplicationFailure of a failed workflow: what the operator reads first. */
function rootCause(err: unknown): ApplicationFailure | undefined {
  let current = err instanceof WorkflowFailedError ? err.cause : undefined;
  let found: ApplicationFailure | undefined;
  while (current) {
    if (current instanceof ApplicationFailure) found = current;
    current = (current as TemporalFailure).cause;
  }
  return found;
}

/**
 * Keys the shop refuses (revoked, mistyped secret): every sync stops at once with WooAuthError,
 * never retried for minutes, never finished green with the writes counted as failures.
 */
describe('every sync fails fast and by name against a shop that refuses the keys (401)', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let proxy: ShopProxy;

  const run = (workflow: (...a: unknown[]) => Promise<unknown>, id: string, args: unknown[]) =>
    connector.temporal.client.workflow.execute(workflow, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-auth-${id}-${Date.now()}`,
      args,
    });

  before(async () => {
    proxy = await startShopProxy();
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: { woo: { url: proxy.url }, webhooks: { enabled: false } },
    });
    proxy.target = connector.shop.url;
    await prefillShopFromSage(connector.shop, connector.config);
    // The shop as it was before its keys were revoked: products and customers linked, so that
    // every sync has something to write.
    await run(catalogSync as never, 'setup-catalog', [{ mode: 'full' }]);
    await run(customerSync as never, 'setup-customers', [{ mode: 'full' }]);
    proxy.mode = 'unauthorized';
  });
  after(async () => {
    await connector?.stop();
    await proxy?.close();
  });

  const syncs = [
    // Forced: a run whose content is unchanged asks the shop nothing, so could not tell.
    ['catalog', catalogSync, [{ mode: 'full', force: true }]],
    ['stock', stockSync, [{ mode: 'full', force: true }]],
    ['prices', priceSync, [{ force: true }]],
    ['customers', customerSync, [{ mode: 'full' }]],
  ] as const;

  for (const [name, workflow, args] of syncs) {
    it(`${name} sync`, async () => {
      const started = Date.now();
      const outcome = await run(workflow as never, name, [...args]).then(
        (result) => ({ result }),
        (err: unknown) => ({ err }),
      );
      assert.ok('err' in outcome, `the ${name} sync finished: ${JSON.stringify(outcome)}`);
      const cause = rootCause(outcome.err);
      assert.equal(cause?.type, 'WooAuthError', `${name}: ${String(cause?.message)}`);
      assert.ok(Date.now() - started < 30_000, `${name} took ${Date.now() - started} ms`);
    });
  }
});
