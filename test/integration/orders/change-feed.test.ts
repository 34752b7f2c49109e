import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pino from 'pino';
import { advanceChain } from '../../../sandbox/sage/simulator';
import { buildActivityDeps } from '../../../workers/deps';
import { startWorkers, type RunningWorkers } from '../../../workers/run-workers';
import { ensureSageChangeFeed } from '../../../workers/sage-change-feed';
import {
  SAGE_CHANGE_FEED_WORKFLOW_ID,
  changeFeedProgressQuery,
} from '../../../workflows/sage-change-feed';
import { orderStateQuery } from '../../../shared/orders/messages';
import { eventually, startOrdersHarness, type OrdersHarness } from './harness';

/**
 * The Sage change feed on real parts: orders imported by their workflows wait on hour-long
 * timers (their own polling is `1h`, their safety poll `6h`), the feed reads Sage every second,
 * and the sales-rep simulator validates quotes as Sage does. The workflow and Sage workers run
 * here, apart from the harness's shop worker, so that the test can restart them.
 */
describe('Sage change feed (one read per interval wakes the orders concerned)', function () {
  this.timeout(150_000);
  let h: OrdersHarness;
  let workers: RunningWorkers | undefined;
  let closeDeps: (() => Promise<void>) | undefined;

  const startFlowWorkers = async () => {
    const built = buildActivityDeps(h.config, pino({ level: 'warn' }));
    closeDeps = built.close;
    workers = await startWorkers({
      connection: h.temporal.nativeConnection,
      namespace: h.temporal.server.namespace,
      roles: ['workflows', 'sage'],
      deps: built.deps,
      logger: pino({ level: 'warn' }),
    });
  };
  const stopFlowWorkers = async () => {
    await workers?.shutdown();
    await closeDeps?.();
    workers = undefined;
    closeDeps = undefined;
  };
  const feed = () => h.temporal.client.workflow.getHandle(SAGE_CHANGE_FEED_WORKFLOW_ID);
  const progress = () => feed().query(changeFeedProgressQuery);

  /** Places an order and waits until the shop shows it awaiting validation (quote imported). */
  const importedOrder = async (customerIndex = 0) => {
    const customer = h.customers[customerIndex % h.customers.length];
    const sku = h.skus[customerIndex % h.skus.length];
    const order = await h.placeOrder(customer, [
      { sku, quantity: 1, unitPrice: await h.expectedPrice(customer.account, sku, 1) },
    ]);
    await eventually(
      async () => (await h.woo.orders.get(order.id)).status === 'awaiting-valid',
      30_000,
      `order ${order.number} awaiting validation`,
    );
    const state = await h.temporal.client.workflow
      .getHandle(h.workflowIdOf(order.id))
      .query(orderStateQuery);
    return { order, quote: state.quote as string };
  };
  const shopStatusReaches = (orderId: number, status: string, timeoutMs: number) =>
    eventually(
      async () => (await h.woo.orders.get(orderId)).status === status,
      timeoutMs,
      `shop order ${orderId} ${status}`,
    );

  before(async () => {
    h = await startOrdersHarness({
      roles: ['woo'],
      customers: 3,
      config: {
        orders: {
          // Without the feed an order would look at Sage again in an hour at the earliest.
          chainPolling: { initial: '1h', max: '6h' },
          // A small overlap: the restart test below would miss a change that a feed
          // starting over from "now" did not read again.
          changeFeed: { enabled: true, every: '1s', overlap: 300, safetyPoll: '6h' },
          activityTimeout: '30s',
        },
      },
    });
    await startFlowWorkers();
    // A feed another suite's worker process started (same id, shared server) must not stand in.
    await feed()
      .terminate('a fresh feed for this suite')
      .catch(() => undefined);
    assert.equal(await ensureSageChangeFeed(h.temporal.client, h.config), 'running');
  });
  after(async () => {
    await feed()
      .terminate('suite over')
      .catch(() => undefined);
    await h?.stop();
    await stopFlowWorkers();
  });

  it('shows "validated" on the shop within a few intervals of the sales rep validating', async () => {
    const { order, quote } = await importedOrder();
    const validatedAt = Date.now();
    await advanceChain(h.sage, quote);
    await shopStatusReaches(order.id, 'validated', 8_000);
    const lagMs = Date.now() - validatedAt;
    const after = await progress();
    assert.ok(after.signalled >= 1, 'the feed signalled the order');
    console.log(`      validated → shop status in ${lagMs} ms (feed every 1 s)`);
  });

  it('sends Sage one statement per interval, however many orders are open', async () => {
    const perTick = async () => {
      const before = await progress();
      const later = await eventually(
        async () => {
          const p = await progress();
          return p.ticks >= before.ticks + 4 ? p : undefined;
        },
        20_000,
        'four ticks',
      );
      return {
        ticks: later.ticks - before.ticks,
        queries: later.sageQueries - before.sageQueries,
      };
    };
    const few = await perTick();
    for (let i = 0; i < 8; i += 1) await importedOrder(i);
    const many = await perTick();
    assert.equal(few.queries, few.ticks, 'one statement per tick with few open orders');
    assert.equal(many.queries, many.ticks, 'one statement per tick with 8 more open orders');
    console.log(
      `      ${few.queries}/${few.ticks} then ${many.queries}/${many.ticks} statements per tick`,
    );
  });

  it('loses no change made while the workers were down', async () => {
    const { order, quote } = await importedOrder(1);
    await stopFlowWorkers();
    await advanceChain(h.sage, quote);
    // Several intervals (and many overlaps) pass with nobody reading Sage, and Sage changes
    // another document since: the validation is no longer the latest change.
    await new Promise((r) => setTimeout(r, 2_000));
    await sql`UPDATE F_DOCENTETE SET DO_Ref = DO_Ref
              WHERE cbMarq = (SELECT MIN(cbMarq) FROM F_DOCENTETE)`.execute(h.sage);
    await new Promise((r) => setTimeout(r, 1_000));
    await startFlowWorkers();
    await shopStatusReaches(order.id, 'validated', 15_000);
  });
});
