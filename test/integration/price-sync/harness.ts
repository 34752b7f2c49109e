import assert from 'node:assert/strict';
import { priceSync } from '../../../workflows';
import type { PriceSyncInput } from '../../../workflows/price-sync';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { runSync } from '../catalog/helpers';
import { runCustomerSync } from '../customers/helpers';

export interface PricesUnderTest {
  connector: ConnectorUnderTest;
  sage: SageDb;
  runPriceSync(input?: PriceSyncInput): ReturnType<typeof priceSync>;
  stop(): Promise<void>;
}

/**
 * The small demo company, the shop sandbox pre-filled with its products, the catalog and
 * customers syncs linking products and customers: what every price sync test starts from.
 */
export async function startPricesUnderTest(
  prices: Record<string, unknown>,
): Promise<PricesUnderTest> {
  const connector = await startConnectorUnderTest({
    size: 'small',
    config: { customers: { newAccountEmail: 'disable-setting' }, prices },
  });
  await prefillShopFromSage(connector.shop, connector.config);
  const sage = createSageDb(connector.config.sage);
  const catalog = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
  assert.equal(catalog.result.state, 'done');
  await runCustomerSync(connector, { mode: 'full' });
  let serial = 0;
  return {
    connector,
    sage,
    runPriceSync: (input: PriceSyncInput = {}) =>
      connector.temporal.client.workflow.execute(priceSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `test-prices-${Date.now()}-${(serial += 1)}`,
        args: [input],
      }),
    async stop() {
      await sage.destroy();
      await connector.stop();
    },
  };
}
