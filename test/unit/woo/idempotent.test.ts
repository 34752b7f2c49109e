import assert from 'node:assert/strict';
import { createWooClient, type WooClient } from '../../../activities/woo/client';
import { ensureProductBySku, ensureProductsBySku } from '../../../activities/woo/idempotent';
import { errorBody, productBody } from './helpers/bodies';
import { startFakeShop, testConfig, type FakeShop } from './helpers/fake-shop';

/** A scripted shop that enforces SKU uniqueness like WooCommerce. */
function uniqueSkuShop(): {
  handler: Parameters<typeof startFakeShop>[0];
  bySku: Map<string, number>;
} {
  const bySku = new Map<string, number>();
  let nextId = 100;
  const createOne = (item: { sku: string; fail?: boolean }) => {
    if (item.fail)
      return { id: 0, error: errorBody('woocommerce_rest_product_not_created', 'Nope', 400) };
    const existing = bySku.get(item.sku);
    if (existing !== undefined) {
      return {
        id: 0,
        error: errorBody('product_invalid_sku', 'Invalid or duplicated SKU.', 400, {
          resource_id: existing,
        }),
      };
    }
    bySku.set(item.sku, nextId);
    return productBody({ id: nextId++, sku: item.sku });
  };
  return {
    bySku,
    handler: (req) => {
      const body = JSON.parse(req.body.toString()) as { sku: string; create?: { sku: string }[] };
      if (req.url.pathname.endsWith('/batch'))
        return { body: { create: body.create!.map(createOne) } };
      const one = createOne(body);
      return 'error' in one ? { status: 400, body: one.error } : { status: 201, body: one };
    },
  };
}

describe('woo idempotent creates', () => {
  let shop: FakeShop;
  let client: WooClient;
  let bySku: Map<string, number>;

  beforeEach(async () => {
    const fake = uniqueSkuShop();
    bySku = fake.bySku;
    shop = await startFakeShop(fake.handler);
    client = createWooClient(testConfig(shop.url));
  });
  afterEach(async () => {
    client.close();
    await shop.close();
  });

  it('returns the existing id when a repeated batch meets its own SKUs', async () => {
    const items = [{ sku: 'A' }, { sku: 'B' }, { sku: 'C', fail: true }];
    const first = await ensureProductsBySku(client, items);
    assert.deepEqual(first.ensured, [
      { sku: 'A', id: 100, created: true },
      { sku: 'B', id: 101, created: true },
    ]);
    assert.equal(first.failed.length, 1);
    assert.equal(first.failed[0].sku, 'C');
    const again = await ensureProductsBySku(client, [...items, { sku: 'D' }]);
    assert.deepEqual(again.ensured, [
      { sku: 'A', id: 100, created: false },
      { sku: 'B', id: 101, created: false },
      { sku: 'D', id: 102, created: true },
    ]);
    assert.equal(bySku.size, 3);
  });

  it('does the same for a single create', async () => {
    assert.deepEqual(await ensureProductBySku(client, { sku: 'X' }), {
      sku: 'X',
      id: 100,
      created: true,
    });
    assert.deepEqual(await ensureProductBySku(client, { sku: 'X' }), {
      sku: 'X',
      id: 100,
      created: false,
    });
  });

  it('refuses items without SKU', async () => {
    await assert.rejects(ensureProductsBySku(client, [{ name: 'no sku' }]), {
      name: 'WooInvalidRequestError',
    });
    assert.equal(shop.requests.length, 0);
  });
});
