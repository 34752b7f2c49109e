import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseConfig } from '../../../shared/config';
import {
  shopPluginInvoiceSchema,
  shopPluginStatusSchema,
  SHOP_PLUGIN_NAMESPACE,
} from '../../../shared/woo/plugin';
import {
  clearShopPluginCache,
  placeInvoiceOnShop,
  shopPluginStatus,
} from '../../../activities/orders/invoice-upload';
import type { WooClient } from '../../../activities/woo';
import { createWooClient } from '../../../activities/woo/client';
import { createShopPlugin } from '../../../activities/woo/plugin';
import type { WooHttp } from '../../../activities/woo/http';
import { WooNotFoundError, WooServerError, type WooError } from '../../../activities/woo/errors';
import { errorBody, mediaBody, orderBody } from './helpers/bodies';
import {
  decodeBasic,
  startFakeShop,
  testConfig,
  TEST_KEY,
  TEST_SECRET,
  type FakeShop,
  type Handler,
} from './helpers/fake-shop';

const STATUS = {
  plugin: '0.1.0',
  contract: '1',
  features: ['prices', 'invoices'],
  woocommerce: '10.0.2',
};

/** A transport that answers with `answer` and records the requests (api and path) asked. */
function fakeHttp(answer: () => unknown): { http: WooHttp; asked: string[] } {
  const asked: string[] = [];
  const http = {
    request: async (request: { api?: string; path: string }) => {
      asked.push(`${request.api ?? 'wc'} ${request.path}`);
      const result = answer();
      if (result instanceof Error) throw result;
      return { status: 200, data: result, headers: {} };
    },
  } as unknown as WooHttp;
  return { http, asked };
}

const NO_ROUTE = () =>
  new WooNotFoundError(404, 'rest_no_route', 'No route was found matching the URL');

let shop: FakeShop | undefined;
let client: WooClient | undefined;

async function setup(handler: Handler, overrides: Record<string, unknown> = {}) {
  shop = await startFakeShop(handler);
  client = createWooClient(testConfig(shop.url, overrides), { sleep: async () => undefined });
  return { shop, woo: client };
}

afterEach(async () => {
  client?.close();
  client = undefined;
  await shop?.close();
  shop = undefined;
});

