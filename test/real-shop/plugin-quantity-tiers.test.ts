import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  evaluatePrice,
  type PriceIndex,
} from '../../shared/price-engine';
import { priceCategoriesOf, withCategoryCustomers } from '../../shared/price-sync/projection';
import { adminAuth, realShopOrSkip, shopRest, type RealShop } from '../helpers/real-shop';
import { login, minorUnits, page, storeApi } from './store-session';
import { VECTORS_FILE, type GoldenFile } from '../../scripts/golden-price-vectors';
import { DAY } from '../unit/price-engine/builders';
import { gridCompany } from '../unit/price-sync/grid-company';

/**
 * Quantity grids in the real store: the grid company's products and customers (their contract
 * meta as the price sync writes it: the golden vectors' `g0-…` entries, default formula), a
 * logged-in customer's Store API cart at quantities 1, 10, 50 and around the tier bounds shows
 * the pricing engine's unit price at that quantity, and the product page lists the tiers.
 */

const golden = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as GoldenFile;
const PREFIX = 'g0-';
const ARTICLES = ['CHAISE01', 'TABLE01', 'VIS01', 'LAMPE01'];
const CUSTOMERS = ['CLI001', 'CLI002', 'CLI003', 'CLI004', 'MAG12', 'CLI006'];
const QUANTITIES = [1, 4, 5, 9, 10, 11, 12, 49, 50, 100, 101, 106];
const PASSWORD = 'sws-Test-password-1';

interface CartItem {
  key: string;
  id: number;
  quantity: number;
  prices: { price: string; currency_minor_unit: number };
  totals: { line_subtotal: string };
}

describe('shop plugin: quantity tiers in the cart and on the product page (real store)', function () {
  this.timeout(900_000);
  let shop: RealShop;
  let index: PriceIndex;
  const ids = new Map<string, number>();
  const users = new Map<string, string>();

  const rest = <T>(method: string, path: string, body?: unknown, auth?: string) =>
    shopRest<T>(shop, method, path, body, auth);
  const metaList = (meta: Record<string, unknown>) =>
    Object.entries(meta).map(([key, value]) => ({ key, value }));
  const engineAt = (customer: string, article: string, quantity: number) =>
    evaluatePrice(index, { customer, article, quantity, date: DAY }).netPrice;

  before(async function () {
    shop = await realShopOrSkip(this);
    const data = gridCompany();
    index = buildPriceIndex(withCategoryCustomers(data, priceCategoriesOf(data)), {
      ...DEFAULT_PRICING_OPTIONS,
      strategy: 'highest',
      rounding: 'half-up',
      unitPriceDecimals: 2,
    });
    await rest(
      'POST',
      '/wp/v2/settings',
      {
        sws_pricing_strategy: 'highest',
        sws_rounding: 'half-up',
        sws_unit_price_decimals: 2,
        sws_guest_prices: 'hide',
      },
      adminAuth(shop),
    );
    const created = await rest<{ create: { id: number; error?: unknown }[] }>(
      'POST',
      '/wc/v3/products/batch',
      {
        create: ARTICLES.map((sku) => ({
          name: `Grid ${sku}`,
          type: 'simple',
          sku,
          regular_price: '999',
          status: 'publish',
          meta_data: metaList(golden.products[`${PREFIX}${sku}`].meta),
        })),
      },
    );
    created.create.forEach((p, i) => {
      assert.ok(p.error === undefined && p.id > 0, JSON.stringify(p));
      ids.set(ARTICLES[i], p.id);
    });
    for (const account of CUSTOMERS) {
      const username = `sws-grid-${account.toLowerCase()}`;
      await rest('POST', '/wc/v3/customers', {
        email: `grid-${account.toLowerCase()}@customers.example.fr`,
        username,
        password: PASSWORD,
        meta_data: metaList(golden.customers[`${PREFIX}${account}`].meta),
      });
      users.set(account, username);
    }
  });

  it("a logged-in customer's cart line (Store API) costs the engine's price at its quantity", async () => {
    let checked = 0;
    for (const account of CUSTOMERS) {
      const api = storeApi(shop, await login(shop, users.get(account)!, PASSWORD));
      // The first call hands out the Store API nonce the cart's writes need.
      assert.equal((await api('GET', '/cart')).status, 200);
      for (const sku of ARTICLES) {
        const added = await api<{ items: CartItem[] }>('POST', '/cart/add-item', {
          id: ids.get(sku)!,
          quantity: 1,
        });
        assert.equal(added.status, 201, JSON.stringify(added.body));
        const key = added.body.items.find((i) => i.id === ids.get(sku))!.key;
        for (const quantity of QUANTITIES) {
          const cart =
            quantity === 1
              ? (await api<{ items: CartItem[] }>('GET', '/cart')).body
              : (await api<{ items: CartItem[] }>('POST', '/cart/update-item', { key, quantity }))
                  .body;
          const item = cart.items.find((i) => i.key === key)!;
          assert.equal(item.quantity, quantity);
          const engine = engineAt(account, sku, quantity);
          const what = `${account} × ${sku} × ${quantity}: engine ${engine}`;
          assert.equal(
            item.prices.price,
            minorUnits(engine, item.prices.currency_minor_unit),
            what,
          );
          assert.equal(
            item.totals.line_subtotal,
            String(BigInt(minorUnits(engine, 2)) * BigInt(quantity)),
            `${what} (line)`,
          );
          checked++;
        }
        await api('POST', '/cart/remove-item', { key });
      }
    }
    assert.equal(checked, CUSTOMERS.length * ARTICLES.length * QUANTITIES.length);
    // The grid moves the price: 1, 10 and 50 differ for a category 2 customer.
    const moved = new Set([1, 10, 50].map((q) => engineAt('CLI001', 'CHAISE01', q)));
    assert.equal(moved.size, 3);
  });

  it('the product page lists the tiers the customer gets, none where there are none', async () => {
    const session = await login(shop, users.get('CLI001')!, PASSWORD);
    const product = await rest<{ permalink: string }>(
      'GET',
      `/wc/v3/products/${ids.get('CHAISE01')!}`,
    );
    const html = (await page(product.permalink, session.cookie)).body;
    const tiers = [...html.matchAll(/data-from="(\d+)" data-price="([\d.]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.deepEqual(tiers, [
      ['10', engineAt('CLI001', 'CHAISE01', 10)],
      ['50', engineAt('CLI001', 'CHAISE01', 50)],
      ['1000', engineAt('CLI001', 'CHAISE01', 1000)],
    ]);
    assert.match(html, /Price by quantity/);
    assert.match(html, /From 10: /);
    // CLI004's own grid: its own tiers.
    const own = await login(shop, users.get('CLI004')!, PASSWORD);
    const ownHtml = (await page(product.permalink, own.cookie)).body;
    assert.ok(ownHtml.includes(`data-from="5" data-price="${engineAt('CLI004', 'CHAISE01', 5)}"`));
    const lamp = await rest<{ permalink: string }>('GET', `/wc/v3/products/${ids.get('LAMPE01')!}`);
    assert.doesNotMatch((await page(lamp.permalink, session.cookie)).body, /sws-quantity-tiers/);
    // A visitor sees no price, hence no tiers.
    assert.doesNotMatch((await page(product.permalink)).body, /sws-quantity-tiers/);
  });

  it('writes no notice of the plugin into debug.log', () => {
    const log = readFileSync(join(shop.dir, 'debug.log'), 'utf8');
    const ours = log.split('\n').filter((line) => /sage-woo-sync/.test(line));
    assert.deepEqual(ours, []);
  });
});
