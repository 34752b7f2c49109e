import assert from 'node:assert/strict';
import { checkShopOrderStatuses } from '../../../activities/orders/shop-statuses';
import { createWooClient } from '../../../activities/woo';
import { parseConfig } from '../../../shared/config';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { resolveSandboxWooConfig } from '../../../shared/config/woo';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, startSandbox } from '../../../sandbox/woo';
import { orderIntake } from '../../../workflows/order-intake';
import { eventually, startOrdersHarness, type OrdersHarness } from './harness';

/** The polling fallback: orders whose webhook never came are found by the scheduled intake. */
describe('orderIntake (polling fallback for lost webhooks)', function () {
  this.timeout(120_000);
  let h: OrdersHarness;

  before(async () => {
    h = await startOrdersHarness({
      registerWebhooks: false,
      config: { orders: { chainPolling: { initial: '1h' } } },
    });
  });
  after(async () => {
    await h?.stop();
  });

  const runIntake = () =>
    h.temporal.client.workflow.execute(orderIntake, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-order-intake-${Date.now()}`,
    });

  it('imports the orders no webhook announced, once', async () => {
    const placed = [];
    for (const [i, customer] of h.customers.entries()) {
      placed.push(
        await h.placeOrder(customer, [{ sku: h.skus[i], quantity: 1, unitPrice: '5.00' }]),
      );
    }
    assert.equal(h.shop.webhookDeliveries().length, 0, 'no webhook registered');
    const first = await runIntake();
    assert.equal(first.seen, placed.length);
    assert.equal(first.outcomes.started, placed.length);
    for (const order of placed) {
      await eventually(async () => (await h.quotesFor(order.number)).length === 1, 10_000);
      await eventually(
        async () => (await h.woo.orders.get(order.id)).status === 'awaiting-valid',
        10_000,
      );
    }
    // Within the overlap window the same orders are seen again, now in the connector's own
    // "awaiting validation" status (where an order placed on account starts): each meets its
    // existing workflow; nothing is started, nothing is imported twice.
    const second = await runIntake();
    assert.equal(second.outcomes.started, 0);
    assert.equal(second.outcomes.duplicate, placed.length);
    for (const order of placed) assert.equal((await h.quotesFor(order.number)).length, 1);
  });

  it('finds the mapped order statuses a shop did not register (start-up check)', async () => {
    const bare = await startSandbox();
    const config = parseConfig({});
    const woo = createWooClient(
      resolveSandboxWooConfig(config.woo, {
        url: bare.url,
        consumerKey: DEFAULT_CONSUMER_KEY,
        consumerSecret: DEFAULT_CONSUMER_SECRET,
      }),
    );
    try {
      const check = await checkShopOrderStatuses(woo, config.orders);
      assert.deepEqual(check.missing, ['awaiting-valid', 'validated', 'preparing', 'shipping']);
      const ok = await checkShopOrderStatuses(h.woo, h.config.orders);
      assert.deepEqual(ok.missing, []);
    } finally {
      woo.close();
      await bare.close();
    }
  });
});
