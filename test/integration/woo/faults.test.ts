import assert from 'node:assert/strict';
import { wooConfigSchema } from '../../../shared/config/woo';
import { getMeta } from '../../../shared/woo/meta';
import type { ProductCreate } from '../../../shared/woo/product';
import { createWooClient, type WooClient } from '../../../activities/woo/client';
import { collectItems } from '../../../activities/woo/collection';
import {
  toActivityFailure,
  WooBadRequestError,
  WooTimeoutError,
} from '../../../activities/woo/errors';
import type { BatchResult } from '../../../activities/woo/batch-runner';
import {
  ensureProductBySku,
  ensureProductsBySku,
  ensureVariationsBySku,
  type EnsureResult,
} from '../../../activities/woo/idempotent';
import { startSandbox } from '../../../sandbox/woo';
import { newRunStats, runLikeActivity, type RetryPolicyLike } from './helpers/retry-like-temporal';

/**
 * Every intended write is applied exactly once in the end, while the shop fails 30 % of the
 * requests with 5xx, 10 % with 429, and holds some without answer (before or after applying
 * the write). The writes go through "activities" retried like Temporal retries activities;
 * creates are idempotent through SKU uniqueness, notes through a lookup, updates by nature.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const POLICY: RetryPolicyLike = {
  initialIntervalMs: 20,
  backoffCoefficient: 2,
  maximumIntervalMs: 250,
  maximumAttempts: 60,
};

const PRODUCT_COUNT = 40;
const CUSTOMER_COUNT = 5;
const ORDER_COUNT = 4;
const VARIATION_OPTIONS = ['6mm', '8mm', '10mm'];

function sku(i: number): string {
  return `FLT-${String(i).padStart(3, '0')}`;
}

/** The state the shop must end in, per SKU (the second stock round wins). */
function intendedStock(i: number, round: number): { qty: number; depots: Record<string, number> } {
  const qty = (i * 7 + round * 3) % 50;
  return { qty, depots: { '1': qty - (qty >> 1), '2': qty >> 1 } };
}

function throwFirstFailure(result: EnsureResult | BatchResult<unknown>): void {
  const failure = 'ensured' in result ? result.failed[0] : result.items.find((i) => !i.ok);
  if (failure && 'error' in failure) throw failure.error;
}

