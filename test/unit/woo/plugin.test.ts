import assert from 'node:assert/strict';
import { parseConfig, type Config } from '../../../shared/config';
import {
  shopPluginInvoiceSchema,
  shopPluginStatusSchema,
  SHOP_PLUGIN_NAMESPACE,
} from '../../../shared/woo/plugin';
import {
  clearShopPluginCache,
  forgetShopPlugin,
  shopPluginStatus,
} from '../../../activities/orders/invoice-upload';
import type { WooClient } from '../../../activities/woo';
import { WooNotFoundError, WooServerError } from '../../../activities/woo/errors';

const STATUS = {
  plugin: '0.1.0',
  contract: '1',
  features: ['prices', 'invoices'],
  woocommerce: '10.0.2',
};

/** A client whose transport answers with `answer` and records the paths asked. */
function fakeWoo(answer: () => unknown): { woo: WooClient; paths: string[] } {
  const paths: string[] = [];
  const woo = {
    http: {
      request: async (request: { path: string }) => {
        paths.push(request.path);
        const result = answer();
        if (result instanceof Error) throw result;
        return { status: 200, data: result, headers: {} };
      },
    },
  } as unknown as WooClient;
  return { woo, paths };
}

describe('shop plugin client', () => {
  const config: Config = parseConfig({ woo: { url: 'https://shop.example.fr' } });

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

  it("reaches the plugin's namespace through the /wc/v3 transport", async () => {
    const { woo, paths } = fakeWoo(() => STATUS);
    assert.deepEqual(await shopPluginStatus(woo, config), STATUS);
    const url = new URL(`https://shop.example.fr/sub/wp-json/wc/v3${paths[0]}`);
    assert.equal(url.pathname, `/sub/wp-json/${SHOP_PLUGIN_NAMESPACE}/status`);
  });

  it('keeps a found plugin for the process, asks again for a missing one after 5 minutes', async () => {
    let now = 0;
    const clock = () => now;
    const present = fakeWoo(() => STATUS);
    await shopPluginStatus(present.woo, config, clock);
    now = 24 * 3600_000;
    await shopPluginStatus(present.woo, config, clock);
    assert.equal(present.paths.length, 1);

    forgetShopPlugin(config);
    now = 0;
    const missing = fakeWoo(
      () => new WooNotFoundError(404, 'rest_no_route', 'No route was found matching the URL'),
    );
    assert.equal(await shopPluginStatus(missing.woo, config, clock), null);
    now = 4 * 60_000;
    assert.equal(await shopPluginStatus(missing.woo, config, clock), null);
    assert.equal(missing.paths.length, 1);
    now = 6 * 60_000;
    await shopPluginStatus(missing.woo, config, clock);
    assert.equal(missing.paths.length, 2);
  });

  it('throws transient failures instead of deciding the plugin is missing', async () => {
    const failing = fakeWoo(() => new WooServerError(503, 'http_503', 'Service Unavailable'));
    await assert.rejects(shopPluginStatus(failing.woo, config), WooServerError);
    const present = fakeWoo(() => STATUS);
    assert.deepEqual(await shopPluginStatus(present.woo, config), STATUS, 'nothing was cached');
  });
});
