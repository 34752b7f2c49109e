import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import pino from 'pino';
import { parseConfig, type Config, type WorkerRole } from '../../../shared/config';
import { customStatusesOf, shopIdOf } from '../../../shared/config/orders';
import { orderWorkflowId } from '../../../shared/orders/intake';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { readCustomersChangedSince } from '../../../activities/sage/customers';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { OrderPriceIndex } from '../../../activities/orders/order-price-index';
import { DEFAULT_APP_PASSWORD, type RunningSandbox } from '../../../sandbox/woo';
import type { Order } from '../../../shared/woo/order';
import { ensureShopWebhook } from '../../../workers/webhooks/register';
import { ORDER_TOPICS, orderWebhookHandlers } from '../../../workers/webhooks/orders';
import { startWebhookServer, type RunningWebhookServer } from '../../../workers/webhooks/server';
import { prefillShopFromSage, startConnectorUnderTest } from '../../helpers/connector';
import { runEveryStep } from '../../helpers/cleanup';
import type { TestTemporal } from '../../helpers/temporal';

export const WEBHOOK_SECRET = 'orders-test-webhook-secret-42';

/** A shop customer mapped to a Sage account (meta `sage_account`, `sage_home_depot`). */
export interface MappedCustomer {
  shopId: number;
  account: string;
  homeDepot: number;
}

