import assert from 'node:assert/strict';
import { wooConfigSchema, type WooConfig } from '../../../shared/config/woo';
import { getMeta } from '../../../shared/woo/meta';
import { createWooClient, type WooClient } from '../../../activities/woo/client';
import { collectItems } from '../../../activities/woo/collection';
import {
  toActivityFailure,
  WooAuthError,
  WooBadRequestError,
  WooItemError,
  WooNotFoundError,
  type WooError,
} from '../../../activities/woo/errors';
import { ensureProductBySku } from '../../../activities/woo/idempotent';
import { startSandbox } from '../../../sandbox/woo';

/** The client against the WooCommerce sandbox, faults off. */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const KEY = 'ck_integration_0123456789abcdef0123456789';
const SECRET = 'cs_integration_fedcba9876543210fedcba9876';
const APP_PASSWORD = 'abcd efgh ijkl mnop qrst uvwx';

function configFor(sandbox: Sandbox, overrides: Record<string, unknown> = {}): WooConfig {
  return wooConfigSchema.parse({
    kind: 'sandbox',
    url: sandbox.url,
    consumerKey: KEY,
    consumerSecret: SECRET,
    media: { username: 'admin', applicationPassword: APP_PASSWORD },
    timeoutMs: 5_000,
    retry: { maxAttempts: 1 },
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<WooError> {
  try {
    await promise;
  } catch (err) {
    return err as WooError;
  }
  assert.fail('expected a rejection');
}

describe('woo client against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let client: WooClient;

  before(async () => {
    sandbox = await startSandbox({
      consumerKey: KEY,
      consumerSecret: SECRET,
      applicationPasswords: [{ username: 'admin', password: APP_PASSWORD }],
      seed: 7,
    });
    client = createWooClient(configFor(sandbox));
  });

  after(async () => {
    client?.close();
    await sandbox?.close();
  });

  describe('products', () => {
    it('creates, reads, finds by SKU and updates a simple product', async () => {
      const created = await client.products.create({
        name: 'Raccord 1/2',
        type: 'simple',
        sku: 'INT-RAC-12',
        regular_price: '12.50',
        manage_stock: true,
        stock_quantity: 7,
        meta_data: [{ key: 'sage_stock_by_depot', value: { '1': 4, '2': 3 } }],
      });
      assert.equal(created.sku, 'INT-RAC-12');
      assert.equal(created.stock_quantity, 7);
      assert.deepEqual(getMeta(created.meta_data, 'sage_stock_by_depot'), { '1': 4, '2': 3 });

      assert.equal((await client.products.get(created.id)).name, 'Raccord 1/2');
      assert.equal((await client.products.getBySku('INT-RAC-12'))?.id, created.id);
      assert.equal(await client.products.getBySku('INT-RAC-12-NOPE'), null);

      const updated = await client.products.update(created.id, {
        stock_quantity: 2,
        meta_data: [{ key: 'sage_stock_by_depot', value: { '1': 2 } }],
      });
      assert.equal(updated.stock_quantity, 2);
      assert.deepEqual(getMeta(updated.meta_data, 'sage_stock_by_depot'), { '1': 2 });
    });

    it('reports a duplicate SKU as a typed error naming the existing product', async () => {
      const first = await client.products.create({ name: 'Dup', sku: 'INT-DUP' });
      const err = await rejection(client.products.create({ name: 'Dup 2', sku: 'INT-DUP' }));
      assert.ok(err instanceof WooBadRequestError);
      assert.equal(err.code, 'product_invalid_sku');
      assert.equal(err.data?.resource_id, first.id);
      assert.equal(toActivityFailure(err).nonRetryable, true);
      assert.deepEqual(await ensureProductBySku(client, { name: 'Dup 3', sku: 'INT-DUP' }), {
        sku: 'INT-DUP',
        id: first.id,
        created: false,
      });
    });

    it('lists through the pagination headers', async () => {
      await client.products.batch({
        create: Array.from({ length: 7 }, (_, i) => ({ name: `Page ${i}`, sku: `INT-PAGE-${i}` })),
      });
      const first = await client.products.list({ per_page: 2, page: 1 });
      assert.equal(first.items.length, 2);
      assert.ok((first.total ?? 0) >= 7 && first.totalPages === Math.ceil(first.total! / 2));
      assert.equal(first.hasNext, true);
      const all = await collectItems(client.products.listAll({ per_page: 3 }));
      assert.equal(all.length, first.total);
      assert.equal(new Set(all.map((p) => p.id)).size, all.length);
      const beyond = await client.products.list({ per_page: 2, page: 999 });
      assert.deepEqual(beyond.items, []);
      assert.equal(beyond.hasNext, false);
    });

    it('chunks a large batch and surfaces each bad item', async () => {
      sandbox.resetCounters();
      const result = await client.products.batch({
        create: Array.from({ length: 140 }, (_, i) => ({
          name: `Bulk ${i}`,
          sku: i === 17 ? 'INT-RAC-12' : `INT-BULK-${i}`,
          regular_price: '1.00',
        })),
        update: [{ id: 999999, regular_price: '2.00' }],
      });
      assert.equal(sandbox.counters()['POST /products/batch'], 2);
      assert.equal(result.items.length, 141);
      assert.equal(result.succeeded, 139);
      const dup = result.items.find((r) => r.op === 'create' && r.index === 17);
      assert.ok(dup && !dup.ok && dup.error instanceof WooItemError);
      assert.equal(dup.error.code, 'product_invalid_sku');
      assert.ok(dup.error.duplicateOfId! > 0);
      const unknown = result.items.find((r) => r.op === 'update');
      assert.ok(unknown && !unknown.ok && unknown.id === 999999);
      assert.equal((await client.products.getBySku('INT-BULK-139'))?.regular_price, '1.00');
    });

    it('handles a variable product and its variations', async () => {
      const parent = await client.products.create({
        name: 'Flexible',
        type: 'variable',
        sku: 'INT-FLEX',
        attributes: [
          { name: 'Diamètre', variation: true, visible: true, options: ['10mm', '12mm'] },
        ],
      });
      const created = await client.variations.batch(parent.id, {
        create: ['10mm', '12mm'].map((option) => ({
          sku: `INT-FLEX-${option}`,
          regular_price: '5.00',
          manage_stock: true,
          stock_quantity: 1,
          attributes: [{ name: 'Diamètre', option }],
        })),
      });
      assert.equal(created.succeeded, 2);
      const ids = created.items.map((r) => (r.ok ? r.id : assert.fail(r.error.message)));
      const updated = await client.variations.batch(parent.id, {
        update: [{ id: ids[0], stock_quantity: 9 }, { id: 999999 }],
      });
      assert.equal(updated.succeeded, 1);
      assert.equal(updated.failed, 1);
      const variations = await collectItems(client.variations.listAll(parent.id));
      assert.deepEqual(variations.map((v) => v.sku).sort(), ['INT-FLEX-10mm', 'INT-FLEX-12mm']);
      assert.equal((await client.variations.get(parent.id, ids[0])).stock_quantity, 9);
      const viaSku = await client.products.getBySku('INT-FLEX-12mm');
      assert.equal(viaSku?.type, 'variation');
      assert.equal(viaSku?.parent_id, parent.id);
      assert.deepEqual((await client.products.get(parent.id)).variations.sort(), [...ids].sort());
    });
  });

  describe('customers', () => {
    it('creates, finds by e-mail and updates meta; a duplicate e-mail is a typed error', async () => {
      const customer = await client.customers.create({
        email: 'compta@hydro-ouest.test',
        first_name: 'Anne',
        last_name: 'Martin',
        billing: { company: 'Hydro Ouest', postcode: '44000', country: 'FR' },
        meta_data: [{ key: 'sage_account', value: 'CHYDRO' }],
      });
      assert.equal(customer.role, 'customer');
      assert.equal((await client.customers.getByEmail('COMPTA@hydro-ouest.test'))?.id, customer.id);
      const updated = await client.customers.update(customer.id, {
        meta_data: [{ key: 'sage_home_depot', value: '2' }],
      });
      assert.equal(getMeta(updated.meta_data ?? [], 'sage_home_depot'), '2');
      assert.equal(getMeta(updated.meta_data ?? [], 'sage_account'), 'CHYDRO');
      const err = await rejection(client.customers.create({ email: 'compta@hydro-ouest.test' }));
      assert.ok(err instanceof WooBadRequestError);
      assert.equal(err.code, 'registration-error-email-exists');
      assert.equal(await client.customers.getByEmail('nobody@nowhere.test'), null);
    });
  });

  describe('orders and notes', () => {
    it('updates status and meta, filters the list, adds notes once', async () => {
      const product = await client.products.getBySku('INT-RAC-12');
      const order = await client.orders.create({
        status: 'pending',
        line_items: [{ product_id: product!.id, quantity: 1 }],
      });
      const since = new Date(Date.now() - 60_000);
      const processing = await client.orders.update(order.id, {
        status: 'processing',
        meta_data: [{ key: 'sage_quote', value: 'DE00042' }],
      });
      assert.equal(processing.status, 'processing');
      assert.equal(getMeta(processing.meta_data, 'sage_quote'), 'DE00042');
      const listed = await client.orders.list({
        status: ['processing', 'on-hold'],
        modified_after: since,
      });
      assert.ok(listed.items.some((o) => o.id === order.id));
      const none = await client.orders.list({ status: 'completed', modified_after: since });
      assert.ok(!none.items.some((o) => o.id === order.id));

      const text = 'Votre facture FA00042 est disponible.';
      const first = await client.orders.notes.createIfAbsent(order.id, {
        note: text,
        customer_note: true,
      });
      const second = await client.orders.notes.createIfAbsent(order.id, {
        note: text,
        customer_note: true,
      });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.note.id, first.note.id);
      const notes = await client.orders.notes.list(order.id, { type: 'customer' });
      assert.equal(notes.filter((n) => n.note === text).length, 1);
    });

    it('answers an unknown order with a non-retryable WooNotFoundError', async () => {
      const err = await rejection(client.orders.get(987654));
      assert.ok(err instanceof WooNotFoundError);
      assert.equal(toActivityFailure(err).type, 'WooNotFoundError');
      assert.equal(toActivityFailure(err).nonRetryable, true);
    });
  });

  describe('webhooks', () => {
    it('creates, lists, pauses and deletes a webhook', async () => {
      const hook = await client.webhooks.create({
        name: 'sws order.created',
        topic: 'order.created',
        delivery_url: 'http://127.0.0.1:9/hook',
        secret: 'whsec-integration',
      });
      assert.equal(hook.topic, 'order.created');
      assert.equal(hook.status, 'active');
      const listed = await collectItems(client.webhooks.listAll());
      assert.ok(listed.some((w) => w.id === hook.id));
      assert.equal((await client.webhooks.update(hook.id, { status: 'paused' })).status, 'paused');
      await client.webhooks.delete(hook.id);
      assert.ok((await rejection(client.webhooks.get(hook.id))) instanceof WooNotFoundError);
    });
  });

  describe('media', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

    it('uploads a PDF with the application password', async () => {
      const media = await client.media.uploadPdf('FA00042.pdf', pdf);
      assert.equal(media.mime_type, 'application/pdf');
      assert.match(media.source_url, /FA00042.*\.pdf$/);
      assert.equal((await client.media.get(media.id)).source_url, media.source_url);
      const file = await fetch(media.source_url);
      assert.equal(file.status, 200);
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
    });

    it('is refused with consumer keys only (as on a real store)', async () => {
      const keysOnly = createWooClient(configFor(sandbox, { media: undefined }));
      try {
        const err = await rejection(keysOnly.media.uploadPdf('FA00043.pdf', pdf));
        assert.ok(err instanceof WooAuthError);
        assert.equal(err.status, 401);
      } finally {
        keysOnly.close();
      }
    });
  });

  describe('authentication', () => {
    it('works with query-string keys and keeps them out of errors', async () => {
      const queryClient = createWooClient(configFor(sandbox, { authMode: 'query' }));
      try {
        assert.ok((await queryClient.products.list({ per_page: 1 })).items.length === 1);
        const err = await rejection(queryClient.products.get(999999));
        assert.ok(err instanceof WooNotFoundError);
        const failure = toActivityFailure(err);
        const text = JSON.stringify([
          err.message,
          err.stack,
          err.toDetails(),
          failure.message,
          failure.details,
        ]);
        assert.ok(!text.includes(KEY) && !text.includes(SECRET), text);
      } finally {
        queryClient.close();
      }
    });

    it('turns a wrong secret into a non-retryable WooAuthError', async () => {
      const wrong = createWooClient(
        configFor(sandbox, { consumerSecret: 'cs_wrong_secret_value' }),
      );
      try {
        const err = await rejection(wrong.products.list());
        assert.ok(err instanceof WooAuthError);
        assert.equal(err.code, 'woocommerce_rest_authentication_error');
        assert.equal(toActivityFailure(err).nonRetryable, true);
        assert.ok(!err.message.includes('cs_wrong_secret_value'));
      } finally {
        wrong.close();
      }
    });
  });
});
