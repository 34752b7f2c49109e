import assert from 'node:assert/strict';
import { createWooClient, type WooClient } from '../../../activities/woo/client';
import {
  toActivityFailure,
  WooAuthError,
  WooNetworkError,
  WooRateLimitError,
  WooServerError,
  WooTimeoutError,
  WooValidationError,
  type WooError,
} from '../../../activities/woo/errors';
import { collectItems } from '../../../activities/woo/collection';
import { errorBody, mediaBody, noteBody, orderBody, productBody } from './helpers/bodies';
import {
  decodeBasic,
  startFakeShop,
  testConfig,
  TEST_KEY,
  TEST_SECRET,
  type FakeShop,
  type Handler,
} from './helpers/fake-shop';

/** The client against a scripted local HTTP server. */

let shop: FakeShop | undefined;
let client: WooClient | undefined;
const sleeps: number[] = [];

async function setup(
  handler: Handler,
  overrides: Record<string, unknown> = {},
): Promise<WooClient> {
  shop = await startFakeShop(handler);
  sleeps.length = 0;
  client = createWooClient(testConfig(shop.url, overrides), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<WooError> {
  try {
    await promise;
  } catch (err) {
    return err as WooError;
  }
  assert.fail('expected a rejection');
}

afterEach(async () => {
  client?.close();
  client = undefined;
  await shop?.close();
  shop = undefined;
});

describe('woo client: requests', () => {
  it('authenticates with Basic auth and sends a User-Agent', async () => {
    const c = await setup(() => ({ body: productBody({ id: 7 }) }));
    const product = await c.products.get(7);
    assert.equal(product.id, 7);
    const [req] = shop!.requests;
    assert.equal(req.url.pathname, '/wp-json/wc/v3/products/7');
    assert.equal(decodeBasic(req.headers.authorization), `${TEST_KEY}:${TEST_SECRET}`);
    assert.equal(req.headers['user-agent'], 'sage-woo-sync');
    assert.equal(req.url.searchParams.get('consumer_key'), null);
  });

  it('puts the keys in the query string in query mode', async () => {
    const c = await setup(() => ({ body: [productBody()] }), { authMode: 'query' });
    await c.products.list({ per_page: 5, status: 'publish' });
    const [req] = shop!.requests;
    assert.equal(req.headers.authorization, undefined);
    assert.equal(req.url.searchParams.get('consumer_key'), TEST_KEY);
    assert.equal(req.url.searchParams.get('consumer_secret'), TEST_SECRET);
    assert.equal(req.url.searchParams.get('per_page'), '5');
    assert.equal(req.url.searchParams.get('status'), 'publish');
  });

  it('reuses connections (keep-alive)', async () => {
    const c = await setup(() => ({ body: productBody() }));
    for (let i = 0; i < 5; i += 1) await c.products.get(1);
    assert.ok(shop!.requests.every((r) => r.headers.connection === 'keep-alive'));
    assert.equal(new Set(shop!.requests.map((r) => r.remotePort)).size, 1, 'one connection reused');
  });

  it('finds a product by exact SKU', async () => {
    const c = await setup((req) => {
      const sku = req.url.searchParams.get('sku');
      return { body: sku === 'AR-1' ? [productBody({ sku: 'AR-1', id: 3 })] : [] };
    });
    assert.equal((await c.products.getBySku('AR-1'))?.id, 3);
    assert.equal(await c.products.getBySku('AR-2'), null);
  });

  it('sends order filters as WooCommerce expects', async () => {
    const c = await setup(() => ({
      body: [orderBody()],
      headers: { 'X-WP-Total': '1', 'X-WP-TotalPages': '1' },
    }));
    const page = await c.orders.list({
      status: ['processing', 'on-hold'],
      modified_after: new Date('2026-11-28T03:17:26.123Z'),
    });
    assert.equal(page.items[0].id, 29);
    assert.equal(page.total, 1);
    const q = shop!.requests[0].url.searchParams;
    assert.equal(q.get('status'), 'processing,on-hold');
    assert.equal(q.get('modified_after'), '2026-11-28T03:17:26');
    assert.equal(q.get('dates_are_gmt'), 'true');
  });

  it('lists every page through the pagination headers', async () => {
    const all = Array.from({ length: 7 }, (_, i) => productBody({ id: i + 1, sku: `S${i + 1}` }));
    const c = await setup((req) => {
      const page = Number(req.url.searchParams.get('page'));
      const perPage = Number(req.url.searchParams.get('per_page'));
      return {
        body: all.slice((page - 1) * perPage, page * perPage),
        headers: {
          'X-WP-Total': String(all.length),
          'X-WP-TotalPages': String(Math.ceil(all.length / perPage)),
        },
      };
    });
    const items = await collectItems(c.products.listAll({ per_page: 3 }));
    assert.deepEqual(
      items.map((p) => p.id),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(shop!.requests.length, 3);
    const q = shop!.requests[0].url.searchParams;
    assert.equal(q.get('orderby'), 'id');
    assert.equal(q.get('order'), 'asc');
  });

  it('refuses per_page above 100 without asking the shop', async () => {
    const c = await setup(() => ({ body: [] }));
    const err = await rejection(c.products.list({ per_page: 101 }));
    assert.equal(err.name, 'WooInvalidRequestError');
    assert.equal(err.retryable, false);
    assert.equal(shop!.requests.length, 0);
  });

  it('lists notes and creates a note only once', async () => {
    const notes = [noteBody({ id: 1, note: 'Facture FA00042', customer_note: true })];
    const c = await setup((req) => {
      if (req.method === 'POST') {
        const body = JSON.parse(req.body.toString()) as { note: string; customer_note: boolean };
        const created = noteBody({ id: notes.length + 1, ...body });
        notes.unshift(created);
        return { status: 201, body: created };
      }
      return { body: notes };
    });
    const first = await c.orders.notes.createIfAbsent(29, {
      note: 'Facture FA00042',
      customer_note: true,
    });
    assert.equal(first.created, false);
    const second = await c.orders.notes.createIfAbsent(29, {
      note: 'Préparation en cours',
      customer_note: true,
    });
    assert.equal(second.created, true);
    assert.equal(notes.length, 2);
    assert.equal(shop!.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('uploads a PDF as a raw body with its file name', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    const c = await setup(() => ({ status: 201, body: mediaBody() }), {
      media: { username: 'connector', applicationPassword: 'abcd efgh ijkl mnop' },
    });
    const media = await c.media.uploadPdf('FA00042.pdf', pdf);
    assert.equal(media.id, 1041);
    assert.match(media.source_url, /FA00042\.pdf$/);
    const [req] = shop!.requests;
    assert.equal(req.url.pathname, '/wp-json/wp/v2/media');
    assert.equal(req.headers['content-type'], 'application/pdf');
    assert.equal(req.headers['content-disposition'], 'attachment; filename="FA00042.pdf"');
    assert.equal(decodeBasic(req.headers.authorization), 'connector:abcd efgh ijkl mnop');
    assert.deepEqual(req.body, pdf);
  });
});

describe('woo client: errors and retries', () => {
  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    const c = await setup((_, i) =>
      i === 0
        ? {
            status: 429,
            headers: { 'Retry-After': '2' },
            body: errorBody('too_many_requests', 'Slow down', 429),
          }
        : { body: productBody() },
    );
    await c.products.get(1);
    assert.deepEqual(sleeps, [2_000]);
    assert.equal(c.stats().retries, 1);
    assert.equal(c.stats().failures.WooRateLimitError, 1);
  });

  it('leaves a Retry-After longer than maxDelayMs to Temporal', async () => {
    const c = await setup(() => ({
      status: 429,
      headers: { 'Retry-After': '60' },
      body: 'Too Many Requests',
    }));
    const err = await rejection(c.products.get(1));
    assert.ok(err instanceof WooRateLimitError);
    assert.equal(err.retryAfterMs, 60_000);
    assert.equal(shop!.requests.length, 1);
    const failure = toActivityFailure(err);
    assert.equal(failure.nextRetryDelay, 60_000);
    assert.equal(failure.nonRetryable, false);
  });

  it('retries 5xx on reads up to maxAttempts, then throws a retryable WooServerError', async () => {
    const c = await setup(() => ({
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      headers: { 'Content-Type': 'text/html' },
    }));
    const err = await rejection(c.products.get(1));
    assert.ok(err instanceof WooServerError);
    assert.equal(err.status, 502);
    assert.equal(err.code, 'http_502');
    assert.match(err.message, /502 Bad Gateway/);
    assert.equal(shop!.requests.length, 3);
    assert.equal(sleeps.length, 2);
  });

  it('does not repeat a create after a 5xx (the outcome is unknown)', async () => {
    const c = await setup(() => ({
      status: 500,
      body: errorBody('internal_server_error', '<p>critical</p>', 500),
    }));
    const err = await rejection(c.products.create({ name: 'x', sku: 'X' }));
    assert.ok(err instanceof WooServerError);
    assert.equal(err.retryable, true);
    assert.equal(shop!.requests.length, 1);
  });

  it('repeats a create refused with 429', async () => {
    const c = await setup((_, i) =>
      i < 2
        ? { status: 429, body: errorBody('rate', 'Slow down', 429) }
        : { status: 201, body: productBody() },
    );
    await c.products.create({ name: 'x', sku: 'X' });
    assert.equal(shop!.requests.length, 3);
  });

  it('never retries auth errors', async () => {
    const c = await setup(() => ({
      status: 401,
      body: errorBody('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401),
    }));
    const err = await rejection(c.products.list());
    assert.ok(err instanceof WooAuthError);
    assert.equal(err.code, 'woocommerce_rest_authentication_error');
    assert.equal(shop!.requests.length, 1);
    assert.equal(toActivityFailure(err).nonRetryable, true);
  });

  it('turns a slow answer into a WooTimeoutError', async () => {
    const c = await setup(() => ({ body: productBody(), delayMs: 400 }), {
      timeoutMs: 100,
      retry: { maxAttempts: 1 },
    });
    const err = await rejection(c.products.update(1, { stock_quantity: 3 }));
    assert.ok(err instanceof WooTimeoutError);
    assert.equal(err.outcomeUnknown, true);
    assert.equal(err.retryable, true);
  });

  it('turns a refused connection into a WooNetworkError', async () => {
    const c = await setup(() => ({ body: {} }));
    const url = shop!.url;
    await shop!.close();
    shop = undefined;
    c.close();
    client = createWooClient(testConfig(url, { retry: { maxAttempts: 1 } }));
    const err = await rejection(client.products.get(1));
    assert.ok(err instanceof WooNetworkError);
    assert.equal(err.causeCode, 'ECONNREFUSED');
  });

  it('rejects an answer that does not match the schema', async () => {
    const c = await setup(() => ({ body: productBody({ stock_quantity: 'many' }) }));
    const err = await rejection(c.products.get(1));
    assert.ok(err instanceof WooValidationError);
    assert.match(err.message, /stock_quantity/);
    assert.equal(err.retryable, false);
  });

  it('rejects a 200 answer that is not JSON', async () => {
    const c = await setup(() => ({
      body: '<html>maintenance</html>',
      headers: { 'Content-Type': 'text/html' },
    }));
    const err = await rejection(c.products.get(1));
    assert.ok(err instanceof WooValidationError);
  });

  it('keeps credentials out of errors, logs and failures in query mode', async () => {
    const logged: string[] = [];
    const logger = {
      debug: (o: object, m?: string) => logged.push(JSON.stringify(o) + (m ?? '')),
      warn: (o: object, m?: string) => logged.push(JSON.stringify(o) + (m ?? '')),
    };
    shop = await startFakeShop((req, i) => {
      const echo = `${req.url.pathname}${req.url.search}`;
      if (i === 0) return { status: 503, body: errorBody('down', `cannot serve ${echo}`, 503) };
      if (i === 1)
        return { status: 404, body: errorBody('rest_no_route', `No route for ${echo}`, 404) };
      if (i === 2) return { status: 302, headers: { Location: `https://other${echo}` } };
      return { body: productBody(), delayMs: 500 };
    });
    client = createWooClient(
      testConfig(shop.url, {
        authMode: 'query',
        timeoutMs: 100,
        retry: { maxAttempts: 2, baseDelayMs: 1 },
      }),
      { logger },
    );
    const errors = [
      await rejection(client.products.get(1)),
      await rejection(client.products.list({ sku: 'X' })),
      await rejection(client.products.create({ name: 'x' })),
    ];
    assert.equal(errors[0].name, 'WooNotFoundError');
    assert.equal(errors[1].name, 'WooHttpError');
    assert.equal(errors[2].name, 'WooTimeoutError');
    assert.ok(
      shop.requests.every((r) => r.url.searchParams.get('consumer_secret') === TEST_SECRET),
    );
    const texts = [
      ...errors.flatMap((e) => [e.message, e.stack ?? '', JSON.stringify(e.toDetails())]),
      ...errors.map((e) => {
        const f = toActivityFailure(e);
        return JSON.stringify({ m: f.message, d: f.details, t: f.type });
      }),
      ...logged,
    ];
    for (const text of texts) {
      assert.ok(!text.includes(TEST_KEY), `consumer key leaked: ${text}`);
      assert.ok(!text.includes(TEST_SECRET), `consumer secret leaked: ${text}`);
    }
    assert.ok(
      logged.some((l) => l.includes('retrying')),
      'the retry was logged',
    );
  });
});

describe('woo client: batches', () => {
  function batchHandler(limit = 100): Handler {
    let nextId = 1000;
    return (req) => {
      const body = JSON.parse(req.body.toString()) as {
        create?: { sku?: string }[];
        update?: { id: number; sku?: string }[];
        delete?: number[];
      };
      const count =
        (body.create?.length ?? 0) + (body.update?.length ?? 0) + (body.delete?.length ?? 0);
      if (count > limit) {
        return {
          status: 413,
          body: errorBody(
            'woocommerce_rest_request_entity_too_large',
            `Unable to accept more than ${limit} items`,
            413,
          ),
        };
      }
      const answer: Record<string, unknown[]> = {};
      if (body.create) {
        answer.create = body.create.map((item) =>
          item.sku?.startsWith('DUP')
            ? {
                id: 0,
                error: errorBody('product_invalid_sku', 'Invalid or duplicated SKU.', 400, {
                  resource_id: 55,
                }),
              }
            : productBody({ id: nextId++, sku: item.sku }),
        );
      }
      if (body.update) {
        answer.update = body.update.map((item) =>
          item.id === 999999
            ? {
                id: item.id,
                error: errorBody('woocommerce_rest_product_invalid_id', 'Invalid ID.', 400),
              }
            : productBody({ id: item.id }),
        );
      }
      if (body.delete) answer.delete = body.delete.map((id) => productBody({ id }));
      return { body: answer };
    };
  }

  it('chunks to the batch size and reports every item', async () => {
    const c = await setup(batchHandler(), { batchSize: 100 });
    const result = await c.products.batch({
      create: Array.from({ length: 150 }, (_, i) => ({
        name: `P${i}`,
        sku: i === 42 ? 'DUP-42' : `SKU-${i}`,
      })),
      update: [
        { id: 5, stock_quantity: 2 },
        { id: 999999, stock_quantity: 1 },
        ...Array.from({ length: 48 }, (_, i) => ({ id: 10 + i })),
      ],
      delete: [77],
    });
    assert.equal(shop!.requests.length, 3);
    for (const req of shop!.requests) {
      const body = JSON.parse(req.body.toString()) as Record<string, unknown[]>;
      const n = Object.values(body).reduce((sum, items) => sum + items.length, 0);
      assert.ok(n <= 100, `chunk of ${n}`);
    }
    assert.equal(result.items.length, 201);
    assert.equal(result.failed, 2);
    assert.equal(result.succeeded, 199);
    const dup = result.items.find((r) => r.op === 'create' && r.index === 42);
    assert.ok(dup && !dup.ok);
    assert.equal(dup.sku, 'DUP-42');
    assert.equal(dup.error.name, 'WooItemError');
    assert.equal((dup.error as { duplicateOfId?: number }).duplicateOfId, 55);
    const bad = result.items.find((r) => r.op === 'update' && r.index === 1);
    assert.ok(bad && !bad.ok && bad.id === 999999);
    const created = result.items.find((r) => r.op === 'create' && r.index === 149);
    assert.ok(created?.ok && created.sku === 'SKU-149' && created.value.sku === 'SKU-149');
    const deleted = result.items[200];
    assert.ok(deleted.op === 'delete' && deleted.ok && deleted.id === 77);
  });

  it('halves a chunk the shop refuses as too large', async () => {
    const c = await setup(batchHandler(30), { batchSize: 100 });
    const result = await c.products.batch({
      update: Array.from({ length: 100 }, (_, i) => ({ id: i + 1 })),
    });
    assert.equal(result.succeeded, 100);
    assert.deepEqual(
      result.items.map((r) => r.id),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.ok(shop!.requests.length > 4);
  });

  it('refuses an update without id before sending anything', async () => {
    const c = await setup(batchHandler());
    const err = await rejection(c.products.batch({ update: [{ id: 0 }] }));
    assert.equal(err.name, 'WooInvalidRequestError');
    assert.equal(shop!.requests.length, 0);
  });

  it('reports an item whose body does not validate without failing the others', async () => {
    const c = await setup(() => ({
      body: { update: [productBody({ id: 1 }), { id: 2, weird: true }] },
    }));
    const result = await c.products.batch({ update: [{ id: 1 }, { id: 2 }] });
    assert.equal(result.succeeded, 1);
    const second = result.items[1];
    assert.ok(!second.ok && second.error.name === 'WooValidationError' && second.id === 2);
  });
});

describe('woo client: concurrency limit per shop', () => {
  it('never has more requests in flight than the limit, across clients of the same shop', async () => {
    const c = await setup(() => ({ body: productBody(), delayMs: 20 }), { concurrency: 3 });
    const other = createWooClient(testConfig(shop!.url, { concurrency: 3 }));
    try {
      await Promise.all([
        ...Array.from({ length: 12 }, () => c.products.get(1)),
        ...Array.from({ length: 12 }, () => other.products.get(1)),
      ]);
    } finally {
      other.close();
    }
    assert.equal(shop!.requests.length, 24);
    assert.equal(shop!.maxInFlight, 3);
  });
});
