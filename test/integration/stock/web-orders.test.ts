import assert from 'node:assert/strict';
import pino from 'pino';
import { intakeOrder } from '../../../activities/orders/intake';
import type { ActivityDeps } from '../../../activities/deps';
import { pushStockOfArticles } from '../../../activities/stock/article-push';
import type { OrderListFilter } from '../../../activities/woo/client';
import { readDepots } from '../../../activities/sage/stock';
import { readPendingWebQuoteQuantities } from '../../../activities/sage/web-quotes';
import { transformDocument } from '../../../sandbox/sage/simulator';
import { DocumentType } from '../../../shared/sage/documents';
import { stockPushQuotesQuery } from '../../../shared/stock/push-messages';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { stockPush } from '../../../workflows';
import { buildActivityDeps } from '../../../workers/deps';
import { metaValue, pageCounts, runSync, shopBySku } from '../catalog/helpers';
import {
  eventually,
  startOrdersHarness,
  type MappedCustomer,
  type OrdersHarness,
} from '../orders/harness';

/**
 * Available stock = on hand − reserved − web orders Sage has not reserved yet
 * (shared/stock/web-orders.ts), on real parts: the embedded Sage company, the shop sandbox
 * (which takes stock off itself when an order is placed and gives it back on cancellation, as
 * WooCommerce does), the order workflow and the stock workflows on the test Temporal server.
 * Orders enter through intakeOrder (no webhooks), so a test decides when an order is imported.
 */