describe('woo client under faults: every intended write applied exactly once', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let client: WooClient;

  before(async () => {
    sandbox = await startSandbox({ seed: 20261128 });
    client = createWooClient(
      wooConfigSchema.parse({
        kind: 'sandbox',
        url: sandbox.url,
        consumerKey: 'ck_sandbox',
        consumerSecret: 'cs_sandbox',
        // The client gives up before the sandbox's hold (1 s) ends: a real timeout.
        timeoutMs: 300,
        batchTimeoutMs: 600,
        batchSize: 20,
        concurrency: 4,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 2_000 },
      }),
    );
  });

  after(async () => {
    client?.close();
    await sandbox?.close();
  });

  it('ends in the intended state with each product, customer and note once', async () => {
    // ---- setup, faults off: orders placed in the shop ----
    const item = await client.products.create({
      name: 'Article commandé',
      sku: 'SETUP-ITEM',
      regular_price: '3.00',
    });
    const orderIds: number[] = [];
    for (let i = 0; i < ORDER_COUNT; i += 1) {
      const order = await client.orders.create({
        status: 'pending',
        line_items: [{ product_id: item.id, quantity: 1 }],
      });
      orderIds.push(order.id);
    }

    sandbox.resetCounters();
    sandbox.setFaults({
      errorRate5xx: 0.3,
      rate429: 0.1,
      retryAfterSeconds: 1,
      timeoutRate: 0.05,
      timeoutAfterApplyRate: 0.08,
      timeoutMs: 1_000,
    });
    const requestsBefore = client.stats().requests;
    const stats = newRunStats();
    const activity = <T>(fn: () => Promise<T>) => runLikeActivity(stats, POLICY, fn);
    let intendedWrites = 0;

    // ---- catalog: products created by SKU, one activity per page of 5 articles ----
    const productIds = new Map<string, number>();
    let recognised = 0;
    const specs: ProductCreate[] = Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
      name: `Raccord ${i}`,
      type: 'simple',
      sku: sku(i),
      regular_price: `${10 + i}.00`,
      manage_stock: true,
      stock_quantity: 0,
      meta_data: [{ key: 'sage_ref', value: sku(i) }],
    }));
    intendedWrites += specs.length;
    await Promise.all(
      Array.from({ length: PRODUCT_COUNT / 5 }, (_, page) =>
        specs.slice(page * 5, page * 5 + 5),
      ).map((chunk) =>
        activity(async () => {
          const result = await ensureProductsBySku(client, chunk);
          throwFirstFailure(result);
          for (const e of result.ensured) productIds.set(e.sku, e.id);
          recognised += result.ensured.filter((e) => !e.created).length;
        }),
      ),
    );

    // ---- a variable product and its variations ----
    const parent = await activity(() =>
      ensureProductBySku(client, {
        name: 'Flexible hydraulique',
        type: 'variable',
        sku: 'FLT-FLEX',
        attributes: [
          { name: 'Diamètre', variation: true, visible: true, options: VARIATION_OPTIONS },
        ],
      }),
    );
    const variationIds = new Map<string, number>();
    await activity(async () => {
      const result = await ensureVariationsBySku(
        client,
        parent.id,
        VARIATION_OPTIONS.map((option) => ({
          sku: `FLT-FLEX-${option}`,
          regular_price: '5.00',
          manage_stock: true,
          stock_quantity: 0,
          attributes: [{ name: 'Diamètre', option }],
        })),
      );
      throwFirstFailure(result);
      for (const e of result.ensured) variationIds.set(e.sku, e.id);
    });
    intendedWrites += 1 + VARIATION_OPTIONS.length;

    // ---- two rounds of stock + meta batch updates (the last one must win) ----
    for (const round of [1, 2]) {
      const updates = specs.map((spec, i) => {
        const stock = intendedStock(i, round);
        return {
          id: productIds.get(spec.sku!)!,
          stock_quantity: stock.qty,
          meta_data: [{ key: 'sage_stock_by_depot', value: stock.depots }],
        };
      });
      intendedWrites += updates.length + VARIATION_OPTIONS.length;
      await Promise.all([
        ...[updates.slice(0, 20), updates.slice(20)].map((chunk) =>
          activity(async () => throwFirstFailure(await client.products.batch({ update: chunk }))),
        ),
        activity(async () =>
          throwFirstFailure(
            await client.variations.batch(parent.id, {
              update: VARIATION_OPTIONS.map((option, v) => ({
                id: variationIds.get(`FLT-FLEX-${option}`)!,
                stock_quantity: round * 10 + v,
              })),
            }),
          ),
        ),
      ]);
    }

    // ---- customers: created once by e-mail, then their meta ----
    const customerIds = new Map<string, number>();
    await Promise.all(
      Array.from({ length: CUSTOMER_COUNT }, (_, i) => `client${i}@fluides.test`).map((email, i) =>
        activity(async () => {
          let id: number;
          try {
            id = (await client.customers.create({ email, first_name: `Client ${i}` })).id;
          } catch (err) {
            if (!(
              err instanceof WooBadRequestError && err.code === 'registration-error-email-exists'
            ))
              throw err;
            id = (await client.customers.getByEmail(email))!.id;
            recognised += 1;
          }
          await client.customers.update(id, {
            meta_data: [{ key: 'sage_account', value: `C${i}` }],
          });
          customerIds.set(email, id);
        }),
      ),
    );
    intendedWrites += CUSTOMER_COUNT * 2;

    // ---- order lifecycle, one activity per step as the order workflow does ----
    await Promise.all(
      orderIds.map(async (orderId, i) => {
        await activity(() => client.orders.update(orderId, { status: 'processing' }));
        await activity(() =>
          client.orders.notes.createIfAbsent(orderId, {
            note: `Commande BC${i} validée.`,
            customer_note: true,
          }),
        );
        await activity(() =>
          client.orders.update(orderId, {
            status: 'completed',
            meta_data: [{ key: 'sage_invoice', value: `FA${i}` }],
          }),
        );
        await activity(() =>
          client.orders.notes.createIfAbsent(orderId, {
            note: `Facture FA${i} disponible.`,
            customer_note: true,
          }),
        );
      }),
    );
    intendedWrites += ORDER_COUNT * 4;

    const faults = sandbox.counters();
    const clientStats = client.stats();
    sandbox.setFaults({});

    // ---- the final state, read with faults off ----
    const products = await collectItems(client.products.listAll({ per_page: 100 }));
    const bySku = new Map<string, number>();
    for (const p of products) bySku.set(p.sku, (bySku.get(p.sku) ?? 0) + 1);
    for (const [i, spec] of specs.entries()) {
      assert.equal(bySku.get(spec.sku!), 1, `${spec.sku} exists once`);
      const product = products.find((p) => p.sku === spec.sku)!;
      const stock = intendedStock(i, 2);
      assert.equal(product.id, productIds.get(spec.sku!));
      assert.equal(product.stock_quantity, stock.qty, `${spec.sku} stock`);
      assert.deepEqual(getMeta(product.meta_data, 'sage_stock_by_depot'), stock.depots);
      assert.equal(getMeta(product.meta_data, 'sage_ref'), spec.sku);
      assert.equal(product.regular_price, spec.regular_price);
    }
    assert.equal(bySku.get('FLT-FLEX'), 1);
    assert.equal(
      products.length,
      PRODUCT_COUNT + 2,
      'no other product appeared (setup item + variable)',
    );

    const variations = await collectItems(client.variations.listAll(parent.id));
    assert.deepEqual(
      variations.map((v) => [v.sku, v.stock_quantity]).sort(),
      VARIATION_OPTIONS.map((o, v) => [`FLT-FLEX-${o}`, 20 + v]).sort(),
    );

    const customers = await collectItems(client.customers.listAll({ role: 'all' }));
    for (const [email, id] of customerIds) {
      const matching = customers.filter((c) => c.email === email);
      assert.equal(matching.length, 1, `${email} exists once`);
      assert.equal(matching[0].id, id);
    }
    assert.equal(customers.filter((c) => c.email.endsWith('@fluides.test')).length, CUSTOMER_COUNT);
    for (const c of customers.filter((x) => x.email.endsWith('@fluides.test'))) {
      assert.match(String(getMeta(c.meta_data ?? [], 'sage_account')), /^C\d$/);
    }

    for (const [i, orderId] of orderIds.entries()) {
      const order = await client.orders.get(orderId);
      assert.equal(order.status, 'completed');
      assert.equal(getMeta(order.meta_data, 'sage_invoice'), `FA${i}`);
      const notes = await client.orders.notes.list(orderId, { type: 'customer' });
      for (const text of [`Commande BC${i} validée.`, `Facture FA${i} disponible.`]) {
        assert.equal(
          notes.filter((n) => n.note === text).length,
          1,
          `order ${orderId} note "${text}" once`,
        );
      }
    }

    // ---- the faults really happened, and were retried ----
    const injected = {
      error5xx: faults['fault:error5xx'] ?? 0,
      rateLimited: faults['fault:rate-limited'] ?? 0,
      timeout: faults['fault:timeout'] ?? 0,
      timeoutAfterApply: faults['fault:timeout-after-apply'] ?? 0,
    };
    assert.ok(injected.error5xx > 0 && injected.rateLimited > 0, JSON.stringify(injected));
    assert.ok(injected.timeout + injected.timeoutAfterApply > 0, JSON.stringify(injected));
    assert.ok(stats.retries > 0 && clientStats.retries > 0);
    console.log(
      `      faults test: ${intendedWrites} intended writes in ${stats.activities} activities, ` +
        `${clientStats.requests - requestsBefore} requests, ${clientStats.retries} in-client retries, ` +
        `${stats.retries} activity retries, ${recognised} creates recognised as already applied (SKU or e-mail taken); faults injected ${JSON.stringify(injected)}; ` +
        `failures by type ${JSON.stringify(stats.failuresByType)}`,
    );
  });

  it('recognises a create whose answer was lost after it was applied', async () => {
    sandbox.setFaults({ timeoutAfterApplyRate: 1, timeoutMs: 1_000 });
    const items = ['LOST-1', 'LOST-2', 'LOST-3'].map((s) => ({ name: s, sku: s }));
    await assert.rejects(ensureProductsBySku(client, items), (err: unknown) => {
      assert.ok(err instanceof WooTimeoutError);
      assert.equal(err.outcomeUnknown, true);
      assert.equal(toActivityFailure(err).nonRetryable, false);
      return true;
    });
    const order = (await client.orders.list({ per_page: 1 })).items[0];
    await assert.rejects(
      client.orders.notes.createIfAbsent(order.id, { note: 'Livraison BL7 expédiée.' }),
      WooTimeoutError,
    );
    sandbox.setFaults({});

    const again = await ensureProductsBySku(client, items);
    assert.deepEqual(
      again.ensured.map((e) => [e.sku, e.created]),
      items.map((i) => [i.sku, false]),
    );
    for (const e of again.ensured) assert.equal((await client.products.getBySku(e.sku))?.id, e.id);
    const note = await client.orders.notes.createIfAbsent(order.id, {
      note: 'Livraison BL7 expédiée.',
    });
    assert.equal(note.created, false);
    const notes = await client.orders.notes.list(order.id);
    assert.equal(notes.filter((n) => n.note === 'Livraison BL7 expédiée.').length, 1);
  });
});
