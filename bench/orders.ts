import type { Client } from '@temporalio/client';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createSageDb } from '../activities/sage/db';
import { readCustomersChangedSince } from '../activities/sage/customers';
import { createWooClient, type WooClient } from '../activities/woo';
import { parseConfig, type Config } from '../shared/config';
import { customStatusesOf } from '../shared/config/orders';
import type { Order } from '../shared/woo/order';
import { DEFAULT_APP_PASSWORD } from '../sandbox/woo';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../test/helpers/connector';
import { ensureShopWebhook } from '../workers/webhooks/register';
import { ORDER_TOPICS, orderWebhookHandlers } from '../workers/webhooks/orders';
import { startWebhookServer } from '../workers/webhooks/server';
import { webhookSignature } from '../workers/webhooks/signature';
import { ensureSageChangeFeed } from '../workers/sage-change-feed';
import {
  SAGE_CHANGE_FEED_WORKFLOW_ID,
  changeFeedProgressQuery,
} from '../workflows/sage-change-feed';
import { transformDocument } from '../sandbox/sage/simulator';
import { DocumentType } from '../shared/sage/documents';
import { durationToMs } from '../shared/config';

/**
 * Order intake at volume: 1,000 web orders placed in the shop sandbox (small demo company),
 * each announced by the sandbox's real signed `order.created` delivery plus one replayed
 * duplicate, imported as Sage quotes by `orderLifecycle` workflows on a real Temporal dev
 * server and the connector's workers (default concurrency: Sage 4, shop 8).
 * - throughputPerMin: the 1,000 orders placed at once, per minute, first webhook → last quote;
 * - p95WebhookToQuoteMs: per order of that burst, the quote's insert time minus the webhook
 *   delivery time (so it includes the wait behind the backlog);
 * - paced: 200 more orders arriving at 5 per second, below capacity: the latency of one order;
 * - duplicateQuotes: web order numbers carrying more than one Sage document (must be 0).
 * - stockPushLag: per order of the burst, from its quote's insert time until the stock push
 *   that covered its articles closed (workflow close time): how soon the shop shows it.
 * - withoutStockPush: the same burst just before, with web orders left out of the available
 *   stock (no push after import): the push's cost is the gap between the two.
 * - changeFeed: the Sage change feed at its default interval (30 s). `statusLagP95Ms`: a quote
 *   validated by the simulated sales rep (quote → order) until the shop shows "validated", for
 *   FEED_VALIDATIONS quotes spread over a few minutes while every order of the burst and of the
 *   paced run is open (their own safety poll is 6 h away). `sageQueriesPerMinute`: the feed's
 *   Sage statements (counted by its activity) per tick × ticks per minute, measured first with
 *   100 open orders, then with all of them open.
 *
 *   npm run bench -- orders
 *   BENCH_ORDERS_PARTS=burst npm run bench -- orders   (the burst only: the other figures of
 *   bench/results/orders.json are kept as they were)
 */

export interface OrdersBenchResult {
  orders: number;
  throughputPerMin: number;
  p95WebhookToQuoteMs: number;
  p50WebhookToQuoteMs: number;
  maxWebhookToQuoteMs: number;
  duplicateQuotes: number;
  /** Quote written → its stock push closed, over the burst's orders. */
  stockPushLag?: { pushes: number; p50Ms: number; p95Ms: number; maxMs: number };
  /**
   * The same burst, on a connector of its own started just before, with web orders left out
   * of the available stock (`stock.available.minusWebOrders: false`, no push after import).
   */
  withoutStockPush?: {
    minusWebOrders: false;
    throughputPerMin: number;
    p95WebhookToQuoteMs: number;
    p50WebhookToQuoteMs: number;
  };
  /** Orders arriving one by one at a steady rate below capacity. */
  paced: {
    orders: number;
    ratePerMin: number;
    p50WebhookToQuoteMs: number;
    p95WebhookToQuoteMs: number;
    maxWebhookToQuoteMs: number;
  };
  changeFeed: {
    everyMs: number;
    /** Open orders (quotes awaiting validation) while the lag was measured. */
    openOrders: number;
    validations: number;
    statusLagP50Ms: number;
    statusLagP95Ms: number;
    statusLagMaxMs: number;
    /** Per open-order count: the feed's Sage statements per minute, and what it is made of. */
    sageQueriesPerMinute: {
      openOrders: number;
      ticks: number;
      queries: number;
      perMinute: number;
    }[];
  };
  webhookDeliveries: number;
  replayedDeliveries: number;
  wallMs: number;
  company: string;
  workers: { sageConcurrency: number; wooConcurrency: number };
  node: string;
  cpu: string;
  date: string;
}

