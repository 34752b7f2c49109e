import assert from 'node:assert/strict';
import pino from 'pino';
import { createSageDb, type SageDb } from '../../activities/sage/db';
import { OrderPriceIndex } from '../../activities/orders/order-price-index';
import { collectItems } from '../../activities/woo';
import { shopIdOf } from '../../shared/config/orders';
import { orderWorkflowId } from '../../shared/orders/intake';
import { TASK_QUEUES } from '../../shared/task-queues';
import { getMeta, getMetaString } from '../../shared/woo/meta';
import type { Customer } from '../../shared/woo/customer';
import type { Order } from '../../shared/woo/order';
import { advanceChain } from '../../sandbox/sage/simulator';
import { orderIntake } from '../../workflows';
import { CUSTOMER_EDITS_WORKFLOW_ID } from '../../workflows/customer-edits';
import { ensureShopWebhook } from '../../workers/webhooks/register';
import { startWebhookServer, type RunningWebhookServer } from '../../workers/webhooks/server';
import { webhookHandlers } from '../../workers/webhooks/topics';
import { runShopQueue } from '../helpers/real-shop';
import { runCustomerSync } from '../integration/customers/helpers';
import { runSync } from '../integration/catalog/helpers';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';

/** Polls `probe` until it gives a value, running the store's queue (webhook deliveries) meanwhile. */
async function until<T>(
  connector: RealShopConnector,
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await runShopQueue(connector.shop);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const meta = (c: Customer, key: string) => c.meta_data?.find((m) => m.key === key)?.value;

/**
 * Customers both ways and the order flow against a real WooCommerce 10 store: the webhooks are
 * registered in the store and delivered by WooCommerce itself (Action Scheduler), signed with
 * the connector's secret.
 */
describe('real store: customers and orders', function () {
  this.timeout(600_000);
  let connector: RealShopConnector;
  let sage: SageDb;
  let server: RunningWebhookServer;
  let byAccount: Map<string, Customer>;
  const received: { topic: string; at: number; id?: number }[] = [];

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    sage = createSageDb(connector.config.sage);
    const secret = connector.config.woo.webhookSecret!;
    const handlers = webhookHandlers(connector.config, connector.temporal.client);
    const recording = Object.fromEntries(
      Object.entries(handlers).map(([topic, handle]) => [
        topic,
        async (delivery: Parameters<typeof handle>[0]) => {
          const id = (delivery.payload as { id?: number } | undefined)?.id;
          received.push({ topic, at: Date.now(), id });
          await handle(delivery);
        },
      ]),
    );
    server = await startWebhookServer({
      secret,
      handlers: recording,
      logger: pino({ level: 'silent' }),
    });
    for (const topic of Object.keys(handlers)) {
      await ensureShopWebhook(connector.admin, { topic, deliveryUrl: server.url, secret });
    }
  });
  after(async () => {
    if (!connector) return;
    const { client } = connector.temporal;
    for await (const run of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
      await client.workflow
        .getHandle(run.workflowId)
        .terminate('suite over')
        .catch(() => undefined);
    }
    await server?.close();
    await sage?.destroy();
  });

  it('exports the Sage accounts as shop customers; a rerun writes nothing', async () => {
    const first = await runCustomerSync(connector as never, { mode: 'full' });
    assert.ok(first.counts.created > 40, JSON.stringify(first.counts));
    const customers = await collectItems(connector.admin.customers.listAll({ role: 'all' }));
    byAccount = new Map(
      customers
        .filter((c) => typeof meta(c, 'sage_account') === 'string')
        .map((c) => [meta(c, 'sage_account') as string, c]),
    );
    assert.equal(byAccount.size, first.counts.created);
    const account = await sage
      .selectFrom('F_COMPTET')
      .selectAll()
      .where('CT_Num', '=', [...byAccount.keys()][0])
      .executeTakeFirstOrThrow();
    const shop = byAccount.get(account.CT_Num.trim())!;
    assert.equal(shop.billing.city, account.CT_Ville?.trim());
    connector.proxy.reset();
    const again = await runCustomerSync(connector as never, { mode: 'full' });
    assert.equal(again.counts.created + again.counts.updated, 0);
    assert.equal(connector.proxy.writes().length, 0);
  });

  it('an edit made in the shop reaches Sage through a webhook WooCommerce delivers', async () => {
    const [account, customer] = [...byAccount].find(([a]) => /^CL\d+$/.test(a))!;
    await connector.admin.customers.update(customer.id, {
      billing: { address_1: '77 rue du Vrai Magasin' },
    });
    await until(
      connector,
      async () =>
        received.some((r) => r.topic === 'customer.updated' && r.id === customer.id) &&
        (
          await sage
            .selectFrom('F_COMPTET')
            .select('CT_Adresse')
            .where('CT_Num', '=', account)
            .executeTakeFirstOrThrow()
        ).CT_Adresse === '77 rue du Vrai Magasin',
      'the edit in Sage',
    );
  });

  it('a customer order becomes exactly one Sage quote, follows the chain and gets its invoice', async () => {
    const { ids } = await agencyCatalog(connector);
    // Prices and stock on the shop (no-op when the catalog suite already ran).
    await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    const [account, customer] = [...byAccount].find(([a]) => /^CL\d+$/.test(a))!;
    const skus = connector.articles
      .filter(
        (a) => !a.sleeping && !a.masterReference && a.packagings.length < 2 && ids.has(a.reference),
      )
      .slice(0, 2)
      .map((a) => a.reference);
    const prices = new OrderPriceIndex(connector.config, async () => sage);
    const priceOf = await prices.expectedPrices(account, new Date().toISOString().slice(0, 10));
    const created = Date.now();
    const order: Order = await connector.admin.orders.create({
      customer_id: customer.id,
      status: 'on-hold',
      line_items: skus.map((sku, i) => {
        const unit = priceOf({ article: sku, quantity: String(i + 1) })!;
        const total = (Number(unit) * (i + 1)).toFixed(2);
        return { product_id: ids.get(sku)!, quantity: i + 1, subtotal: total, total };
      }),
    });
    const delivery = await until(
      connector,
      async () => received.find((r) => r.topic === 'order.created' && r.id === order.id),
      'order.created delivered by the store',
    );
    console.log(
      `      order.created delivered ${delivery.at - created} ms after the order was created`,
    );
    const quotes = async () =>
      sage
        .selectFrom('F_DOCENTETE')
        .select(['DO_Piece', 'DO_Type', 'DO_Tiers'])
        .where('DO_NoWeb', '=', order.number)
        .execute();
    const quote = await until(
      connector,
      async () => (await quotes()).find((q) => q.DO_Type === 0),
      'the quote',
    );
    assert.equal(quote.DO_Tiers.trim(), account);
    const statuses = connector.config.orders.statuses;
    await until(
      connector,
      async () =>
        (await connector.admin.orders.get(order.id)).status === statuses.awaitingValidation,
      'awaiting validation in the shop',
    );
    const lines = await sage
      .selectFrom('F_DOCLIGNE')
      .select(['AR_Ref', 'DL_Design'])
      .where('DO_Piece', '=', quote.DO_Piece)
      .where('DO_Type', '=', 0)
      .execute();
    assert.deepEqual(lines.map((l) => l.AR_Ref?.trim()).sort(), [...skus].sort());
    assert.ok(
      lines.every((l) => !l.DL_Design?.startsWith('[PRIX')),
      'no price difference',
    );

    for (const status of [statuses.validated, statuses.inPreparation, statuses.beingDelivered]) {
      await advanceChain(sage, quote.DO_Piece.trim());
      await until(
        connector,
        async () => (await connector.admin.orders.get(order.id)).status === status,
        `shop status ${status}`,
      );
    }
    const [invoiceStep] = await advanceChain(sage, quote.DO_Piece.trim());
    const completed = await until(
      connector,
      async () => {
        const o = await connector.admin.orders.get(order.id);
        return o.status === statuses.completed ? o : undefined;
      },
      'completed with its invoice',
    );
    assert.equal(getMetaString(completed.meta_data, 'sage_invoice'), invoiceStep.piece);
    // Stored by the shop plugin, out of public reach: its customer downloads it from My Account
    // (plugin-orders test); a visitor with the link gets 403.
    const link = getMeta(completed.meta_data, 'sage_invoice_pdf') as {
      url: string;
      storage?: string;
    };
    assert.equal(link.storage, 'sws-plugin');
    const pdf = await fetch(link.url.replace(/^https:/, 'http:'));
    assert.equal(pdf.status, 403);
    // Every delivery and step later: still exactly one quote.
    assert.equal((await quotes()).filter((q) => q.DO_Type === 0).length, 1);
  });

  it('with the order webhook paused, the polling intake imports the order exactly once', async () => {
    const hooks = await collectItems(connector.admin.webhooks.listAll());
    const orderHooks = hooks.filter((w) => w.topic.startsWith('order.'));
    for (const hook of orderHooks)
      await connector.admin.webhooks.update(hook.id, { status: 'paused' });
    try {
      const { ids } = await agencyCatalog(connector);
      const [account, customer] = [...byAccount].filter(([a]) => /^CL\d+$/.test(a))[1];
      const sku = connector.articles.find(
        (a) => !a.sleeping && !a.masterReference && a.packagings.length < 2 && ids.has(a.reference),
      )!.reference;
      const prices = new OrderPriceIndex(connector.config, async () => sage);
      const unit = (await prices.expectedPrices(account, new Date().toISOString().slice(0, 10)))({
        article: sku,
        quantity: '2',
      })!;
      const total = (Number(unit) * 2).toFixed(2);
      const order = await connector.admin.orders.create({
        customer_id: customer.id,
        status: 'processing',
        line_items: [{ product_id: ids.get(sku)!, quantity: 2, subtotal: total, total }],
      });
      await runShopQueue(connector.shop);
      const { client } = connector.temporal;
      // Twice: the second poll sees the order again and must not import it twice.
      for (let i = 0; i < 2; i++) {
        await client.workflow.execute(orderIntake, {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: `test-order-intake-${Date.now()}-${i}`,
        });
      }
      assert.equal(
        received.filter((r) => r.topic.startsWith('order.') && r.id === order.id).length,
        0,
        'no webhook reached the connector',
      );
      const shopId = shopIdOf(connector.config.orders, connector.config.woo.url);
      const handle = client.workflow.getHandle(orderWorkflowId(shopId, order.id));
      await until(
        connector,
        async () =>
          (
            await sage
              .selectFrom('F_DOCENTETE')
              .select('DO_Piece')
              .where('DO_NoWeb', '=', order.number)
              .where('DO_Type', '=', 0)
              .execute()
          ).length === 1,
        'the quote from the polling intake',
      );
      assert.equal((await handle.describe()).status.name, 'RUNNING');
    } finally {
      for (const hook of orderHooks)
        await connector.admin.webhooks.update(hook.id, { status: 'active' });
    }
  });
});

export { CUSTOMER_EDITS_WORKFLOW_ID };
