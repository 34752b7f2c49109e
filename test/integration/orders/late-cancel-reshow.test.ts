import assert from 'node:assert/strict';
import { advanceChain } from '../../../sandbox/sage/simulator';
import {
  orderStateQuery,
  refreshSignal,
  retrySignal,
  skipSignal,
  type OrderStatusView,
} from '../../../shared/orders/messages';
import { eventually, startOrdersHarness, type OrdersHarness } from './harness';

/**
 * Two paths of `orderLifecycle` the end-to-end suite does not take: the shop cancels an order
 * Sage already validated (the operator decides), and a `refresh` asking to show the current
 * stage again after its shop status was changed by hand.
 */
describe('orderLifecycle: cancelled in the shop after validation, stage shown again', function () {
  this.timeout(120_000);
  let h: OrdersHarness;

  before(async () => {
    h = await startOrdersHarness({
      config: { orders: { chainPolling: { initial: 150, max: 600, factor: 2 } } },
    });
  });
  after(async () => {
    await h?.stop();
  });

  const handleOf = (orderId: number) =>
    h.temporal.client.workflow.getHandle(h.workflowIdOf(orderId));
  const stateOf = (orderId: number): Promise<OrderStatusView> =>
    handleOf(orderId).query(orderStateQuery);
  const inState = (orderId: number, state: string) =>
    eventually(
      async () => {
        const v = await stateOf(orderId).catch(() => undefined);
        return v?.state === state ? v : undefined;
      },
      15_000,
      `state ${state}`,
    );
  const placeOrder = async (customer: { shopId: number; account: string }, sku: string) =>
    h.placeOrder(customer, [
      { sku, quantity: 1, unitPrice: await h.expectedPrice(customer.account, sku, 1) },
    ]);

  it('waits for the operator when the shop cancels a validated order; retry follows on, skip ends', async () => {
    const order = await placeOrder(h.customers[0], h.skus[0]);
    const { quote } = await inState(order.id, 'awaiting-validation');
    await advanceChain(h.sage, quote as string);
    await inState(order.id, 'validated');

    await h.woo.orders.update(order.id, { status: 'cancelled' });
    const waiting = await inState(order.id, 'waiting-cancelled-after-validation');
    assert.equal(waiting.problem?.type, 'CancelledAfterValidation');
    assert.equal((await h.quotesFor(order.number)).length, 2, 'Sage keeps quote and order');

    // Sage is the master: retry keeps following the chain.
    await handleOf(order.id).signal(retrySignal);
    await eventually(async () => (await stateOf(order.id)).problem === null, 10_000, 'no problem');
    await advanceChain(h.sage, quote as string);
    await inState(order.id, 'in-preparation');

    await handleOf(order.id).signal(skipSignal, 'test over');
    assert.equal(await handleOf(order.id).result(), 'test over');
  });

  it('shows the current stage again on a refresh with reshow', async () => {
    const order = await placeOrder(h.customers[1], h.skus[1]);
    await inState(order.id, 'awaiting-validation');
    const awaiting = h.config.orders.statuses.awaitingValidation;
    await eventually(async () => (await h.woo.orders.get(order.id)).status === awaiting);

    await h.woo.orders.update(order.id, { status: 'on-hold' });
    await handleOf(order.id).signal(refreshSignal, { reshow: true, source: 'test' });
    await eventually(
      async () => (await h.woo.orders.get(order.id)).status === awaiting,
      10_000,
      'the stage shown again',
    );
    await handleOf(order.id).signal(skipSignal, 'test over');
    assert.equal(await handleOf(order.id).result(), 'test over');
  });
});
