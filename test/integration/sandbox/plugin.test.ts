import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig, type Config } from '../../../shared/config';
import { resolveSandboxWooConfig } from '../../../shared/config/woo';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { WooAuthError } from '../../../activities/woo/errors';
import { deliverInvoiceToShop } from '../../../activities/orders/shop-updates';
import { clearShopPluginCache, shopPluginStatus } from '../../../activities/orders/invoice-upload';
import { advanceChain } from '../../../sandbox/sage/simulator';
import { getMeta, getMetaString } from '../../../shared/woo/meta';
import {
  DEFAULT_APP_PASSWORD,
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import { eventually, startOrdersHarness, type OrdersHarness } from '../orders/harness';

/**
 * The sandbox's emulation of the shop plugin (sandbox/woo/plugin.ts): the status route, the
 * invoice route and the download, and the connector's invoice upload choosing the plugin when
 * it answers and the media library when it does not.
 */

const PDF = Buffer.from('%PDF-1.4\n% sandbox invoice\n%%EOF\n');
const PLUGIN_MAIN = resolve(__dirname, '../../../shop-plugin/sage-woo-sync/sage-woo-sync.php');
const PLUGIN_REST = resolve(__dirname, '../../../shop-plugin/sage-woo-sync/includes/rest.php');

function configFor(sb: RunningSandbox, media: boolean): Config {
  const base = parseConfig({
    woo: media
      ? {
          media: {
            username: DEFAULT_APP_PASSWORD.username,
            applicationPassword: DEFAULT_APP_PASSWORD.password,
          },
        }
      : {},
  });
  return {
    ...base,
    woo: resolveSandboxWooConfig(base.woo, {
      url: sb.url,
      consumerKey: DEFAULT_CONSUMER_KEY,
      consumerSecret: DEFAULT_CONSUMER_SECRET,
    }),
  };
}

const basic = `Basic ${Buffer.from(`${DEFAULT_CONSUMER_KEY}:${DEFAULT_CONSUMER_SECRET}`).toString('base64')}`;

async function newOrder(woo: WooClient): Promise<number> {
  const order = await woo.orders.create({ status: 'processing', line_items: [] });
  return order.id;
}

describe('sandbox: the shop plugin emulation', function () {
  this.timeout(120_000);

  describe('with the plugin (default)', () => {
    let sb: RunningSandbox;
    let config: Config;
    let woo: WooClient;

    before(async () => {
      sb = await startSandbox();
      config = configFor(sb, false);
      woo = createWooClient(config.woo);
      clearShopPluginCache();
    });
    after(async () => {
      woo?.close();
      await sb?.close();
    });

    it("answers the status route with the plugin's versions and features, to REST keys only", async () => {
      const status = await shopPluginStatus(woo, config);
      const main = readFileSync(PLUGIN_MAIN, 'utf8');
      assert.equal(status?.plugin, /'SWS_PLUGIN_VERSION', '([^']+)'/.exec(main)?.[1]);
      assert.equal(status?.contract, /'SWS_CONTRACT_VERSION', '([^']+)'/.exec(main)?.[1]);
      // The same list as sws_features() of the PHP plugin.
      const php = /function sws_features\(\) \{\s*return array\(([^)]*)\)/.exec(
        readFileSync(PLUGIN_REST, 'utf8'),
      )?.[1];
      assert.deepEqual(
        status?.features,
        [...(php ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]),
      );
      const anonymous = await fetch(`${sb.url}/wp-json/wc-sage-woo-sync/v1/status`);
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as { code: string }).code, 'sws_rest_forbidden');
      const unknown = await fetch(`${sb.url}/wp-json/wc-sage-woo-sync/v1/nothing`, {
        headers: { authorization: basic },
      });
      assert.equal(unknown.status, 404);
    });

    it('delivers the invoice through the plugin route without media credentials, once', async () => {
      assert.equal(config.woo.media, undefined);
      const orderId = await newOrder(woo);
      let renders = 0;
      const pdf = {
        filename: 'facture-FA00500-random.pdf',
        render: async () => {
          renders += 1;
          return PDF;
        },
      };
      sb.resetCounters();
      const placed = await deliverInvoiceToShop(woo, config, orderId, 'FA00500', pdf);
      assert.equal(placed.storage, 'plugin');
      assert.equal(placed.uploaded, true);
      assert.equal(placed.url, `${sb.url}/?sws_invoice=${orderId}`);
      const again = await deliverInvoiceToShop(woo, config, orderId, 'FA00500', pdf);
      assert.equal(again.uploaded, false);
      assert.equal(renders, 1);
      const counters = sb.counters();
      assert.equal(counters['POST /orders/{id}/invoice'], 1);
      assert.equal(counters['POST /wp/v2/media'], undefined);

      const order = await woo.orders.get(orderId);
      assert.equal(order.status, config.orders.statuses.completed);
      assert.equal(getMetaString(order.meta_data, 'sage_invoice'), 'FA00500');
      const link = getMeta(order.meta_data, 'sage_invoice_pdf') as Record<string, unknown>;
      assert.equal(link.url, placed.url);
      assert.equal(link.storage, 'sws-plugin');
      assert.equal(link.filename, 'facture-FA00500.pdf');

      const download = await fetch(placed.url);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'application/pdf');
      assert.match(download.headers.get('content-disposition') ?? '', /facture-FA00500\.pdf/);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);
      const record = await fetch(
        `${sb.url}/wp-json/wc-sage-woo-sync/v1/orders/${orderId}/invoice`,
        {
          headers: { authorization: basic },
        },
      ).then((r) => r.json() as Promise<{ invoice: string; exists: boolean }>);
      assert.deepEqual([record.invoice, record.exists], ['FA00500', true]);
    });

    it('refuses what the plugin refuses', async () => {
      const orderId = await newOrder(woo);
      const post = (query: string, headers: Record<string, string>, body: Buffer) =>
        fetch(`${sb.url}/wp-json/wc-sage-woo-sync/v1/orders/${orderId}/invoice${query}`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/pdf', ...headers },
          body,
        }).then(async (r) => [r.status, ((await r.json()) as { code: string }).code]);
      assert.deepEqual(await post('?invoice=FA1', {}, Buffer.from('<html>')), [
        400,
        'sws_invoice_not_pdf',
      ]);
      assert.deepEqual(await post('', {}, PDF), [400, 'rest_missing_callback_param']);
      assert.deepEqual(await post('?invoice=FA%2F1', {}, PDF), [400, 'rest_invalid_param']);
      assert.deepEqual(await post('?invoice=FA1', { 'content-type': 'text/plain' }, PDF), [
        415,
        'sws_invoice_content_type',
      ]);
      assert.deepEqual(await post('?invoice=FA1', { authorization: '' }, PDF), [
        401,
        'sws_rest_forbidden',
      ]);
      const unknown = await fetch(
        `${sb.url}/wp-json/wc-sage-woo-sync/v1/orders/999999/invoice?invoice=FA1`,
        {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/pdf' },
          body: PDF,
        },
      );
      assert.equal(unknown.status, 404);
      const multipart = new FormData();
      multipart.append('file', new Blob([PDF], { type: 'application/pdf' }), 'FA2.pdf');
      const viaForm = await fetch(
        `${sb.url}/wp-json/wc-sage-woo-sync/v1/orders/${orderId}/invoice?invoice=FA2`,
        { method: 'POST', headers: { authorization: basic }, body: multipart },
      );
      assert.equal(viaForm.status, 200);
      assert.equal(((await viaForm.json()) as { filename: string }).filename, 'FA2.pdf');
      assert.equal((await fetch(`${sb.url}/?sws_invoice=999999`)).status, 404);
    });
  });

  describe('without the plugin (shopPlugin: false)', () => {
    let sb: RunningSandbox;

    before(async () => {
      sb = await startSandbox({ shopPlugin: false });
      clearShopPluginCache();
    });
    after(async () => {
      await sb?.close();
    });

    it('falls back to the media library, which needs the application password', async () => {
      const config = configFor(sb, true);
      const woo = createWooClient(config.woo);
      try {
        assert.equal(await shopPluginStatus(woo, config), null);
        const orderId = await newOrder(woo);
        const pdf = { filename: 'facture-FA00600-x.pdf', render: async () => PDF };
        const placed = await deliverInvoiceToShop(woo, config, orderId, 'FA00600', pdf);
        assert.equal(placed.storage, 'media');
        assert.ok(placed.mediaId > 0);
        assert.match(placed.url, /\/wp-content\/uploads\/.*facture-FA00600-x\.pdf$/);
        assert.equal(
          (await fetch(`${sb.url}/?sws_invoice=${orderId}`)).status,
          200,
          'the shop page',
        );
      } finally {
        woo.close();
      }
      const keysOnly = configFor(sb, false);
      const client = createWooClient(keysOnly.woo);
      try {
        const orderId = await newOrder(client);
        const pdf = { filename: 'facture-FA00601-x.pdf', render: async () => PDF };
        await assert.rejects(
          deliverInvoiceToShop(client, keysOnly, orderId, 'FA00601', pdf),
          WooAuthError,
        );
      } finally {
        client.close();
      }
    });
  });

  describe('an order to its invoice without media credentials (the embedded default)', () => {
    let h: OrdersHarness;

    before(async () => {
      clearShopPluginCache();
      h = await startOrdersHarness({
        config: {
          woo: { media: undefined },
          orders: { chainPolling: { initial: 150, max: 600, factor: 2 }, activityTimeout: '30s' },
        },
      });
    });
    after(async () => {
      await h?.stop();
    });

    it('completes the order with the invoice stored by the plugin', async () => {
      assert.equal(h.config.woo.media, undefined);
      const customer = h.customers[0];
      const sku = h.skus[0];
      const order = await h.placeOrder(customer, [
        { sku, quantity: 2, unitPrice: await h.expectedPrice(customer.account, sku, 2) },
      ]);
      const quote = await eventually(
        async () => (await h.quotesFor(order.number)).find((q) => q.type === 0),
        10_000,
        'the quote',
      );
      const statuses = h.config.orders.statuses;
      const statusIs = (status: string) => async () => {
        const o = await h.woo.orders.get(order.id);
        return o.status === status ? o : undefined;
      };
      await eventually(statusIs(statuses.awaitingValidation), 20_000, 'awaiting validation');
      // The sales rep moves the documents on, one stage at a time, up to the invoice.
      for (const status of [statuses.validated, statuses.inPreparation, statuses.beingDelivered]) {
        await advanceChain(h.sage, quote.piece);
        await eventually(statusIs(status), 15_000, `shop status ${status}`);
      }
      await advanceChain(h.sage, quote.piece);
      const completed = await eventually(statusIs(statuses.completed), 20_000, 'completed order');
      const link = getMeta(completed.meta_data, 'sage_invoice_pdf') as Record<string, unknown>;
      assert.equal(link.storage, 'sws-plugin');
      const download = await fetch(String(link.url));
      assert.equal(download.status, 200);
      const pdf = Buffer.from(await download.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.equal(h.shop.counters()['POST /wp/v2/media'], undefined);
      // The workflow ends (and its end is visible) before the harness stops.
      const handle = h.temporal.client.workflow.getHandle(h.workflowIdOf(order.id));
      assert.match(String(await handle.result()), /delivered/);
      await eventually(
        async () => {
          for await (const _run of h.temporal.client.workflow.list({
            query: `WorkflowId = '${handle.workflowId}' AND ExecutionStatus = 'Running'`,
          }))
            return false;
          return true;
        },
        20_000,
        'the closed workflow in the visibility store',
      );
    });
  });
});
