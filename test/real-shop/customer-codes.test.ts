import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminAuth, realShopOrSkip, shopRest, type RealShop } from '../helpers/real-shop';
import { login, page, storeApi } from './store-session';

/**
 * Customer article codes on a real WooCommerce store with the shop plugin: the customer meta
 * `sage_customer_codes` (SKU → the customer's own code, written by the customers sync) shows
 * the logged-in customer's code next to the SKU on the product page and on the cart line, and
 * the shop search finds the product by that code (a variation's code finds its parent). Another
 * customer sees and finds nothing of it.
 */

const PASSWORD = 'sws-Test-password-3';
const SIMPLE_SKU = 'CC-SIMPLE-1';
const VARIATION_SKU = 'CC-VAR-RED';
/** Names that no code matches, so a search only finds them through the plugin. */
const SIMPLE_NAME = 'Robinet laiton quart de tour';
const VARIABLE_NAME = 'Vanne papillon motorisee';
const BUYER_CODES = { [SIMPLE_SKU]: 'ACME-4711', [VARIATION_SKU]: 'ACME-RED-9' };
/** Another customer's code, with markup that must come out escaped. */
const OTHER_CODE = '<b>O&1</b>';

describe('shop plugin: customer article codes (real WooCommerce store)', function () {
  this.timeout(600_000);
  let shop: RealShop;
  const users = new Map<string, string>();
  let simpleId = 0;
  let variableId = 0;

  const rest = <T>(method: string, path: string, body?: unknown, auth?: string) =>
    shopRest<T>(shop, method, path, body, auth);

  const session = (name: string) => login(shop, users.get(name)!, PASSWORD);
  const productPage = async (id: number, cookie = '') => {
    const product = await rest<{ permalink: string }>('GET', `/wc/v3/products/${id}`);
    return (await page(product.permalink, cookie)).body;
  };
  const search = async (term: string, cookie = '') =>
    (await page(`${shop.restUrl}/?s=${encodeURIComponent(term)}&post_type=product`, cookie)).body;

  before(async function () {
    shop = await realShopOrSkip(this);
    // No contract prices here: customers buy at the WooCommerce price.
    await rest('POST', '/wp/v2/settings', { sws_guest_prices: 'regular' }, adminAuth(shop));
    // The shop owner's set-up for orders on account (readme.txt): the gateway, free shipping.
    await rest('PUT', '/wc/v3/payment_gateways/sws_on_account', { enabled: true });
    await rest('POST', '/wc/v3/shipping/zones/0/methods', { method_id: 'free_shipping' });
    simpleId = (
      await rest<{ id: number }>('POST', '/wc/v3/products', {
        name: SIMPLE_NAME,
        type: 'simple',
        sku: SIMPLE_SKU,
        regular_price: '25',
        status: 'publish',
      })
    ).id;
    variableId = (
      await rest<{ id: number }>('POST', '/wc/v3/products', {
        name: VARIABLE_NAME,
        type: 'variable',
        sku: 'CC-VAR',
        status: 'publish',
        attributes: [{ name: 'Colour', options: ['Red', 'Blue'], variation: true, visible: true }],
      })
    ).id;
    await rest('POST', `/wc/v3/products/${variableId}/variations/batch`, {
      create: [
        {
          sku: VARIATION_SKU,
          regular_price: '80',
          attributes: [{ name: 'Colour', option: 'Red' }],
        },
        {
          sku: 'CC-VAR-BLUE',
          regular_price: '80',
          attributes: [{ name: 'Colour', option: 'Blue' }],
        },
      ],
    });
    // The buyer has a Sage account, so it may order on account (the plugin's gateway).
    const customers: [string, Record<string, string> | undefined][] = [
      ['buyer', BUYER_CODES],
      ['other', { [SIMPLE_SKU]: OTHER_CODE }],
      ['none', undefined],
    ];
    for (const [name, codes] of customers) {
      const username = `sws-codes-${name}`;
      await rest('POST', '/wc/v3/customers', {
        email: `${name}@codes.example.fr`,
        username,
        password: PASSWORD,
        meta_data: [
          ...(codes ? [{ key: 'sage_customer_codes', value: codes }] : []),
          ...(name === 'buyer' ? [{ key: 'sage_account', value: 'CLCODES' }] : []),
        ],
      });
      users.set(name, username);
    }
  });

  after(async () => {
    if (shop !== undefined) {
      await rest('POST', '/wp/v2/settings', { sws_guest_prices: 'hide' }, adminAuth(shop));
    }
  });

  it("shows the logged-in customer's code on the product page, nobody else's", async () => {
    const buyer = await session('buyer');
    const simple = await productPage(simpleId, buyer.cookie);
    assert.match(simple, /Your code:\s*<span class="sws-customer-code__value">ACME-4711<\/span>/);
    const variable = await productPage(variableId, buyer.cookie);
    assert.match(variable, /ACME-RED-9<\/span> \(CC-VAR-RED\)/);

    const other = await productPage(simpleId, (await session('other')).cookie);
    assert.ok(!other.includes('ACME-4711'));
    // Escaped: the markup of a code is shown, never interpreted.
    assert.ok(other.includes('&lt;b&gt;O&amp;1&lt;/b&gt;'), 'the other customer sees its own code');
    assert.ok(!other.includes(OTHER_CODE));

    const none = await productPage(simpleId, (await session('none')).cookie);
    assert.doesNotMatch(none, /Your code/);
    assert.doesNotMatch(await productPage(simpleId), /Your code|ACME-4711/);
  });

  it('finds the product by the customer code in the shop search, a variation by its parent', async () => {
    const buyer = await session('buyer');
    assert.ok((await search('ACME-4711', buyer.cookie)).includes(SIMPLE_NAME));
    assert.ok((await search('acme-red-9', buyer.cookie)).includes(VARIABLE_NAME));
    // A part of a code finds it too; the ordinary search still works.
    const both = await search('ACME', buyer.cookie);
    assert.ok(both.includes(SIMPLE_NAME) && both.includes(VARIABLE_NAME));
    assert.ok((await search('Robinet', buyer.cookie)).includes(SIMPLE_NAME));

    for (const cookie of [(await session('other')).cookie, (await session('none')).cookie, '']) {
      const found = await search('ACME-4711', cookie);
      assert.ok(!found.includes(SIMPLE_NAME), 'another customer does not find it by that code');
    }
  });

  it('shows the code on the cart line and keeps it on the order line', async () => {
    const api = storeApi(shop, await session('buyer'));
    assert.equal((await api('GET', '/cart')).status, 200);
    const added = await api<{
      items: { id: number; item_data: { key: string; value: string }[] }[];
    }>('POST', '/cart/add-item', { id: simpleId, quantity: 1 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const line = added.body.items.find((i) => i.id === simpleId);
    assert.deepEqual(
      line?.item_data.map((d) => [d.key, d.value]),
      [['Your code', 'ACME-4711']],
    );
    const address = {
      first_name: 'Client',
      last_name: 'Codes',
      address_1: '1 rue du Port',
      city: 'Bordeaux',
      postcode: '33000',
      country: 'FR',
      email: 'buyer@codes.example.fr',
      phone: '0556000000',
    };
    const checkout = await api<{ order_id: number }>('POST', '/checkout', {
      billing_address: address,
      shipping_address: address,
      payment_method: 'sws_on_account',
    });
    assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
    const order = await rest<{
      line_items: {
        sku: string;
        meta_data: { key: string; value: unknown; display_key: string }[];
      }[];
    }>('GET', `/wc/v3/orders/${checkout.body.order_id}`);
    const ordered = order.line_items.find((l) => l.sku === SIMPLE_SKU);
    assert.deepEqual(
      ordered?.meta_data
        .filter((m) => m.key === 'sage_customer_code')
        .map((m) => [m.display_key, m.value]),
      [['Your code', 'ACME-4711']],
    );
  });

  it('writes no notice of the plugin into debug.log', () => {
    const log = readFileSync(join(shop.dir, 'debug.log'), 'utf8');
    const ours = log.split('\n').filter((line) => /sage-woo-sync/.test(line));
    assert.deepEqual(ours, []);
  });
});
