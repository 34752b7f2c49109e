import assert from 'node:assert/strict';
import { createSageDb, type SageDb } from '../../activities/sage/db';
import { OrderPriceIndex } from '../../activities/orders/order-price-index';
import { collectItems } from '../../activities/woo';
import { TASK_QUEUES } from '../../shared/task-queues';
import type { Customer } from '../../shared/woo/customer';
import { orderIntake, priceSync } from '../../workflows';
import { getMetaString } from '../../shared/woo/meta';
import { z } from 'zod';
import { runSync } from '../integration/catalog/helpers';
import { runCustomerSync } from '../integration/customers/helpers';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';
import { login, minorUnits, storeApi, storeProduct } from './store-session';

const PASSWORD = 'sws-Demo-customer-1';
const CUSTOMERS = 20;
const ARTICLES_PER_CUSTOMER = 12;

const metaOf = (list: { key: string; value: unknown }[] | undefined, key: string) =>
  list?.find((m) => m.key === key)?.value;
const nonEmpty = (value: unknown) =>
  value !== undefined &&
  value !== '' &&
  !(typeof value === 'object' && Object.keys(value as object).length === 0);

/**
 * The demo company's prices, synced by the connector into a real store and read back as each
 * logged-in customer sees them (Store API, shop plugin): equal to the pricing engine's, to the
 * cent, for customers with exception prices, central members, family and global discounts, and
 * for variations and "hors remise" articles.
 */
