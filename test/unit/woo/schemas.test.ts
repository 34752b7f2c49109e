import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  batchItemErrorSchema,
  batchResponseSchema,
  customerSchema,
  mediaSchema,
  orderNoteSchema,
  orderSchema,
  productSchema,
  variationSchema,
  webhookSchema,
  wooErrorBodySchema,
} from '../../../shared/woo';

/**
 * The zod schemas must accept the bodies recorded from a real WooCommerce store.
 */

interface Fixture {
  request: { method: string; path: string };
  response: { status: number; body: unknown };
}

// The recorded exchanges, copied into the project (the sandbox's conformance tests replay them).
const fixturesDir = path.resolve(__dirname, '../../fixtures/woocommerce');

function load(dir: string): [string, Fixture][] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Fixture]);
}

/** The schema of a successful answer, from the request's route; undefined = not a client route. */
function schemaFor(fixture: Fixture): z.ZodType | undefined {
  const { method, path: route } = fixture.request;
  const p = route.replace(/^\/wp-json\/wc\/v3/, '');
  const listOr = (schema: z.ZodType) =>
    method === 'GET' && !/\/\d+$/.test(p) ? z.array(schema) : schema;
  if (route === '/wp-json/wp/v2/media') return mediaSchema;
  if (/\/batch$/.test(p)) return batchResponseSchema;
  if (/^\/products\/\d+\/variations/.test(p)) return listOr(variationSchema);
  if (/^\/products(\/\d+)?$/.test(p)) return listOr(productSchema);
  if (/^\/customers(\/\d+)?$/.test(p)) return listOr(customerSchema);
  if (/^\/orders\/\d+\/notes/.test(p)) return listOr(orderNoteSchema);
  if (/^\/orders(\/\d+)?$/.test(p)) return listOr(orderSchema);
  if (/^\/webhooks(\/\d+)?$/.test(p)) return listOr(webhookSchema);
  return undefined;
}

/** Batch items must each be a resource or an `{id, error}`. */
function batchItemSchema(fixture: Fixture): z.ZodType {
  const p = fixture.request.path;
  const resource = /variations/.test(p)
    ? variationSchema
    : /products/.test(p)
      ? productSchema
      : /customers/.test(p)
        ? customerSchema
        : orderSchema;
  return z.union([batchItemErrorSchema, resource]);
}

function check(name: string, fixture: Fixture): number {
  // Webhook delivery recordings have another shape (no request/response pair).
  if (!fixture.response || !fixture.request) return 0;
  const { status, body } = fixture.response;
  if (status >= 400) {
    const parsed = wooErrorBodySchema.safeParse(body);
    assert.ok(
      parsed.success,
      `${name}: error body rejected: ${JSON.stringify(parsed.error?.issues)}`,
    );
    return 1;
  }
  const schema = schemaFor(fixture);
  if (!schema) return 0;
  const parsed = schema.safeParse(body);
  assert.ok(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`);
  if (/\/batch$/.test(fixture.request.path)) {
    const batch = body as Record<string, unknown[]>;
    const item = batchItemSchema(fixture);
    for (const op of ['create', 'update', 'delete']) {
      for (const entry of batch[op] ?? []) {
        const r = item.safeParse(entry);
        assert.ok(r.success, `${name} ${op}: ${JSON.stringify(r.error?.issues.slice(0, 3))}`);
      }
    }
  }
  return 1;
}

describe('woo schemas against recorded WooCommerce bodies', () => {
  it('accept every recorded body', () => {
    let checked = 0;
    for (const [name, fixture] of load(fixturesDir)) checked += check(name, fixture);
    assert.ok(checked > 100, `only ${checked} fixtures checked`);
  });

  it('type a product as the connector reads it', () => {
    const [, fixture] = load(fixturesDir).find(([n]) => n.startsWith('01-'))!;
    const product = productSchema.parse(fixture.response.body);
    assert.equal(product.sku, 'EMU-TEE-001');
    assert.equal(product.manage_stock, true);
    assert.equal(product.stock_quantity, 7);
    assert.equal(product.regular_price, '12.50');
    assert.deepEqual(product.meta_data[1], {
      id: 24,
      key: 'origin',
      value: { country: 'FR', batch: 3 },
    });
    assert.ok(!('_links' in product), 'unknown fields are stripped');
  });

  it('reject bodies that would mislead the connector', () => {
    const [, fixture] = load(fixturesDir).find(([n]) => n.startsWith('01-'))!;
    const body = fixture.response.body as Record<string, unknown>;
    assert.equal(productSchema.safeParse({ ...body, regular_price: 12.5 }).success, false);
    assert.equal(productSchema.safeParse({ ...body, stock_quantity: '7' }).success, false);
    assert.equal(productSchema.safeParse({ ...body, id: undefined }).success, false);
    assert.equal(
      productSchema.safeParse({ ...body, meta_data: [{ key: 'x', value: 1 }] }).success,
      false,
    );
  });
});