describe('available stock: web orders counted once', function () {
  this.timeout(240_000);
  let h: OrdersHarness;
  /** Buckets of earlier suites (on the shared server) may name the same quote numbers. */
  let suiteStart: string;
  let buyer: MappedCustomer;
  /** Code of the buyer's home depot in the per-depot meta. */
  let depotCode: string;
  const fresh: string[] = [];
  let serial = 0;
  const META = 'sage_stock_by_depot';

  before(async () => {
    suiteStart = new Date().toISOString();
    h = await startOrdersHarness({
      registerWebhooks: false,
      // Short stock pages: a stock run takes several.
      config: { orders: { chainPolling: { initial: '1h' } }, stock: { pageSize: 20 } },
    });
    // Depot 2 is neither grouped nor excluded by the default stock rules.
    buyer = h.customers.find((c) => c.homeDepot === 2) as MappedCustomer;
    assert.ok(buyer, 'a customer buying from depot 2');
    depotCode = (await readDepots(h.sage)).find((d) => d.depotNo === 2)?.code ?? '2';
    const busy = new Set(
      (await readPendingWebQuoteQuantities(h.sage, h.skus)).map((p) => p.articleReference),
    );
    fresh.push(...h.skus.filter((s) => !busy.has(s)).slice(0, 4));
    assert.equal(fresh.length, 4, 'four articles without web quotes');
    for (const sku of fresh) await setStock(sku, '5', '0');
    // The stock sync owns the shop's stock fields: one run brings every product in.
    assert.equal(
      (await runSync(h.temporal.client, 'stock', { mode: 'full' })).result.state,
      'done',
    );
    for (const sku of fresh) assert.deepEqual(shown(sku), { quantity: 5, depot: 5 });
  });
  after(async () => {
    await h?.stop();
  });

  /** Sage: only depot 2 holds the article, with these quantities. */
  async function setStock(sku: string, onHand: string, reserved: string): Promise<void> {
    await h.sage
      .updateTable('F_ARTSTOCK')
      .set({ AS_QteSto: '0', AS_QteRes: '0', AS_QtePrepa: '0', AS_QteCom: '0' })
      .where('AR_Ref', '=', sku)
      .execute();
    const row = await h.sage
      .selectFrom('F_ARTSTOCK')
      .select('cbMarq')
      .where('AR_Ref', '=', sku)
      .where('DE_No', '=', 2)
      .executeTakeFirst();
    if (row) {
      await h.sage
        .updateTable('F_ARTSTOCK')
        .set({ AS_QteSto: onHand, AS_QteRes: reserved })
        .where('cbMarq', '=', row.cbMarq)
        .execute();
    } else {
      await h.sage
        .insertInto('F_ARTSTOCK')
        .values({ AR_Ref: sku, DE_No: 2, AS_QteSto: onHand, AS_QteRes: reserved })
        .execute();
    }
  }

  async function sageStock(sku: string): Promise<{ onHand: number; reserved: number }> {
    const row = await h.sage
      .selectFrom('F_ARTSTOCK')
      .select(['AS_QteSto', 'AS_QteRes'])
      .where('AR_Ref', '=', sku)
      .where('DE_No', '=', 2)
      .executeTakeFirstOrThrow();
    return { onHand: Number(row.AS_QteSto), reserved: Number(row.AS_QteRes) };
  }

  /** What the shop shows: its stock quantity and the buyer's depot in the per-depot meta. */
  function shown(sku: string): { quantity: number | null; depot: unknown } {
    const doc = shopBySku(h.shop).get(sku);
    assert.ok(doc, `product ${sku} in the shop`);
    const byDepot = metaValue(doc, META) as Record<string, number> | undefined;
    return { quantity: doc.stock_quantity, depot: byDepot?.[depotCode] };
  }

  /** A full stock run (as the nightly one): its figure for the SKU and the drift it found. */
  async function fullStockRun(): Promise<number> {
    const run = await runSync(h.temporal.client, 'stock', { mode: 'full' });
    assert.equal(run.result.state, 'done');
    return (await pageCounts(h.temporal.client, run)).drift;
  }

  async function place(sku: string, quantity: number) {
    const unitPrice = await h.expectedPrice(buyer.account, sku, quantity);
    return h.placeOrder(buyer, [{ sku, quantity, unitPrice }]);
  }

  /** The order goes through intake, is imported, and the stock push of its quote ends. */
  async function imported(order: { id: number; number: string }): Promise<string> {
    await intakeOrder(h.temporal.client, h.config, {
      id: order.id,
      number: order.number,
      status: 'processing',
    });
    const quote = await eventually(
      async () => (await h.quotesFor(order.number)).find((d) => d.type === 0)?.piece,
      30_000,
      `the quote of order ${order.number}`,
    );
    await pushDone(quote, 'import');
    return quote;
  }

  /** The stock push bucket that received the quote's request has pushed (closed). */
  async function pushDone(quote: string, event: 'import' | 'cancel'): Promise<void> {
    const client = h.temporal.client;
    const handle = await eventually(
      async () => {
        for await (const run of client.workflow.list({
          query: `WorkflowType = 'stockPushBucket' AND StartTime >= '${suiteStart}'`,
        })) {
          const bucket = client.workflow.getHandle(run.workflowId, run.runId);
          if ((await bucket.query(stockPushQuotesQuery)).includes(`${event}:${quote}`)) {
            return bucket;
          }
        }
        return undefined;
      },
      30_000,
      `the stock push after the ${event} of ${quote}`,
    );
    await handle.result();
  }

  it('an order imported as a quote for 3 of 5 shows 2 at once, then through validation and delivery', async () => {
    const sku = fresh[0];
    const order = await place(sku, 3);
    const quote = await imported(order);
    // Before any Sage action: Sage still says 5 on hand, 0 reserved; the shop shows 2, and the
    // per-depot meta (which only the connector writes) says so too.
    assert.deepEqual(await sageStock(sku), { onHand: 5, reserved: 0 });
    assert.deepEqual(shown(sku), { quantity: 2, depot: 2 });
    assert.equal(await fullStockRun(), 0, 'no stock drift for the open order');
    assert.deepEqual(shown(sku), { quantity: 2, depot: 2 });

    // The sales rep validates: Sage reserves 3; the line left the quote. Still 2.
    const bc = await transformDocument(h.sage, quote, DocumentType.Order);
    assert.deepEqual(await sageStock(sku), { onHand: 5, reserved: 3 });
    assert.equal(await fullStockRun(), 0);
    assert.deepEqual(shown(sku), { quantity: 2, depot: 2 }, 'no double count once reserved');

    // The delivery note: the goods leave (2 on hand, 0 reserved) → Sage's own figure, 2.
    await transformDocument(h.sage, bc.piece, DocumentType.Delivery, { fromType: 1 });
    assert.deepEqual(await sageStock(sku), { onHand: 2, reserved: 0 });
    assert.equal(await fullStockRun(), 0);
    assert.deepEqual(shown(sku), { quantity: 2, depot: 2 });
  });

  it('the shop’s own decrement of an order not imported yet is neither undone nor taken twice', async () => {
    const sku = fresh[1];
    const order = await place(sku, 2);
    // WooCommerce took 2 off itself; Sage knows nothing yet.
    assert.deepEqual(shown(sku), { quantity: 3, depot: 5 });
    // A stock run before the import leaves the shop's decrement alone (the depot meta is
    // Sage's view: the order is in no Sage document yet).
    assert.equal(await fullStockRun(), 0, 'the decrement is no drift');
    assert.deepEqual(shown(sku), { quantity: 3, depot: 5 });
    // Imported: the quote holds the 2 now, the shop's decrement is not taken a second time.
    await imported(order);
    assert.deepEqual(shown(sku), { quantity: 3, depot: 3 });
    assert.equal(await fullStockRun(), 0);
    assert.deepEqual(shown(sku), { quantity: 3, depot: 3 });
  });

  it('a cancelled web order’s units come back once', async () => {
    const sku = fresh[2];
    const order = await place(sku, 3);
    const quote = await imported(order);
    assert.deepEqual(shown(sku), { quantity: 2, depot: 2 });
    // The customer cancels: WooCommerce gives its 3 back at once; the order workflow marks the
    // quote lost and pushes the stock again.
    await h.woo.orders.update(order.id, { status: 'cancelled' });
    await intakeOrder(h.temporal.client, h.config, {
      id: order.id,
      number: order.number,
      status: 'cancelled',
    });
    await pushDone(quote, 'cancel');
    assert.equal((await h.quotesFor(order.number)).find((d) => d.piece === quote)?.status, 3);
    assert.deepEqual(shown(sku), { quantity: 5, depot: 5 });
    assert.equal(await fullStockRun(), 0);
    assert.deepEqual(shown(sku), { quantity: 5, depot: 5 });
  });

  it('a targeted push writes nothing when nothing changed', async () => {
    serial += 1;
    const result = await h.temporal.client.workflow.execute(stockPush, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-stock-push-${Date.now()}-${serial}`,
      args: [{ references: fresh }],
    });
    assert.deepEqual(result, { entities: 4, pushed: 0, unchanged: 4, failed: 0, missing: 0 });
  });

  it('a push reads only the shop orders changed since the last one: an order placed meanwhile counts, a cancelled one no longer', async () => {
    const sku = fresh[3];
    const { deps, close } = buildActivityDeps(h.config, pino({ level: 'silent' }));
    // The shop reads of this worker's pushes, as asked for.
    const reads: OrderListFilter[] = [];
    const worker: ActivityDeps = {
      ...deps,
      woo: async () => {
        const woo = await deps.woo();
        const listAll = (params: OrderListFilter = {}) => {
          reads.push(params);
          return woo.orders.listAll(params);
        };
        return { ...woo, orders: { ...woo.orders, listAll } };
      },
    };
    try {
      // The worker's first push reads the shop's open orders in full (a status filter).
      assert.equal((await pushStockOfArticles(worker, [sku])).entities, 1);
      assert.ok(reads.length > 0 && reads.every((r) => r.status && !r.modified_after));
      // Then an order for 3 is placed (the shop takes them off itself) and Sage receives one
      // unit more, while a push waits for its Sage slot, say.
      const order = await place(sku, 3);
      assert.deepEqual(shown(sku), { quantity: 2, depot: 5 });
      await setStock(sku, '6', '0');
      reads.length = 0;
      // The next push reads only what changed since the first (every status, recent ones): the
      // order placed since counts (6 − 3), the shop is not given back the units it took.
      assert.equal((await pushStockOfArticles(worker, [sku])).pushed, 1);
      assert.deepEqual(shown(sku), { quantity: 3, depot: 6 });
      assert.equal(reads.length, 1);
      assert.ok(reads[0].modified_after instanceof Date && reads[0].status === undefined);
      // The customer cancels (the shop gives its 3 back) and Sage receives one unit more: the
      // next push drops the order, 7 − 0.
      await h.woo.orders.update(order.id, { status: 'cancelled' });
      assert.deepEqual(shown(sku), { quantity: 6, depot: 6 });
      await setStock(sku, '7', '0');
      assert.equal((await pushStockOfArticles(worker, [sku])).pushed, 1);
      assert.deepEqual(shown(sku), { quantity: 7, depot: 7 });
      assert.equal(await fullStockRun(), 0);
    } finally {
      await close();
    }
  });

  it('a stock run reads the shop’s open orders once, however many pages it takes', async () => {
    for (const round of [1, 2]) {
      h.shop.resetCounters();
      const run = await runSync(h.temporal.client, 'stock', { mode: 'full' });
      assert.equal(run.result.state, 'done');
      const { pages } = await pageCounts(h.temporal.client, run);
      assert.ok(pages > 1, `run ${round}: ${pages} pages`);
      // Each run reads them again: no run works from an earlier run's snapshot.
      assert.equal(h.shop.counters()['GET /orders'], 1, `run ${round}: open orders read once`);
    }
  });
});