describe('real store: each customer sees the price Sage would charge', function () {
  this.timeout(900_000);
  let connector: RealShopConnector;
  let sage: SageDb;

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    sage = createSageDb(connector.config.sage);
    await agencyCatalog(connector);
    await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    await runCustomerSync(connector as never, { mode: 'full' });
    const prices = await connector.temporal.client.workflow.execute(priceSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-price-sync-${Date.now()}`,
      args: [{}],
    });
    assert.equal(prices.state, 'done', JSON.stringify(prices));
  });
  after(async () => {
    await sage?.destroy();
  });

  it(`matches the engine for ${CUSTOMERS} customers × ${ARTICLES_PER_CUSTOMER} articles`, async () => {
    const { admin } = connector;
    const customers = (await collectItems(admin.customers.listAll({ role: 'all' }))).filter(
      (c) =>
        typeof metaOf(c.meta_data, 'sage_account') === 'string' &&
        metaOf(c.meta_data, 'sage_sleeping') !== '1',
    );
    // The conditions worth covering first, then the rest.
    const score = (c: Customer) =>
      (nonEmpty(metaOf(c.meta_data, 'sage_customer_prices')) ? 4 : 0) +
      (nonEmpty(metaOf(c.meta_data, 'sage_central')) ? 3 : 0) +
      (nonEmpty(metaOf(c.meta_data, 'sage_family_discounts')) ? 2 : 0) +
      (!['', '0', undefined].includes(metaOf(c.meta_data, 'sage_customer_discount') as string)
        ? 1
        : 0);
    const chosen = [...customers]
      .sort((a, b) => score(b) - score(a) || a.id - b.id)
      .slice(0, CUSTOMERS);
    const products = await collectItems(
      admin.products.listAll({ status: 'publish', per_page: 100 }),
    );
    const entities: { id: number; sku: string; horsRemise: boolean; variation: boolean }[] = [];
    const horsRemise = (meta: { key: string; value: unknown }[]) =>
      JSON.stringify(metaOf(meta, 'sage_price_rules') ?? {}).includes('"discounts"');
    for (const p of products) {
      if (p.type === 'variable') {
        const variations = await collectItems(admin.variations.listAll(p.id, { per_page: 100 }));
        for (const v of variations.filter((x) => x.status === 'publish').slice(0, 1)) {
          entities.push({
            id: v.id,
            sku: v.sku,
            horsRemise: horsRemise(v.meta_data),
            variation: true,
          });
        }
      } else {
        entities.push({
          id: p.id,
          sku: p.sku,
          horsRemise: horsRemise(p.meta_data),
          variation: false,
        });
      }
    }
    const index = new OrderPriceIndex(connector.config, async () => sage);
    const today = new Date().toISOString().slice(0, 10);
    const seen = {
      pairs: 0,
      exceptions: 0,
      central: 0,
      family: 0,
      global: 0,
      horsRemise: 0,
      variations: 0,
      noPrice: 0,
    };
    const mismatches: string[] = [];
    for (const [n, customer] of chosen.entries()) {
      const account = metaOf(customer.meta_data, 'sage_account') as string;
      await admin.customers.update(customer.id, { password: PASSWORD } as never);
      const session = await login(connector.shop, customer.username, PASSWORD);
      const own = (metaOf(customer.meta_data, 'sage_customer_prices') ?? {}) as Record<
        string,
        string
      >;
      // The customer's exception articles first, then a slice of the catalog that moves with n.
      const sample = [
        ...entities.filter((e) => e.sku in own).slice(0, 4),
        ...entities.filter((e) => e.horsRemise).slice(n % 5, (n % 5) + 2),
        ...entities.filter((e) => e.variation).slice(n * 2, n * 2 + 2),
        ...entities.slice(n * 7, n * 7 + ARTICLES_PER_CUSTOMER),
      ].slice(0, ARTICLES_PER_CUSTOMER);
      const expectedPrice = await index.expectedPrices(account, today);
      for (const entity of sample) {
        const expected = expectedPrice({ article: entity.sku, quantity: '1' });
        const shown = await storeProduct(connector.shop, entity.id, session);
        if (expected === undefined) {
          seen.noPrice += 1;
          continue;
        }
        seen.pairs += 1;
        if (entity.sku in own) seen.exceptions += 1;
        if (nonEmpty(metaOf(customer.meta_data, 'sage_central'))) seen.central += 1;
        if (nonEmpty(metaOf(customer.meta_data, 'sage_family_discounts'))) seen.family += 1;
        if (
          !['', '0', undefined].includes(
            metaOf(customer.meta_data, 'sage_customer_discount') as string,
          )
        )
          seen.global += 1;
        if (entity.horsRemise) seen.horsRemise += 1;
        if (entity.variation) seen.variations += 1;
        const want = minorUnits(expected, shown.prices.currency_minor_unit);
        if (shown.prices.price !== want) {
          mismatches.push(
            `${account} × ${entity.sku}: engine ${expected}, shop ${shown.prices.price}`,
          );
        }
      }
    }
    console.log(`      ${JSON.stringify(seen)}`);
    assert.deepEqual(mismatches, []);
    assert.ok(seen.pairs >= 200, `${seen.pairs} pairs`);
    for (const kind of ['exceptions', 'central', 'family', 'horsRemise', 'variations'] as const) {
      assert.ok(seen[kind] > 0, `no pair with ${kind}: ${JSON.stringify(seen)}`);
    }
  });

  it('an order placed on account through the Store API checkout becomes a Sage quote with no price difference', async () => {
    const { admin } = connector;
    await admin.http.request({
      method: 'PUT',
      path: '/payment_gateways/sws_on_account',
      body: { enabled: true },
      schema: z.unknown(),
      idempotent: true,
    });
    const customers = (await collectItems(admin.customers.listAll({ role: 'all' }))).filter(
      (c) =>
        /^CL\d+$/.test(String(metaOf(c.meta_data, 'sage_account'))) &&
        nonEmpty(metaOf(c.meta_data, 'sage_customer_prices')),
    );
    const customer = customers[0];
    const account = metaOf(customer.meta_data, 'sage_account') as string;
    const own = metaOf(customer.meta_data, 'sage_customer_prices') as Record<string, string>;
    const { ids } = await agencyCatalog(connector);
    // One article at the customer's exception price, one at the formula's price.
    const skus = [
      Object.keys(own).find((sku) => ids.has(sku))!,
      connector.articles.find(
        (a) =>
          !a.sleeping &&
          !a.masterReference &&
          a.packagings.length < 2 &&
          ids.has(a.reference) &&
          !(a.reference in own),
      )!.reference,
    ];
    await admin.customers.update(customer.id, { password: PASSWORD } as never);
    const api = storeApi(connector.shop, await login(connector.shop, customer.username, PASSWORD));
    // The Store API hands out its Nonce on a first read; writes need it.
    await api('GET', '/cart');
    for (const sku of skus) {
      const added = await api('POST', '/cart/add-item', { id: ids.get(sku)!, quantity: 2 });
      assert.equal(added.status, 201, JSON.stringify(added.body));
    }
    const address = {
      first_name: 'Acheteur',
      last_name: account,
      address_1: '1 rue du Port',
      city: 'Lyon',
      postcode: '69007',
      country: 'FR',
      email: customer.email,
      phone: '0400000000',
    };
    const checkout = await api<{ order_id: number }>('POST', '/checkout', {
      billing_address: address,
      shipping_address: address,
      payment_method: 'sws_on_account',
    });
    assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
    const order = await admin.orders.get(checkout.body.order_id);
    assert.equal(order.status, connector.config.orders.statuses.awaitingValidation);

    // No webhook server in this suite: the polling intake finds it.
    const { client } = connector.temporal;
    await client.workflow.execute(orderIntake, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-real-on-account-intake-${Date.now()}`,
    });
    const deadline = Date.now() + 120_000;
    let lines: { AR_Ref: string | null; DL_Design: string | null }[] = [];
    while (Date.now() < deadline) {
      const quote = await sage
        .selectFrom('F_DOCENTETE')
        .select('DO_Piece')
        .where('DO_NoWeb', '=', order.number)
        .where('DO_Type', '=', 0)
        .executeTakeFirst();
      if (quote) {
        lines = await sage
          .selectFrom('F_DOCLIGNE')
          .select(['AR_Ref', 'DL_Design'])
          .where('DO_Piece', '=', quote.DO_Piece)
          .where('DO_Type', '=', 0)
          .execute();
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(lines.map((l) => l.AR_Ref?.trim()).sort(), [...skus].sort());
    assert.ok(
      lines.every((l) => !l.DL_Design?.startsWith('[PRIX')),
      `a price difference was flagged: ${lines.map((l) => l.DL_Design).join(' | ')}`,
    );
    // The workflow then records the quote on the shop order (the status was already right).
    for (let i = 0; i < 120; i++) {
      const shopOrder = await admin.orders.get(order.id);
      if (getMetaString(shopOrder.meta_data, 'sage_quote')) {
        assert.equal(shopOrder.status, connector.config.orders.statuses.awaitingValidation);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.fail('the shop order never got its sage_quote');
  });
});