export interface OrdersHarness {
  config: Config;
  temporal: TestTemporal;
  shop: RunningSandbox;
  woo: WooClient;
  sage: SageDb;
  webhooks: RunningWebhookServer;
  customers: MappedCustomer[];
  /** SKUs of simple products (articles not asleep, no packaging) the shop sells. */
  skus: string[];
  sagePath: string;
  dir: string;
  shopId: string;
  workflowIdOf(orderId: number): string;
  /** Net price Sage expects for this customer (the shop shows it). */
  expectedPrice(account: string, sku: string, quantity: number): Promise<string>;
  /** Places an order in the shop (REST); the sandbox delivers `order.created` by HTTP. */
  placeOrder(
    customer: { shopId: number },
    lines: { sku: string; quantity: number; unitPrice: string }[],
    status?: string,
  ): Promise<Order>;
  /** Sales documents carrying this web order number (quotes and what they became). */
  quotesFor(orderNumber: string): Promise<{ piece: string; type: number; status: number }[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Worker roles run in this process (the kill test runs `sage` in a child process). */
  roles?: WorkerRole[];
  config?: Record<string, unknown>;
  size?: 'tiny' | 'small';
  customers?: number;
  /** Register the order webhooks in the shop (false: only the polling intake sees orders). */
  registerWebhooks?: boolean;
}

/**
 * The connector on real parts for the order flow: a generated Sage demo company (SQLite), the
 * shop sandbox with the mapped custom statuses registered and the catalog's SKUs, customers
 * mapped to Sage accounts, the webhook server with the order handlers registered in the shop,
 * the shared test Temporal server and this process's workers.
 */
export async function startOrdersHarness(options: HarnessOptions = {}): Promise<OrdersHarness> {
  const orders = (options.config?.orders as Record<string, unknown> | undefined) ?? {};
  const input = {
    ...options.config,
    // The suites that follow a chain by polling run no change feed: it is off unless asked for.
    orders: { changeFeed: { enabled: false }, ...orders },
    woo: {
      webhookSecret: WEBHOOK_SECRET,
      media: {
        username: DEFAULT_APP_PASSWORD.username,
        applicationPassword: DEFAULT_APP_PASSWORD.password,
      },
      ...((options.config?.woo as Record<string, unknown>) ?? {}),
    },
  };
  const connector = await startConnectorUnderTest({
    size: options.size ?? 'tiny',
    seed: 11,
    config: input,
    sandbox: { customOrderStatuses: customStatusesOf(parseConfig(input).orders) },
    roles: options.roles,
  });
  const { config, temporal, shop, dir } = connector;
  const sagePath = config.sage.kind === 'embedded' ? config.sage.embedded.path : '';
  const { articles } = await prefillShopFromSage(shop, config);
  const sage = createSageDb(config.sage);
  const skus = articles
    .filter((a) => !a.sleeping && a.packagings.length <= 1 && !a.masterReference)
    .filter((a) => a.reference.startsWith('BAD-') === false)
    .map((a) => a.reference);

  const woo = createWooClient(config.woo);
  const customers = await mapCustomers(sage, woo, options.customers ?? 3);
  const handlers = orderWebhookHandlers(temporal.client, config);
  const webhooks = await startWebhookServer({
    secret: WEBHOOK_SECRET,
    logger: pino({ level: 'silent' }),
    handlers: { ...handlers },
  });
  for (const topic of options.registerWebhooks === false ? [] : ORDER_TOPICS) {
    await ensureShopWebhook(woo, { topic, deliveryUrl: webhooks.url, secret: WEBHOOK_SECRET });
  }
  const prices = new OrderPriceIndex(config, async () => sage);
  const shopId = shopIdOf(config.orders, config.woo.url);

  return {
    config,
    temporal,
    shop,
    woo,
    sage,
    webhooks,
    customers,
    skus,
    sagePath,
    dir,
    shopId,
    workflowIdOf: (orderId) => orderWorkflowId(shopId, orderId),
    async expectedPrice(account, sku, quantity) {
      const price = (await prices.expectedPrices(account, today()))({
        article: sku,
        quantity: String(quantity),
      });
      if (price === undefined) throw new Error(`no Sage price for ${sku}`);
      return price;
    },
    placeOrder(customer, lines, status = 'processing') {
      return woo.orders.create({
        customer_id: customer.shopId,
        status,
        line_items: lines.map((l) => ({
          sku: l.sku,
          quantity: l.quantity,
          total: (Number(l.unitPrice) * l.quantity).toFixed(2),
          subtotal: (Number(l.unitPrice) * l.quantity).toFixed(2),
        })),
      });
    },
    async quotesFor(orderNumber) {
      const rows = await sage
        .selectFrom('F_DOCENTETE')
        .select(['DO_Piece', 'DO_Type', 'DO_Statut'])
        .where('DO_NoWeb', '=', orderNumber)
        .execute();
      return rows.map((r) => ({ piece: r.DO_Piece.trim(), type: r.DO_Type, status: r.DO_Statut }));
    },
    stop: () =>
      runEveryStep([
        () => recordOrderHistories(temporal),
        () => terminateRunningOrders(temporal),
        () => webhooks.close(),
        () => woo.close(),
        () => sage.destroy(),
        () => connector.stop(),
      ]),
  };
}

/**
 * Orders still following their chain must not outlive the suite: the task queue names are
 * fixed, so the next suite's workers would pick their timers up. Visibility lags, so a listed
 * run may have ended before its terminate: that one is already where it should be.
 */
async function terminateRunningOrders(temporal: TestTemporal): Promise<void> {
  for await (const run of temporal.client.workflow.list({
    query: `WorkflowType = 'orderLifecycle' AND ExecutionStatus = 'Running'`,
  })) {
    await temporal.client.workflow
      .getHandle(run.workflowId)
      .terminate('suite over')
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  }
}

/**
 * With `SWS_RECORD_ORDER_HISTORIES=<dir>`, writes the history of every `orderLifecycle` run of
 * the suite (running ones as they stand) to `<dir>`, one protobuf JSON file per run: the way
 * the replay fixtures of test/fixtures/histories were recorded before a reshape of the
 * workflow. Off by default.
 */
async function recordOrderHistories(temporal: TestTemporal): Promise<void> {
  const dir = process.env.SWS_RECORD_ORDER_HISTORIES;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for await (const run of temporal.client.workflow.list({
    query: `WorkflowType = 'orderLifecycle'`,
  })) {
    const path = join(
      dir,
      `${run.workflowId.replace(/[^\w.-]/g, '_')}-${run.runId.slice(0, 8)}.json`,
    );
    // Kept as first recorded: a later suite would record it again terminated.
    if (existsSync(path)) continue;
    const handle = temporal.client.workflow.getHandle(run.workflowId, run.runId);
    // Protobuf JSON as the SDK's replayer reads it (enum names, 64-bit numbers as strings).
    const history = proto.api.history.v1.History.fromObject(await handle.fetchHistory());
    writeFileSync(path, `${JSON.stringify(history.toJSON(), null, 2)}\n`);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Creates shop customers for the first open Sage accounts, with their Sage meta. */
async function mapCustomers(
  sage: SageDb,
  woo: WooClient,
  count: number,
): Promise<MappedCustomer[]> {
  const page = await readCustomersChangedSince(sage, { limit: 200 });
  const accounts = page.items.filter(
    (c) => !c.sleeping && c.centralAccount === '' && /^CL\d+$/.test(c.account),
  );
  const out: MappedCustomer[] = [];
  for (const [i, customer] of accounts.slice(0, count).entries()) {
    const homeDepot = (i % 6) + 1;
    const created = await woo.customers.create({
      email: `buyer${i}@${customer.account.toLowerCase()}.example`,
      first_name: 'Acheteur',
      last_name: customer.account,
      meta_data: [
        { key: 'sage_account', value: customer.account },
        { key: 'sage_home_depot', value: String(homeDepot) },
      ],
    });
    out.push({ shopId: created.id, account: customer.account, homeDepot });
  }
  if (out.length < count) throw new Error(`only ${out.length} usable Sage accounts`);
  return out;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