const ORDERS = 1_000;
const CUSTOMERS = 20;
const SECRET = 'bench-orders-webhook-secret';
const PLACE_CONCURRENCY = 8;
const PACED_ORDERS = 200;
const PACED_RATE_PER_SEC = 5;
const FEED_FEW_ORDERS = 100;
const FEED_VALIDATIONS = 40;
const FEED_VALIDATION_EVERY_MS = 4_000;
/** Ticks of the feed per query-rate measure (about 1.5 minutes at the default 30 s). */
const FEED_MEASURE_TICKS = 3;

export async function runOrdersBench(): Promise<OrdersBenchResult> {
  const burstOnly = (process.env.BENCH_ORDERS_PARTS ?? '').trim() === 'burst';
  const started = Date.now();
  // The same burst with web orders left out of the available stock (no stock push after an
  // import), on a connector of its own just before: what the push costs, on the same machine
  // at the same hour.
  const withoutStockPush = await withOrdersRig({ minusWebOrders: false }, async (rig) => {
    await rig.importFew(FEED_FEW_ORDERS);
    const burst = await rig.burst(ORDERS);
    return {
      minusWebOrders: false as const,
      throughputPerMin: burst.perMin,
      p95WebhookToQuoteMs: burst.p95,
      p50WebhookToQuoteMs: burst.p50,
    };
  });
  return withOrdersRig({ minusWebOrders: true }, async (rig) => {
    const { config, shop, client, sage } = rig;
    // The installation's change feed, at the configuration's (default) interval.
    await ensureSageChangeFeed(client, config);
    const feedEveryMs = durationToMs(config.orders.changeFeed.every);
    const feedProgress = () =>
      client.workflow.getHandle(SAGE_CHANGE_FEED_WORKFLOW_ID).query(changeFeedProgressQuery);
    /** The feed's Sage statements over FEED_MEASURE_TICKS ticks, as a rate per minute. */
    const feedQueryRate = async (openOrders: number) => {
      // After the first tick, which also finds where to start (one more statement, once).
      let first = await feedProgress();
      while (first.ticks < 1) {
        await new Promise((r) => setTimeout(r, 1_000));
        first = await feedProgress();
      }
      let last = first;
      while (last.ticks < first.ticks + FEED_MEASURE_TICKS) {
        await new Promise((r) => setTimeout(r, 1_000));
        last = await feedProgress();
      }
      const ticks = last.ticks - first.ticks;
      const queries = last.sageQueries - first.sageQueries;
      const perMinute = Math.round((queries / ticks) * (60_000 / feedEveryMs) * 100) / 100;
      return { openOrders, ticks, queries, perMinute };
    };

    // The feed's cost with a few open orders: FEED_FEW_ORDERS imported first (not measured).
    const few = await rig.importFew(FEED_FEW_ORDERS);
    const fewRate = await feedQueryRate(few.length);

    // Burst: all orders at once (capacity, duplicates; latency includes the backlog).
    const burst = await rig.burst(ORDERS);
    const stockPushLag = await measurePushLag(
      client,
      sage,
      burst.orders.map((o) => o.number),
    );
    const burstFigures = {
      orders: burst.orders.length,
      throughputPerMin: burst.perMin,
      p95WebhookToQuoteMs: burst.p95,
      p50WebhookToQuoteMs: burst.p50,
      maxWebhookToQuoteMs: burst.max,
      stockPushLag,
      withoutStockPush,
    };
    if (burstOnly) {
      const out = path.join(__dirname, 'results', 'orders.json');
      const kept = existsSync(out)
        ? (JSON.parse(readFileSync(out, 'utf8')) as OrdersBenchResult)
        : ({} as OrdersBenchResult);
      const result: OrdersBenchResult = { ...kept, ...burstFigures, ...runContext(config) };
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      return result;
    }
    // The burst's workflows still show "awaiting validation" on the shop; let them finish so
    // that the paced orders do not queue behind them.
    await settled(() =>
      burst.orders.every(
        (o) => shop.store.get('order', o.id)?.status === config.orders.statuses.awaitingValidation,
      ),
    );
    // Paced: a steady flow below capacity (latency of one order through the connector).
    const pacedPlaced: Placed[] = [];
    for (let i = 0; i < PACED_ORDERS; i++) {
      const due = Date.now() + 1000 / PACED_RATE_PER_SEC;
      pacedPlaced.push(await rig.placeOne());
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    }
    const paced = await rig.measure(pacedPlaced);
    await settled(() =>
      [...burst.orders, ...paced.orders].every(
        (o) => shop.store.get('order', o.id)?.status === config.orders.statuses.awaitingValidation,
      ),
    );

    // Counted before the sales rep moves any quote on (an order shares its quote's number).
    const numbers = [...few, ...burst.orders, ...paced.orders].map((o) => o.number);
    const deliveries = shop.webhookDeliveries().filter((d) => d.topic === 'order.created');
    const duplicates = await sage
      .selectFrom('F_DOCENTETE')
      .select((eb) => ['DO_NoWeb', eb.fn.countAll<number>().as('n')])
      .where('DO_NoWeb', 'in', numbers)
      .groupBy('DO_NoWeb')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    // Change feed: the sales rep validates quotes of the burst one by one while every order is
    // open; lag = the transformation until the shop shows "validated".
    const openOrders = few.length + burst.orders.length + paced.orders.length;
    const manyRate = feedQueryRate(openOrders);
    const lags: number[] = [];
    const watched: Promise<void>[] = [];
    const step = Math.floor(burst.orders.length / FEED_VALIDATIONS);
    for (let i = 0; i < FEED_VALIDATIONS; i += 1) {
      const order = burst.orders[i * step];
      const due = Date.now() + FEED_VALIDATION_EVERY_MS;
      const quote = await sage
        .selectFrom('F_DOCENTETE')
        .select('DO_Piece')
        .where('DO_Type', '=', DocumentType.Quote)
        .where('DO_NoWeb', '=', order.number)
        .executeTakeFirstOrThrow();
      const at = Date.now();
      await transformDocument(sage, quote.DO_Piece, DocumentType.Order);
      watched.push(
        settled(
          () => shop.store.get('order', order.id)?.status === config.orders.statuses.validated,
          5 * 60_000,
        ).then(() => void lags.push(Date.now() - at)),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    }
    await Promise.all(watched);
    const manyRateResult = await manyRate;
    lags.sort((a, b) => a - b);

    const result: OrdersBenchResult = {
      ...burstFigures,
      duplicateQuotes: duplicates.length,
      paced: {
        orders: paced.orders.length,
        ratePerMin: PACED_RATE_PER_SEC * 60,
        p50WebhookToQuoteMs: paced.p50,
        p95WebhookToQuoteMs: paced.p95,
        maxWebhookToQuoteMs: paced.max,
      },
      changeFeed: {
        everyMs: feedEveryMs,
        openOrders,
        validations: lags.length,
        statusLagP50Ms: Math.round(percentile(lags, 0.5)),
        statusLagP95Ms: Math.round(percentile(lags, 0.95)),
        statusLagMaxMs: Math.round(lags[lags.length - 1]),
        sageQueriesPerMinute: [fewRate, manyRateResult],
      },
      webhookDeliveries: deliveries.length,
      replayedDeliveries: burst.replays + paced.replays,
      wallMs: Date.now() - started,
      company: 'demo small (300 articles, 60 accounts), embedded SQLite',
      ...runContext(config),
    };
    const out = path.join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'orders.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  });
}

/** A web order placed in the shop, and its replayed delivery (its HTTP status). */
interface Placed {
  order: Order;
  replay: Promise<number>;
}

/** Burst or paced figures of a set of placed orders, once every quote is written. */
interface Measured {
  orders: Order[];
  replays: number;
  perMin: number;
  p50: number;
  p95: number;
  max: number;
}

interface OrdersRig {
  config: Config;
  shop: ConnectorUnderTest['shop'];
  client: Client;
  sage: ReturnType<typeof createSageDb>;
  /** Places one order; the sandbox delivers its order.created, and the delivery is replayed. */
  placeOne(): Promise<Placed>;
  measure(placed: Placed[]): Promise<Measured>;
  /** Places `count` orders one after the other and waits for their quotes (not measured). */
  importFew(count: number): Promise<Order[]>;
  /** Places `count` orders at once (PLACE_CONCURRENCY at a time) and measures them. */
  burst(count: number): Promise<Measured>;
}

/**
 * The small demo company, a shop sandbox whose webhooks reach the connector's intake, and the
 * connector's workers on a dev server of their own; stopped after `body`.
 */
async function withOrdersRig<T>(
  stock: { minusWebOrders: boolean },
  body: (rig: OrdersRig) => Promise<T>,
): Promise<T> {
  const connector = await startConnectorUnderTest({
    size: 'small',
    seed: 42,
    temporal: 'own',
    config: {
      woo: {
        webhookSecret: SECRET,
        media: {
          username: DEFAULT_APP_PASSWORD.username,
          applicationPassword: DEFAULT_APP_PASSWORD.password,
        },
      },
      stock: { available: { minusWebOrders: stock.minusWebOrders } },
    },
    sandbox: { customOrderStatuses: customStatusesOf(parseConfig({}).orders) },
  });
  const { config, shop } = connector;
  const { client } = connector.temporal;
  const sage = createSageDb(config.sage);
  const woo = createWooClient(config.woo);
  const webhooks = await startWebhookServer({
    secret: SECRET,
    logger: pino({ level: 'silent' }),
    handlers: { ...orderWebhookHandlers(client, config) },
  });
  try {
    const { articles } = await prefillShopFromSage(shop, config);
    const skus = articles
      .filter((a) => !a.sleeping && a.packagings.length <= 1 && !a.masterReference)
      .filter((a) => !a.reference.startsWith('BAD-'))
      .map((a) => a.reference);
    const customerIds = await mapCustomers(sage, woo);
    for (const topic of ORDER_TOPICS) {
      await ensureShopWebhook(woo, { topic, deliveryUrl: webhooks.url, secret: SECRET });
    }

    let placedCount = 0;
    const placeOne = async (): Promise<Placed> => {
      const i = placedCount++;
      const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => ({
        sku: skus[(i * 7 + l * 13) % skus.length],
        quantity: 1 + ((i + l) % 4),
        total: `${(10 + ((i + l) % 50)).toFixed(2)}`,
      }));
      const order = await woo.orders.create({
        customer_id: customerIds[i % customerIds.length],
        status: 'processing',
        line_items: lines,
      });
      const body = Buffer.from(JSON.stringify(order));
      // A loaded machine may starve the connect for seconds: try again (a duplicate anyway).
      const send = (): Promise<number> =>
        fetch(webhooks.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-WC-Webhook-Topic': 'order.created',
            'X-WC-Webhook-Signature': webhookSignature(body, SECRET),
          },
          body,
        }).then((r) => r.status);
      const replay = send().catch(send).catch(send);
      return { order, replay };
    };
    const measure = async (placed: Placed[]): Promise<Measured> => {
      const replayStatuses = await Promise.all(placed.map((p) => p.replay));
      if (replayStatuses.some((s) => s !== 200)) throw new Error('a replayed delivery failed');
      const orders = placed.map((p) => p.order);
      const quoteTimes = await waitForQuotes(
        sage,
        orders.map((o) => o.number),
        10 * 60_000,
      );
      const deliveredAt = new Map<number, number>();
      for (const d of shop.webhookDeliveries()) {
        if (d.topic === 'order.created' && d.status === 200 && d.resourceId !== null) {
          if (!deliveredAt.has(d.resourceId)) deliveredAt.set(d.resourceId, Date.parse(d.at));
        }
      }
      const latencies = orders
        .map((o) => (quoteTimes.get(o.number) ?? NaN) - (deliveredAt.get(o.id) ?? NaN))
        .filter((ms) => Number.isFinite(ms))
        .sort((a, b) => a - b);
      if (latencies.length !== orders.length) {
        throw new Error(`latency known for ${latencies.length} of ${orders.length} orders`);
      }
      const first = Math.min(...orders.map((o) => deliveredAt.get(o.id) as number));
      const last = Math.max(...quoteTimes.values());
      return {
        orders,
        replays: replayStatuses.length,
        perMin: Math.round((orders.length / ((last - first) / 60_000)) * 10) / 10,
        p50: Math.round(percentile(latencies, 0.5)),
        p95: Math.round(percentile(latencies, 0.95)),
        max: Math.round(latencies[latencies.length - 1]),
      };
    };
    const importFew = async (count: number): Promise<Order[]> => {
      const placed: Placed[] = [];
      while (placed.length < count) placed.push(await placeOne());
      await Promise.all(placed.map((p) => p.replay));
      const orders = placed.map((p) => p.order);
      await waitForQuotes(
        sage,
        orders.map((o) => o.number),
        10 * 60_000,
      );
      return orders;
    };
    const burst = async (count: number): Promise<Measured> => {
      const placed: Placed[] = [];
      const end = placedCount + count;
      await Promise.all(
        Array.from({ length: PLACE_CONCURRENCY }, async () => {
          while (placedCount < end) placed.push(await placeOne());
        }),
      );
      return measure(placed);
    };
    return await body({ config, shop, client, sage, placeOne, measure, importFew, burst });
  } finally {
    await webhooks.close();
    woo.close();
    await sage.destroy();
    await connector.stop();
  }
}

