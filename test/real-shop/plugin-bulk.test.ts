import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWooClient, WooItemError, type WooClient } from '../../activities/woo';
import type { BulkUpdate } from '../../activities/woo/bulk';
import { realShopConnector, skipWithoutRealShop, type RealShopConnector } from './harness';

/**
 * The shop plugin's bulk route on a real WooCommerce 10 store
 * (shop-plugin/sage-woo-sync/includes/bulk.php): products and variations of several parents
 * updated in one request, through the WooCommerce product objects, so that /wc/v3 shows the new
 * prices, stock and meta and the variable parents' price ranges follow.
 */
describe('shop plugin: bulk writes (real WooCommerce store)', function () {
  this.timeout(600_000);
  let connector: RealShopConnector;
  /** The connector's client, through the counting proxy. */
  let woo: WooClient;
  const ids = new Map<string, number>();

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    woo = createWooClient(connector.config.woo);
    const { admin } = connector;
    // Two simple products and three variable products of two variations each, made by REST v3.
    for (const sku of ['BULK-S1', 'BULK-S2']) {
      const p = await admin.products.create({
        sku,
        name: `Bulk ${sku}`,
        type: 'simple',
        regular_price: '10.00',
      });
      ids.set(sku, p.id);
    }
    for (const parent of ['BULK-P1', 'BULK-P2', 'BULK-P3']) {
      const p = await admin.products.create({
        sku: parent,
        name: `Bulk ${parent}`,
        type: 'variable',
        attributes: [{ name: 'Taille', options: ['S', 'M'], variation: true, visible: true }],
      });
      ids.set(parent, p.id);
      const made = await admin.variations.batch(p.id, {
        create: ['S', 'M'].map((size) => ({
          sku: `${parent}-${size}`,
          regular_price: '20.00',
          manage_stock: true,
          stock_quantity: 1,
          attributes: [{ name: 'Taille', option: size }],
        })),
      });
      for (const item of made.items) {
        assert.ok(item.ok, JSON.stringify(item));
        ids.set(item.sku!, item.id);
      }
    }
  });
  after(() => woo?.close());

  const authorization = () =>
    `Basic ${Buffer.from(`${connector.shop.consumerKey}:${connector.shop.consumerSecret}`).toString('base64')}`;

  /** A product as /wc/v3 answers it, with `price_html` (the client's schema leaves it out). */
  async function rawProduct(id: number): Promise<{ price: string; price_html: string }> {
    const answer = await fetch(`${connector.shop.restUrl}/wp-json/wc/v3/products/${id}`, {
      headers: { Authorization: authorization() },
    });
    assert.equal(answer.status, 200);
    return (await answer.json()) as { price: string; price_html: string };
  }

  it('the status route advertises the bulk route and its limit', async () => {
    const route = await woo.bulk.route();
    assert.deepEqual(route, { limit: 250 });
  });

  it('updates products and variations of several parents in one request; an unknown id fails alone', async () => {
    const id = (sku: string) => ids.get(sku)!;
    const variation = (sku: string, parent: string, fields: Record<string, unknown>) => ({
      id: id(sku),
      parent_id: id(parent),
      ...fields,
    });
    const updates: BulkUpdate[] = [
      {
        id: id('BULK-S1'),
        regular_price: '12.40',
        manage_stock: true,
        stock_quantity: 37,
        backorders: 'notify',
        meta_data: [{ key: 'sage_stock_by_depot', value: { LYO: 12, MRS: 25 } }],
      },
      { id: 999_999, regular_price: '1.00' },
      { id: id('BULK-S2'), status: 'draft', catalog_visibility: 'hidden' },
      variation('BULK-P1-S', 'BULK-P1', { regular_price: '5.50', stock_quantity: 0 }),
      variation('BULK-P1-M', 'BULK-P1', { regular_price: '7.25' }),
      variation('BULK-P2-S', 'BULK-P2', {
        stock_quantity: 9,
        meta_data: [{ key: 'sage_ref', value: 'BULK-P2-S' }],
      }),
      variation('BULK-P3-M', 'BULK-P3', { regular_price: '99.00' }),
      // A variation under another parent than the one given: refused, as a stale mapping.
      variation('BULK-P3-S', 'BULK-P1', { regular_price: '1.00' }),
    ];
    connector.proxy.reset();
    const route = (await woo.bulk.route())!;
    const result = await woo.bulk.update(route, updates);
    const writes = connector.proxy.writes();
    assert.equal(writes.length, 1);
    assert.equal(writes[0].path, '/wp-json/wc-sage-woo-sync/v1/products/bulk');
    assert.equal(result.requests, 1);
    assert.equal(result.succeeded, 6);
    assert.equal(result.failed, 2);
    const unknown = result.items[1];
    assert.equal(unknown.ok, false);
    assert.ok(!unknown.ok && unknown.error instanceof WooItemError);
    assert.equal((unknown.error as WooItemError).code, 'woocommerce_rest_product_invalid_id');
    const moved = result.items[7];
    assert.ok(!moved.ok && moved.error instanceof WooItemError);
    assert.equal(
      (moved.error as WooItemError).code,
      'woocommerce_rest_product_variation_invalid_id',
    );
    const first = result.items[0];
    assert.ok(first.ok);
    assert.equal(first.value.price, '12.40');
    assert.deepEqual(
      first.value.meta_data.map((m) => m.key),
      ['sage_stock_by_depot'],
    );

    // What /wc/v3 shows.
    const { admin } = connector;
    const s1 = await admin.products.get(id('BULK-S1'));
    assert.equal(s1.regular_price, '12.40');
    assert.equal(s1.stock_quantity, 37);
    assert.equal(s1.backorders, 'notify');
    assert.deepEqual(s1.meta_data.find((m) => m.key === 'sage_stock_by_depot')?.value, {
      LYO: 12,
      MRS: 25,
    });
    const s2 = await admin.products.get(id('BULK-S2'));
    assert.equal(s2.status, 'draft');
    assert.equal(s2.catalog_visibility, 'hidden');
    const p1s = await admin.variations.get(id('BULK-P1'), id('BULK-P1-S'));
    assert.equal(p1s.regular_price, '5.50');
    assert.equal(p1s.stock_quantity, 0);
    assert.equal(p1s.stock_status, 'outofstock');
    const p2s = await admin.variations.get(id('BULK-P2'), id('BULK-P2-S'));
    assert.equal(p2s.stock_quantity, 9);
    assert.equal(p2s.meta_data.find((m) => m.key === 'sage_ref')?.value, 'BULK-P2-S');
    const p3s = await admin.variations.get(id('BULK-P3'), id('BULK-P3-S'));
    assert.equal(p3s.regular_price, '20.00', 'the refused item changed nothing');

    // The variable parents' price ranges follow their variations (WC_Product_Variable::sync).
    const p1 = await rawProduct(id('BULK-P1'));
    assert.equal(Number(p1.price), 5.5);
    assert.match(p1.price_html, /5\.50.*7\.25/s);
    const p3 = await rawProduct(id('BULK-P3'));
    assert.equal(Number(p3.price), 20);
    assert.match(p3.price_html, /20\.00.*99\.00/s);
  });

  it('a request over the limit is refused as a WooCommerce batch is (413), and split by the client', async () => {
    const route = (await woo.bulk.route())!;
    const tooMany = Array.from({ length: 251 }, () => ({ id: ids.get('BULK-S2')! }));
    const raw = await fetch(`${connector.shop.restUrl}/wp-json/wc-sage-woo-sync/v1/products/bulk`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: authorization(),
      },
      body: JSON.stringify({ update: tooMany }),
    });
    assert.equal(raw.status, 413);
    assert.equal(
      ((await raw.json()) as { code: string }).code,
      'woocommerce_rest_request_entity_too_large',
    );
    // The client never sends more than the advertised limit.
    connector.proxy.reset();
    const result = await woo.bulk.update(route, tooMany);
    assert.equal(result.succeeded, 251);
    assert.ok(
      connector.proxy.writes().every((w) => (w.body as { update: unknown[] }).update.length <= 250),
    );
  });

  it('writes no notice of the plugin into debug.log', () => {
    const file = join(connector.shop.dir, 'debug.log');
    const log = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const ours = log.split('\n').filter((line) => /sage-woo-sync/.test(line));
    assert.deepEqual(ours, []);
  });
});
