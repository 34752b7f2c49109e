import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig, type Config } from '../../shared/config';
import { createWooClient, type WooClient } from '../../activities/woo';
import { deliverInvoiceToShop } from '../../activities/orders/shop-updates';
import { clearShopPluginCache, shopPluginStatus } from '../../activities/orders/invoice-upload';
import { getMeta, getMetaString } from '../../shared/woo/meta';
import { realShopOrSkip, shopRest, type RealShop, wcAuth } from '../helpers/real-shop';
import {
  goldenPrice,
  VECTORS_FILE,
  type GoldenFile,
  type GoldenFormula,
} from '../../scripts/golden-price-vectors';
import { login, storeApi } from './store-session';

/**
 * The shop plugin's order side on a real WooCommerce store: a B2B customer orders on account
 * through the Store API (block checkout) and the order waits for validation at their own price;
 * the connector's invoice upload goes through the plugin's route (no media credentials); the
 * customer downloads the invoice, anyone else gets a 403.
 */

const PLUGIN_DIR = resolve(__dirname, '../../shop-plugin/sage-woo-sync');
const golden = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as GoldenFile;
const FORMULA: GoldenFormula = golden.formulas.default;
const PASSWORD = 'sws-Test-password-2';
const INVOICE = 'FA00077';

/** A tiny valid PDF (what the connector renders is tested elsewhere). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

function phpFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return phpFiles(path);
    return entry.name.endsWith('.php') ? [path] : [];
  });
}

describe('shop plugin: orders on account and protected invoices (real WooCommerce store)', function () {
  this.timeout(600_000);
  let shop: RealShop;
  let config: Config;
  let woo: WooClient;
  let productId = 0;
  let orderId = 0;
  const customers = new Map<string, { id: number; username: string }>();
  const price = goldenPrice(golden.products.readme, golden.customers.readme, FORMULA);

  const rest = <T>(method: string, path: string, body?: unknown, auth?: string) =>
    shopRest<T>(shop, method, path, body, auth);

  /** GET on plain HTTP, following redirects (the store's own URLs say https). */
  async function get(url: string, cookie = '') {
    let target = url.replace(/^https:/, 'http:');
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(target, { headers: { cookie }, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        target = new URL(location, target).toString().replace(/^https:/, 'http:');
        continue;
      }
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        cache: response.headers.get('cache-control') ?? '',
        body: Buffer.from(await response.arrayBuffer()),
      };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  before(async function () {
    shop = await realShopOrSkip(this);
    // The connector as configured for this store: REST keys only, no `woo.media`.
    config = parseConfig({
      woo: {
        kind: 'remote',
        url: shop.restUrl,
        consumerKey: shop.consumerKey,
        consumerSecret: shop.consumerSecret,
      },
    });
    assert.equal(config.woo.media, undefined);
    woo = createWooClient(config.woo);
    clearShopPluginCache();

    // The shop owner's set-up (readme.txt): the gateway enabled, free shipping for B2B.
    await rest('PUT', '/wc/v3/payment_gateways/sws_on_account', { enabled: true });
    await rest('POST', '/wc/v3/shipping/zones/0/methods', { method_id: 'free_shipping' });

    const product = await rest<{ id: number }>('POST', '/wc/v3/products', {
      name: 'Raccord on account',
      type: 'simple',
      sku: golden.products.readme.sku,
      regular_price: '999',
      status: 'publish',
      meta_data: Object.entries(golden.products.readme.meta).map(([key, value]) => ({
        key,
        value,
      })),
    });
    productId = product.id;
    const people: [string, Record<string, unknown>][] = [
      // A B2B account with the README's conditions.
      ['b2b', { ...golden.customers.readme.meta, sage_account: 'CL00012' }],
      // Another B2B account, and a customer with prices but without Sage account.
      ['other', { ...golden.customers['cat-1-plain'].meta, sage_account: 'CL00099' }],
      ['retail', { ...golden.customers['cat-1-plain'].meta }],
    ];
    for (const [name, meta] of people) {
      const username = `sws-orders-${name}`;
      const created = await rest<{ id: number }>('POST', '/wc/v3/customers', {
        email: `${name}@orders.example.fr`,
        username,
        password: PASSWORD,
        first_name: 'Client',
        last_name: name,
        billing: {
          first_name: 'Client',
          last_name: name,
          company: `Société ${name}`,
          address_1: '1 rue du Port',
          city: 'Bordeaux',
          postcode: '33000',
          country: 'FR',
          email: `${name}@orders.example.fr`,
          phone: '0556000000',
        },
        meta_data: Object.entries(meta).map(([key, value]) => ({ key, value })),
      });
      customers.set(name, { id: created.id, username });
    }
  });

  after(async function () {
    woo?.close();
  });

  it('offers ordering on account only to customers with a Sage account', async () => {
    const cartOf = async (name: string) => {
      const api = storeApi(shop, await login(shop, customers.get(name)!.username, PASSWORD));
      const cart = await api<{ payment_methods: string[] }>('GET', '/cart');
      assert.equal(cart.status, 200);
      return cart.body.payment_methods;
    };
    assert.ok((await cartOf('b2b')).includes('sws_on_account'));
    assert.ok(!(await cartOf('retail')).includes('sws_on_account'));
    const visitor = await fetch(`${shop.restUrl}/wp-json/wc/store/v1/cart`).then(
      (r) => r.json() as Promise<{ payment_methods: string[] }>,
    );
    assert.ok(!visitor.payment_methods.includes('sws_on_account'));
  });

  it("checks out on account through the Store API: awaiting validation, at the customer's price", async () => {
    assert.ok(price !== null);
    const session = await login(shop, customers.get('b2b')!.username, PASSWORD);
    const api = storeApi(shop, session);
    assert.equal((await api('GET', '/cart')).status, 200);
    const added = await api<{ items: { prices: { price: string } }[] }>('POST', '/cart/add-item', {
      id: productId,
      quantity: 3,
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    // The block checkout page loads the method's script and its data for this customer.
    const page = (await get(`${shop.restUrl}/checkout/`, api.cookie())).body.toString('utf8');
    assert.match(page, /assets\/js\/gateway-on-account\.js/);
    const settings = decodeURIComponent(
      /paymentMethodData%22%3A(%7B%22sws_on_account%22%3A%7B.*?%7D)/.exec(page)?.[1] ?? '',
    );
    assert.match(settings, /"sws_on_account":\{"title":"Order on account".*"available":true/);
    const address = {
      first_name: 'Client',
      last_name: 'b2b',
      company: 'Société b2b',
      address_1: '1 rue du Port',
      city: 'Bordeaux',
      postcode: '33000',
      country: 'FR',
      email: 'b2b@orders.example.fr',
      phone: '0556000000',
    };
    const checkout = await api<{
      order_id: number;
      status: string;
      payment_method: string;
      payment_result: { payment_status: string; redirect_url: string };
    }>('POST', '/checkout', {
      billing_address: address,
      shipping_address: address,
      payment_method: 'sws_on_account',
    });
    assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
    assert.equal(checkout.body.payment_result.payment_status, 'success');
    assert.match(checkout.body.payment_result.redirect_url, /order-received/);
    orderId = checkout.body.order_id;

    const order = await woo.orders.get(orderId);
    assert.equal(order.status, 'awaiting-valid');
    assert.equal(order.customer_id, customers.get('b2b')!.id);
    assert.equal(order.payment_method, 'sws_on_account');
    assert.equal(order.line_items.length, 1);
    assert.equal(order.line_items[0].quantity, 3);
    // The customer's contract price (README: a specific price of 10.50), not the 999 of the shop.
    assert.equal(Number(order.line_items[0].subtotal), Number(price) * 3);
    assert.equal(Number(order.shipping_total), 0);
    const cart = await api<{ items_count: number }>('GET', '/cart');
    assert.equal(cart.body.items_count, 0, 'the cart is emptied');
  });

  it('refuses a Store API checkout on account to a customer without Sage account', async () => {
    const api = storeApi(shop, await login(shop, customers.get('retail')!.username, PASSWORD));
    await api('GET', '/cart');
    const added = await api('POST', '/cart/add-item', { id: productId, quantity: 1 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const address = {
      first_name: 'Client',
      last_name: 'retail',
      address_1: '1 rue du Port',
      city: 'Bordeaux',
      postcode: '33000',
      country: 'FR',
      email: 'retail@orders.example.fr',
    };
    const refused = await api<{ code: string }>('POST', '/checkout', {
      billing_address: address,
      shipping_address: address,
      payment_method: 'sws_on_account',
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'woocommerce_rest_checkout_payment_method_disabled');
  });

  it('answers the status route with the plugin and contract versions (shop managers only)', async () => {
    const main = readFileSync(join(PLUGIN_DIR, 'sage-woo-sync.php'), 'utf8');
    const constant = (name: string) => new RegExp(`'${name}', '([^']+)'`).exec(main)?.[1];
    const status = await shopPluginStatus(woo, config);
    assert.ok(status);
    assert.equal(status.plugin, constant('SWS_PLUGIN_VERSION'));
    assert.equal(status.contract, constant('SWS_CONTRACT_VERSION'));
    assert.ok(status.features.includes('invoices') && status.features.includes('on-account'));
    const anonymous = await fetch(`${shop.restUrl}/wp-json/wc-sage-woo-sync/v1/status`);
    assert.equal(anonymous.status, 401);
    const session = await login(shop, customers.get('b2b')!.username, PASSWORD);
    const customer = await fetch(`${shop.restUrl}/wp-json/wc-sage-woo-sync/v1/status`, {
      headers: { cookie: session.cookie, 'x-wp-nonce': session.nonce },
    });
    assert.equal(customer.status, 403);
  });

  it("uploads the invoice through the plugin's route, once, without media credentials", async () => {
    let renders = 0;
    const pdf = {
      filename: `facture-${INVOICE}-0123456789abcdef.pdf`,
      render: async () => {
        renders += 1;
        return PDF;
      },
    };
    const placed = await deliverInvoiceToShop(woo, config, orderId, INVOICE, pdf);
    assert.equal(placed.storage, 'plugin');
    assert.equal(placed.uploaded, true);
    assert.equal(placed.mediaId, 0);
    assert.equal(placed.url, `${shop.url}/?sws_invoice=${orderId}`);
    const again = await deliverInvoiceToShop(woo, config, orderId, INVOICE, pdf);
    assert.equal(again.uploaded, false);
    assert.equal(again.url, placed.url);
    assert.equal(renders, 1);

    const order = await woo.orders.get(orderId);
    assert.equal(order.status, 'completed');
    assert.equal(getMetaString(order.meta_data, 'sage_invoice'), INVOICE);
    const link = getMeta(order.meta_data, 'sage_invoice_pdf') as Record<string, unknown>;
    assert.equal(link.url, placed.url);
    assert.equal(link.invoice, INVOICE);
    assert.equal(link.mediaId, 0);
    assert.equal(link.filename, `facture-${INVOICE}.pdf`);
    // The file's place is private: neither the folder nor the token is in the order's REST body.
    assert.doesNotMatch(JSON.stringify(order), /sws-invoices-|_sws_invoice_file/);
    const notes = await woo.orders.notes.list(orderId, { type: 'customer' });
    assert.equal(notes.filter((n) => n.note.includes(placed.url)).length, 1);

    // Nothing went to the media library; the folder is guarded.
    const uploads = join(shop.dir, 'wordpress/wp-content/uploads');
    const folders = readdirSync(uploads).filter((f) => f.startsWith('sws-invoices-'));
    assert.equal(folders.length, 1);
    assert.match(folders[0], /^sws-invoices-[a-f0-9]{32}$/);
    const files = readdirSync(join(uploads, folders[0])).sort();
    assert.deepEqual(
      files.filter((f) => !f.endsWith('.pdf')),
      ['.htaccess', 'index.php', 'web.config'],
    );
    assert.equal(files.filter((f) => /^[a-f0-9]{32}\.pdf$/.test(f)).length, 1);
  });

  it('lets the customer download the invoice, and nobody else (403)', async () => {
    const url = `${shop.restUrl}/?sws_invoice=${orderId}`;
    const owner = await login(shop, customers.get('b2b')!.username, PASSWORD);
    const mine = await get(url, owner.cookie);
    assert.equal(mine.status, 200);
    assert.match(mine.type, /^application\/pdf/);
    assert.match(mine.cache, /no-store|no-cache/);
    assert.deepEqual(mine.body, PDF);

    const other = await login(shop, customers.get('other')!.username, PASSWORD);
    assert.equal((await get(url, other.cookie)).status, 403);
    assert.equal((await get(url)).status, 403, 'a visitor');
    assert.equal((await get(`${shop.restUrl}/?sws_invoice=999999`, owner.cookie)).status, 403);
    const admin = await login(shop, shop.adminUser, shop.adminPassword);
    assert.equal((await get(url, admin.cookie)).status, 200, 'a shop manager');
  });

  it('links the invoice in My Account: under the order and in the Invoices tab', async () => {
    const owner = await login(shop, customers.get('b2b')!.username, PASSWORD);
    const view = await get(`${shop.restUrl}/my-account/view-order/${orderId}/`, owner.cookie);
    assert.equal(view.status, 200);
    assert.ok(view.body.toString('utf8').includes(`sws_invoice=${orderId}`));
    const tab = await get(`${shop.restUrl}/my-account/invoices/`, owner.cookie);
    assert.equal(tab.status, 200);
    const html = tab.body.toString('utf8');
    assert.ok(html.includes(INVOICE) && html.includes(`sws_invoice=${orderId}`));
    const other = await login(shop, customers.get('other')!.username, PASSWORD);
    const theirs = (await get(`${shop.restUrl}/my-account/invoices/`, other.cookie)).body;
    assert.ok(!theirs.toString('utf8').includes(INVOICE));
  });

  it('refuses uploads that are not PDFs or not from a shop manager', async () => {
    const post = (headers: Record<string, string>, body: Buffer) =>
      fetch(`${shop.restUrl}/wp-json/wc-sage-woo-sync/v1/orders/${orderId}/invoice?invoice=FA1`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', ...headers },
        body,
      });
    const notPdf = await post({ authorization: wcAuth(shop) }, Buffer.from('<html>'));
    assert.equal(notPdf.status, 400);
    assert.equal(((await notPdf.json()) as { code: string }).code, 'sws_invoice_not_pdf');
    assert.equal((await post({}, PDF)).status, 401);
    const owner = await login(shop, customers.get('b2b')!.username, PASSWORD);
    assert.equal(
      (await post({ cookie: owner.cookie, 'x-wp-nonce': owner.nonce }, PDF)).status,
      403,
    );
  });

  it('passes php -l and writes no notice of the plugin into debug.log', () => {
    for (const file of phpFiles(PLUGIN_DIR)) {
      execFileSync('php', ['-l', file], { stdio: 'pipe' });
    }
    const log = readFileSync(join(shop.dir, 'debug.log'), 'utf8');
    const ours = log.split('\n').filter((line) => /sage-woo-sync/.test(line));
    assert.deepEqual(ours, []);
  });
});