async function settled(done: () => boolean, timeoutMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the burst did not settle');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** Shop customers for the first open Sage accounts, carrying their Sage meta. */
async function mapCustomers(
  sage: ReturnType<typeof createSageDb>,
  woo: WooClient,
): Promise<number[]> {
  const page = await readCustomersChangedSince(sage, { limit: 500 });
  const accounts = page.items
    .filter((c) => !c.sleeping && c.centralAccount === '' && /^CL\d+$/.test(c.account))
    .slice(0, CUSTOMERS);
  const ids: number[] = [];
  for (const [i, customer] of accounts.entries()) {
    const created = await woo.customers.create({
      email: `bench${i}@${customer.account.toLowerCase()}.example`,
      meta_data: [
        { key: 'sage_account', value: customer.account },
        { key: 'sage_home_depot', value: String((i % 6) + 1) },
      ],
    });
    ids.push(created.id);
  }
  return ids;
}

/**
 * Quote written → stock push closed, per web order: waits until no stock push workflow runs,
 * then matches each closed push to the quotes it covered (`stock-push-import-<quote>`, or the
 * `quotes` a bucket returns).
 */
async function measurePushLag(
  client: Client,
  sage: ReturnType<typeof createSageDb>,
  numbers: readonly string[],
): Promise<OrdersBenchResult['stockPushLag']> {
  const types = "WorkflowType IN ('stockPush', 'stockPushBucket')";
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const running = await client.workflow.count(`${types} AND ExecutionStatus = 'Running'`);
    if (running.count === 0) break;
    if (Date.now() > deadline) throw new Error(`${running.count} stock pushes still running`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const closedAt = new Map<string, number>();
  let pushes = 0;
  for await (const execution of client.workflow.list({ query: types })) {
    pushes += 1;
    const at = execution.closeTime?.getTime();
    if (at === undefined) continue;
    let quotes: string[] = [];
    const perQuote = /^stock-push-import-(.+)$/.exec(execution.workflowId);
    if (perQuote) quotes = [perQuote[1]];
    else if (execution.type === 'stockPushBucket') {
      const result = (await client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .result()) as { quotes?: string[] };
      // `event:quote` (`import:DE00042`): the import pushes only.
      quotes = (result.quotes ?? []).flatMap((q) => /^import:(.+)$/.exec(q)?.[1] ?? []);
    }
    for (const q of quotes) closedAt.set(q, Math.min(at, closedAt.get(q) ?? Infinity));
  }
  const rows = await sage
    .selectFrom('F_DOCENTETE')
    .select(['DO_Piece', 'cbModification'])
    .where('DO_Type', '=', 0)
    .where('DO_NoWeb', 'in', [...numbers])
    .execute();
  const lags = rows
    .map((r) => (closedAt.get(r.DO_Piece) ?? NaN) - Date.parse(`${String(r.cbModification)}Z`))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b);
  if (lags.length === 0) return undefined;
  if (lags.length !== rows.length) {
    process.stderr.write(`stock push known for ${lags.length} of ${rows.length} quotes\n`);
  }
  return {
    pushes,
    p50Ms: Math.round(percentile(lags, 0.5)),
    p95Ms: Math.round(percentile(lags, 0.95)),
    maxMs: Math.round(lags[lags.length - 1]),
  };
}

/** Insert time (cbModification of the quote header) of each web order's quote. */
async function waitForQuotes(
  sage: ReturnType<typeof createSageDb>,
  numbers: readonly string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sage
      .selectFrom('F_DOCENTETE')
      .select(['DO_NoWeb', 'cbModification'])
      .where('DO_Type', '=', 0)
      .where('DO_NoWeb', 'in', [...numbers])
      .execute();
    if (rows.length >= numbers.length) {
      return new Map(
        rows.map((r) => [String(r.DO_NoWeb), Date.parse(`${String(r.cbModification)}Z`)]),
      );
    }
    if (Date.now() > deadline) {
      throw new Error(`${rows.length} of ${numbers.length} quotes after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What a result was measured with: worker concurrency, Node, CPU and when. */
function runContext(config: Pick<Config, 'workers'>) {
  return {
    workers: {
      sageConcurrency: config.workers.sageConcurrency,
      wooConcurrency: config.workers.wooConcurrency,
    },
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
  };
}