describe('shop plugin client', () => {
  beforeEach(() => clearShopPluginCache());

  it('parses the status and invoice answers of the plugin', () => {
    assert.deepEqual(shopPluginStatusSchema.parse(STATUS), STATUS);
    assert.throws(() => shopPluginStatusSchema.parse({ plugin: '0.1.0', contract: '1' }));
    const invoice = {
      mediaId: 0,
      url: 'https://shop.example.fr/?sws_invoice=12',
      invoice: 'FA00012',
      storage: 'sws-plugin',
      filename: 'facture-FA00012.pdf',
      size: 1234,
      sha256: 'ab',
      uploaded: '2026-11-30T09:00:00',
      replaced: false,
    };
    assert.deepEqual(shopPluginInvoiceSchema.parse(invoice), invoice);
    assert.throws(() => shopPluginInvoiceSchema.parse({ ...invoice, storage: 'media' }));
  });

  it('reaches the plugin under its own API base, with the keys, retries and redaction of the client', async () => {
    let statusAnswers = 0;
    const { shop, woo } = await setup(
      (request) => {
        if (request.url.pathname.endsWith('/status')) {
          statusAnswers += 1;
          // The first answer fails: retried in the client like any read.
          return statusAnswers === 1
            ? { status: 503, body: errorBody('http_503', 'busy', 503) }
            : { body: { ...STATUS, features: ['bulk', 'invoices'], bulk: { limit: 3 } } };
        }
        if (request.url.pathname.endsWith('/products/bulk')) {
          const body = JSON.parse(request.body.toString()) as { update: { id: number }[] };
          return {
            body: {
              update: body.update.map((u) => ({
                id: u.id,
                sku: `S${u.id}`,
                type: 'simple',
                parent_id: 0,
                status: 'publish',
                regular_price: '1',
                price: '1',
                stock_quantity: 1,
                stock_status: 'instock',
                meta_data: [],
              })),
            },
          };
        }
        return { status: 404, body: errorBody('rest_no_route', 'No route', 404) };
      },
      { authMode: 'query' },
    );
    const route = await woo.bulk.route();
    assert.deepEqual(route, { limit: 3 });
    const result = await woo.bulk.update(route!, [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    assert.equal(result.succeeded, 4);
    assert.equal(result.requests, 2);
    const base = `/wp-json/${SHOP_PLUGIN_NAMESPACE}`;
    assert.deepEqual(
      shop.requests.map((r) => `${r.method} ${r.url.pathname}`),
      [
        `GET ${base}/status`,
        `GET ${base}/status`,
        `POST ${base}/products/bulk`,
        `POST ${base}/products/bulk`,
      ],
    );
    for (const r of shop.requests) {
      assert.equal(r.url.searchParams.get('consumer_key'), TEST_KEY);
      assert.equal(r.url.searchParams.get('consumer_secret'), TEST_SECRET);
    }
    // A plugin route's failure names the route in the plugin's namespace, without the keys.
    const err = await woo.plugin
      .request({ method: 'GET', path: '/nothing', schema: z.unknown(), idempotent: true })
      .then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e as WooError,
      );
    assert.ok(err instanceof WooNotFoundError);
    assert.equal(err.request?.path.startsWith(`/${SHOP_PLUGIN_NAMESPACE}/nothing`), true);
    const details = JSON.stringify(err.toDetails());
    assert.ok(!details.includes(TEST_SECRET) && !details.includes(TEST_KEY), details);
    assert.ok(!details.includes('/../'), details);
  });

  it('sends the Basic keys of REST v3 to the plugin routes', async () => {
    const { shop, woo } = await setup(() => ({ body: STATUS }));
    assert.deepEqual(await woo.plugin.status(), STATUS);
    assert.equal(decodeBasic(shop.requests[0].headers.authorization), `${TEST_KEY}:${TEST_SECRET}`);
  });

  it('one detector per client for the bulk route, the invoice upload and the health check', async () => {
    const { shop, woo } = await setup(() => ({
      body: { ...STATUS, features: ['bulk', 'invoices'] },
    }));
    assert.deepEqual(await woo.bulk.route(), { limit: 250 });
    assert.equal(await woo.plugin.has('invoices'), true);
    assert.equal((await shopPluginStatus(woo))?.plugin, '0.1.0');
    assert.equal(await woo.plugin.has('bulk'), true);
    assert.equal(shop.requests.length, 1, 'the status was asked once');
    clearShopPluginCache();
    await woo.bulk.route();
    assert.equal(shop.requests.length, 2, 'asked again after a reset');
  });

  it('asks again after the configured time, found or not', async () => {
    let now = 0;
    const clock = () => now;
    const present = fakeHttp(() => STATUS);
    const found = createShopPlugin(present.http, { mode: 'auto', recheckMs: 120_000 }, clock);
    assert.deepEqual(await found.status(), STATUS);
    now = 119_999;
    await found.status();
    assert.deepEqual(present.asked, ['plugin /status']);
    now = 120_000;
    await found.status();
    assert.equal(present.asked.length, 2);

    now = 0;
    const absent = fakeHttp(NO_ROUTE);
    const missing = createShopPlugin(absent.http, { mode: 'auto', recheckMs: 120_000 }, clock);
    assert.equal(await missing.status(), null);
    now = 60_000;
    assert.equal(await missing.has('invoices'), false);
    assert.equal(absent.asked.length, 1);
    now = 130_000;
    await missing.status();
    assert.equal(absent.asked.length, 2);
  });

  it('asks again at once after a plugin route answered 404', async () => {
    let routeGone = false;
    const { http, asked } = fakeHttp(() => (routeGone && asked.length > 1 ? NO_ROUTE() : STATUS));
    const plugin = createShopPlugin(http, { mode: 'auto', recheckMs: 3_600_000 });
    await plugin.status();
    await plugin.status();
    assert.equal(asked.length, 1);
    routeGone = true;
    await assert.rejects(
      plugin.request({
        method: 'POST',
        path: '/orders/1/invoice',
        schema: z.unknown(),
        idempotent: true,
      }),
      WooNotFoundError,
    );
    assert.deepEqual(asked, ['plugin /status', 'plugin /orders/1/invoice']);
    assert.equal(await plugin.status(), null, 'the status was asked again: no plugin');
    assert.equal(asked.length, 3);
  });

  it('throws transient failures instead of deciding the plugin is missing', async () => {
    let now = 0;
    let failing = true;
    const { http, asked } = fakeHttp(() =>
      failing ? new WooServerError(503, 'http_503', 'Service Unavailable') : STATUS,
    );
    const plugin = createShopPlugin(http, { mode: 'auto', recheckMs: 300_000 }, () => now);
    await assert.rejects(plugin.status(), WooServerError);
    // The bulk route's view: REST v3 for a minute, without asking again meanwhile.
    assert.equal(await plugin.statusOrNull(), null);
    assert.equal(asked.length, 1);
    failing = false;
    assert.deepEqual(await plugin.status(), STATUS, 'nothing was cached');
    now = 30_000;
    assert.deepEqual(await plugin.statusOrNull(), STATUS);
  });

  it('woo.plugin "off": never asks; the invoice goes to the media library', async () => {
    const { shop, woo } = await setup(
      (request) => {
        if (request.url.pathname.endsWith('/wp/v2/media'))
          return { status: 201, body: mediaBody() };
        if (request.url.pathname.endsWith('/orders/7')) return { body: orderBody({ id: 7 }) };
        return { body: { ...STATUS, features: ['bulk', 'invoices'] } };
      },
      { plugin: 'off' },
    );
    assert.equal(await woo.bulk.route(), null);
    assert.equal(await woo.plugin.status(), null);
    const config = parseConfig({
      woo: { kind: 'remote', url: shop.url, consumerKey: TEST_KEY, consumerSecret: TEST_SECRET },
      webhooks: { enabled: false },
    });
    const placed = await placeInvoiceOnShop(woo, config, { id: 7, meta_data: [] }, 'FA00007', {
      filename: 'facture-FA00007-x.pdf',
      render: async () => Buffer.from('%PDF-1.4 test'),
    });
    assert.equal(placed.storage, 'media');
    assert.deepEqual(
      shop.requests.map((r) => `${r.method} ${r.url.pathname}`),
      ['POST /wp-json/wp/v2/media', 'PUT /wp-json/wc/v3/orders/7'],
    );
  });
});
