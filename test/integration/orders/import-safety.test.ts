import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import pino from 'pino';
import { createSageActivities } from '../../../activities/registry';
import { createQuote } from '../../../activities/sage/quotes';
import { DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import { TASK_QUEUES } from '../../../shared/task-queues';
import type { Order } from '../../../shared/woo/order';
import { buildActivityDeps } from '../../../workers/deps';
import { orderStateQuery, type OrderStatusView } from '../../../shared/orders/messages';
import { eventually, startOrdersHarness, type OrdersHarness } from './harness';

/**
 * Nothing wrong reaches Sage (issue 14), end to end: the web order's own workflow, the shop
 * sandbox, the Sage demo company. The `sage` worker runs here with the real activities, except
 * that the test can make an import fail once AFTER its Sage commit (a worker lost between the
 * commit and the activity's completion), which the idempotency checks must absorb.
 */
describe('order import safety (identity, numbers, statuses, failure after the Sage commit)', function () {
  this.timeout(120_000);
  let h: OrdersHarness;
  let sageWorker: Worker;
  let running: Promise<void>;
  let closeDeps: () => Promise<void>;
  /** Orders whose next import attempt fails after its commit, and what to do before failing. */
  const failAfterCommit = new Map<number, () => Promise<void>>();
  const attempts = new Map<number, number>();

  before(async () => {
    h = await startOrdersHarness({
      roles: ['workflows', 'woo'],
      config: { orders: { chainPolling: { initial: '1h' }, activityTimeout: '30s' } },
    });
    const built = buildActivityDeps(h.config, pino({ level: 'warn' }));
    closeDeps = built.close;
    const real = createSageActivities(built.deps);
    sageWorker = await Worker.create({
      connection: h.temporal.nativeConnection,
      namespace: h.temporal.server.namespace,
      taskQueue: TASK_QUEUES.sage,
      activities: {
        ...real,
        async importOrderQuote(input: Parameters<typeof real.importOrderQuote>[0]) {
          const { orderId } = input.order;
          attempts.set(orderId, (attempts.get(orderId) ?? 0) + 1);
          const result = await real.importOrderQuote(input);
          const beforeFailing = failAfterCommit.get(orderId);
          if (beforeFailing) {
            failAfterCommit.delete(orderId);
            await beforeFailing();
            // Retryable, like a worker lost before reporting the completion.
            throw new Error(`injected: lost after the Sage commit of ${result.quote}`);
          }
          return result;
        },
      },
      shutdownGraceTime: '5s',
    });
    running = sageWorker.run();
  });
  after(async () => {
    await h?.stop();
    if (sageWorker) {
      sageWorker.shutdown();
      await running;
    }
    await closeDeps?.();
  });

  const handleOf = (orderId: number) =>
    h.temporal.client.workflow.getHandle(h.workflowIdOf(orderId));
  const stateOf = (orderId: number): Promise<OrderStatusView | undefined> =>
    handleOf(orderId)
      .query(orderStateQuery)
      .catch(() => undefined);
  const reaches = (orderId: number, state: string) =>
    eventually(
      async () => {
        const view = await stateOf(orderId);
        return view?.state === state ? view : undefined;
      },
      30_000,
      `order ${orderId} in ${state}`,
    );
  const price = (customer: number, sku: string) =>
    h.expectedPrice(h.customers[customer].account, sku, 1);

  /** A pending order (not imported), changed in the shop's store, then placed (processing). */
  async function placeAltered(
    sku: string,
    alter: (line: { quantity: number; total: string; name: string }) => void,
  ): Promise<Order> {
    const order = await h.placeOrder(
      h.customers[0],
      [{ sku, quantity: 1, unitPrice: await price(0, sku) }],
      'pending',
    );
    const doc = h.shop.store.get('order', order.id)!;
    alter(doc.line_items[0]);
    h.shop.store.put('order', doc);
    await h.woo.orders.update(order.id, { status: 'processing' });
    return order;
  }

  it('does not import a pending (unpaid) order, and imports it once placed', async () => {
    const sku = h.skus[0];
    const order = await h.placeOrder(
      h.customers[0],
      [{ sku, quantity: 1, unitPrice: await price(0, sku) }],
      'pending',
    );
    await h.shop.flushWebhooks();
    await new Promise((r) => setTimeout(r, 500));
    await assert.rejects(handleOf(order.id).describe(), WorkflowNotFoundError);
    assert.deepEqual(await h.quotesFor(order.number), []);

    await h.woo.orders.update(order.id, { status: 'processing' });
    await reaches(order.id, 'awaiting-validation');
    assert.equal((await h.quotesFor(order.number)).length, 1);
  });

  it("stops on WebOrderNumberTaken when another customer's document has the number, leaving it untouched", async () => {
    const sku = h.skus[1];
    const order = await h.placeOrder(
      h.customers[0],
      [{ sku, quantity: 1, unitPrice: await price(0, sku) }],
      'pending',
    );
    const theirs = await createQuote(
      h.sage,
      {
        webOrderNumber: order.number,
        customerAccount: h.customers[1].account,
        date: '2026-03-02',
        depotNo: 1,
        lines: [{ articleReference: sku, quantity: '3', unitPrice: '5', depotNo: 1 }],
      },
      DEFAULT_WRITER_OPTIONS,
    );
    const snapshot = async () => ({
      headers: await h.sage
        .selectFrom('F_DOCENTETE')
        .selectAll()
        .where('DO_NoWeb', '=', order.number)
        .execute(),
      lines: await h.sage
        .selectFrom('F_DOCLIGNE')
        .selectAll()
        .where('DO_Piece', '=', theirs.quotePiece)
        .execute(),
    });
    const before = await snapshot();

    await h.woo.orders.update(order.id, { status: 'processing' });
    const view = await reaches(order.id, 'waiting-operator');
    assert.equal(view.problem?.type, 'WebOrderNumberTaken');
    assert.equal(view.problem?.step, 'import');
    assert.match(
      view.problem?.message ?? '',
      new RegExp(`${theirs.quotePiece}.*${h.customers[1].account}`),
    );
    assert.equal(view.quote, null, "never linked to the other customer's quote");
    assert.deepEqual(await snapshot(), before);
    const shopOrder = await h.woo.orders.get(order.id);
    assert.equal(shopOrder.status, 'processing', 'the shop order does not follow their chain');
  });

  for (const [what, alter, expected] of [
    [
      // What a plugin writing raw meta can leave; the sandbox still serves a numeric `price`.
      'a malformed line total',
      (l: { total: string }) => {
        l.total = ' 12.50';
      },
      /line total " 12.50" is not a decimal amount/,
    ],
    [
      'a quantity of 1,000,000,000',
      (l: { quantity: number }) => {
        l.quantity = 1_000_000_000;
      },
      /quantity 1000000000 is outside the accepted range/,
    ],
    [
      'a total of 0',
      (l: { total: string }) => {
        l.total = '0.00';
      },
      /line total 0.00 is not above 0/,
    ],
  ] as const) {
    it(`puts an order with ${what} in waiting-operator, naming the line by SKU and product name`, async () => {
      const sku = h.skus[2];
      const order = await placeAltered(sku, (l) => {
        l.name = 'Raccord de test';
        (alter as (line: typeof l) => void)(l);
      });
      const view = await reaches(order.id, 'waiting-operator');
      assert.equal(view.problem?.type, 'InvalidOrder');
      assert.match(view.problem?.message ?? '', new RegExp(`SKU ${sku} "Raccord de test"`));
      assert.match(view.problem?.message ?? '', expected);
      assert.doesNotMatch(view.problem?.message ?? '', /line \d+/);
      assert.deepEqual(await h.quotesFor(order.number), []);
    });
  }

  it('creates exactly one quote when the import fails after its Sage commit', async () => {
    const sku = h.skus[3];
    const order = await h.placeOrder(
      h.customers[0],
      [{ sku, quantity: 2, unitPrice: '12.00' }],
      'pending',
    );
    let committed: string[] = [];
    failAfterCommit.set(order.id, async () => {
      committed = (await h.quotesFor(order.number)).map((q) => q.piece);
    });
    await h.woo.orders.update(order.id, { status: 'processing' });
    const view = await reaches(order.id, 'awaiting-validation');
    assert.equal(committed.length, 1, 'the injected failure came after the commit');
    assert.ok((attempts.get(order.id) ?? 0) >= 2, 'the import ran again');
    const documents = await h.quotesFor(order.number);
    assert.equal(documents.length, 1, JSON.stringify(documents));
    assert.equal(view.quote, committed[0]);
  });

  it('returns the committed quote on retry even when Sage data changed meanwhile (article put asleep)', async () => {
    const sku = h.skus[4];
    const order = await h.placeOrder(
      h.customers[0],
      [{ sku, quantity: 1, unitPrice: await price(0, sku) }],
      'pending',
    );
    const asleep = (flag: number) =>
      h.sage.updateTable('F_ARTICLE').set({ AR_Sommeil: flag }).where('AR_Ref', '=', sku).execute();
    failAfterCommit.set(order.id, async () => {
      await asleep(1);
    });
    try {
      await h.woo.orders.update(order.id, { status: 'processing' });
      const view = await reaches(order.id, 'awaiting-validation');
      assert.equal((await h.quotesFor(order.number)).length, 1);
      assert.equal(view.problem, null);
    } finally {
      await asleep(0);
    }
  });
});
