import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminAuth, realShopOrSkip, shopRest, type RealShop } from '../helpers/real-shop';
import { login, minorUnits, page, storeProduct } from './store-session';
import {
  goldenPrice,
  VECTORS_FILE,
  type GoldenCustomer,
  type GoldenFile,
  type GoldenFormula,
  type GoldenProduct,
} from '../../scripts/golden-price-vectors';

/**
 * The shop plugin (shop-plugin/sage-woo-sync) on a real WooCommerce store: products and
 * customers carry the connector's contract meta (the hand-written golden vectors' meta, written
 * through the WooCommerce REST API), customers log in through wp-login.php, and what the Store
 * API and the pages show each of them is the TypeScript formula's price.
 */

const golden = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as GoldenFile;
const DEFAULT_FORMULA: GoldenFormula = golden.formulas.default;
/** Prices WooCommerce (floats) cannot carry exactly are left to the golden vectors. */
// Engine vectors (e…, and g… of the grid company: plugin-quantity-tiers.test.ts) stay out.
const SHOP_PRODUCTS = Object.keys(golden.products).filter(
  (id) => !/^[eg]\d+-/.test(id) && id !== 'big',
);
const SHOP_CUSTOMERS = Object.keys(golden.customers).filter((id) => !/^[eg]\d+-/.test(id));
const VARIABLE_SKU = 'HYD-00042-VAR';
const PASSWORD = 'sws-Test-password-1';

/** Identity meta (customers sync) and stock meta (stock sync) on top of the price meta. */
const IDENTITY = {
  sage_account: 'CL00012',
  sage_vat_number: 'FR12123456789',
  sage_siret: '12345678900012',
  sage_home_depot: '4',
  sage_central: 'CENTRALE01',
};
const STOCK = { LYO: 12, MRS: 25, BOD: 7, NTE: 3 };

describe('shop plugin: what each customer sees (real WooCommerce store)', function () {
  this.timeout(600_000);
  let shop: RealShop;
  const ids = new Map<string, number>();
  const customers = new Map<string, { id: number; username: string }>();
  let variableId = 0;
  let checkedPairs = 0;

  const rest = <T>(method: string, path: string, body?: unknown, auth?: string) =>
    shopRest<T>(shop, method, path, body, auth);

  const settings = (values: Record<string, unknown>) =>
    rest('POST', '/wp/v2/settings', values, adminAuth(shop));

  const metaList = (meta: Record<string, unknown>) =>
    Object.entries(meta).map(([key, value]) => ({ key, value }));

  /** What the plugin must show: the formula, else the guest behaviour ('hide' here). */
  function expectedShown(product: GoldenProduct, customer: GoldenCustomer): string | null {
    const price = goldenPrice(product, customer, DEFAULT_FORMULA);
    return price === null || price.startsWith('-') ? null : price;
  }

  before(async function () {
    shop = await realShopOrSkip(this);

    await settings({
      sws_pricing_strategy: DEFAULT_FORMULA.strategy,
      sws_rounding: DEFAULT_FORMULA.rounding,
      sws_unit_price_decimals: DEFAULT_FORMULA.decimals,
      sws_guest_prices: 'hide',
      sws_depot_codes: { '1': 'LYO', '2': 'MRS', '4': 'BOD', '5': 'NTE' },
      sws_depot_names: { BOD: 'Bordeaux', LYO: 'Lyon Gerland' },
    });

    // Simple products (variations go under one variable product below).
    const simple = SHOP_PRODUCTS.filter((id) => golden.products[id].kind === 'simple');
    const created = await rest<{ create: { id: number; sku: string; error?: unknown }[] }>(
      'POST',
      '/wc/v3/products/batch',
      {
        create: simple.map((id) => ({
          name: `Golden ${id}`,
          type: 'simple',
          sku: golden.products[id].sku,
          regular_price: '999',
          sale_price: '998',
          status: 'publish',
          manage_stock: true,
          stock_quantity: id === 'readme' ? 47 : 0,
          backorders: 'notify',
          meta_data: metaList({
            ...golden.products[id].meta,
            ...(id === 'readme' ? { sage_stock_by_depot: STOCK } : {}),
          }),
        })),
      },
    );
    created.create.forEach((p, i) => {
      assert.ok(p.error === undefined && p.id > 0, JSON.stringify(p));
      ids.set(simple[i], p.id);
    });

    const variable = await rest<{ id: number }>('POST', '/wc/v3/products', {
      name: 'Golden variable',
      type: 'variable',
      sku: VARIABLE_SKU,
      status: 'publish',
      attributes: [{ name: 'Colour', options: ['Red', 'Blue'], variation: true, visible: true }],
    });
    variableId = variable.id;
    const variations = SHOP_PRODUCTS.filter((id) => golden.products[id].kind === 'variation');
    const made = await rest<{ create: { id: number; error?: unknown }[] }>(
      'POST',
      `/wc/v3/products/${variableId}/variations/batch`,
      {
        create: variations.map((id, i) => ({
          sku: golden.products[id].sku,
          regular_price: '999',
          attributes: [{ name: 'Colour', option: i === 0 ? 'Red' : 'Blue' }],
          meta_data: metaList({ ...golden.products[id].meta, sage_stock_by_depot: STOCK }),
        })),
      },
    );
    made.create.forEach((v, i) => {
      assert.ok(v.error === undefined && v.id > 0, JSON.stringify(v));
      ids.set(variations[i], v.id);
    });

    for (const id of SHOP_CUSTOMERS) {
      const username = `sws-${id}`;
      const customer = await rest<{ id: number }>('POST', '/wc/v3/customers', {
        email: `${id}@customers.example.fr`,
        username,
        password: PASSWORD,
        first_name: 'Golden',
        last_name: id,
        meta_data: metaList({
          ...golden.customers[id].meta,
          ...(id === 'readme' ? IDENTITY : {}),
        }),
      });
      customers.set(id, { id: customer.id, username });
    }
  });

  after(async function () {
    if (shop === undefined) return;
    console.log(`      (${checkedPairs} customer × product pairs checked in the Store API)`);
  });

  it('every customer sees the formula price of every product and variation (Store API)', async () => {
    for (const customerId of SHOP_CUSTOMERS) {
      const session = await login(shop, customers.get(customerId)!.username, PASSWORD);
      for (const productId of SHOP_PRODUCTS) {
        const got = await storeProduct(shop, ids.get(productId)!, session);
        const expected = expectedShown(golden.products[productId], golden.customers[customerId]);
        const what = `${customerId} × ${productId}: expected ${String(expected)}`;
        if (expected === null) {
          assert.equal(got.is_purchasable, false, what);
          assert.match(got.price_html, /Price on request/, what);
        } else {
          assert.equal(
            got.prices.price,
            minorUnits(expected, got.prices.currency_minor_unit),
            what,
          );
          assert.equal(got.prices.regular_price, got.prices.price, `${what} (regular)`);
          assert.equal(got.is_purchasable, true, what);
        }
        checkedPairs++;
      }
    }
    assert.ok(checkedPairs >= SHOP_CUSTOMERS.length * SHOP_PRODUCTS.length);
  });

  it('two customers with other conditions see other variable-product price ranges', async () => {
    const range = async (customerId: string) => {
      const session = await login(shop, customers.get(customerId)!.username, PASSWORD);
      return (await storeProduct(shop, variableId, session)).prices;
    };
    const variations = SHOP_PRODUCTS.filter((id) => golden.products[id].kind === 'variation');
    const expectedRange = (customerId: string) => {
      const prices = variations
        .map((v) => expectedShown(golden.products[v], golden.customers[customerId]))
        .filter((p): p is string => p !== null)
        .map((p) => Number(minorUnits(p, 2)));
      return { min: String(Math.min(...prices)), max: String(Math.max(...prices)) };
    };
    // Asked in turn, so WooCommerce's cached ranges would show if they leaked.
    for (const customerId of ['readme', 'cat-1-plain', 'readme', 'json-text', 'cat-1-plain']) {
      const prices = await range(customerId);
      const expected = expectedRange(customerId);
      assert.deepEqual(
        prices.price_range === null
          ? { min: prices.price, max: prices.price }
          : { min: prices.price_range.min_amount, max: prices.price_range.max_amount },
        expected,
        customerId,
      );
    }
    assert.notDeepEqual(expectedRange('readme'), expectedRange('cat-1-plain'));
  });

  it('a visitor gets the guest behaviour: hidden by default, a category price when set', async () => {
    const hidden = await storeProduct(shop, ids.get('readme')!);
    assert.equal(hidden.is_purchasable, false);
    assert.match(hidden.price_html, /Log in to see your prices/);
    assert.notEqual(hidden.prices.price, minorUnits('12.4', 2));
    const variable = await storeProduct(shop, variableId);
    assert.match(variable.price_html, /Log in to see your prices/);
    const pageHtml = await page(`${shop.restUrl}/?p=${ids.get('readme')!}`);
    assert.match(pageHtml.body, /Log in to see your prices/);
    assert.doesNotMatch(pageHtml.body, /999,00/);

    await settings({ sws_guest_prices: 'category:2' });
    try {
      const guest: GoldenCustomer = { meta: { sage_price_category: '2' } };
      for (const productId of SHOP_PRODUCTS.filter((id) => golden.products[id].kind === 'simple')) {
        const got = await storeProduct(shop, ids.get(productId)!);
        const expected = expectedShown(golden.products[productId], guest);
        if (expected === null) assert.equal(got.is_purchasable, false, productId);
        else assert.equal(got.prices.price, minorUnits(expected, 2), productId);
      }
    } finally {
      await settings({ sws_guest_prices: 'hide' });
    }
  });

  it("shows the stock at the customer's depot on the product page and in the Store API", async () => {
    const session = await login(shop, customers.get('readme')!.username, PASSWORD);
    const product = await rest<{ permalink: string }>(
      'GET',
      `/wc/v3/products/${ids.get('readme')!}`,
    );
    const html = (await page(product.permalink, session.cookie)).body;
    assert.match(html, /At your depot \(Bordeaux\): 7/);
    assert.match(html, /Other depots: 40/);
    const store = await storeProduct(shop, ids.get('readme')!, session);
    assert.deepEqual(store.extensions['sage-woo-sync']?.depot_stock, {
      code: 'BOD',
      name: 'Bordeaux',
      quantity: 7,
      other_depots: 40,
    });
    const variation = await storeProduct(shop, ids.get('variation-red')!, session);
    assert.deepEqual(variation.extensions['sage-woo-sync']?.depot_stock, {
      code: 'BOD',
      name: 'Bordeaux',
      quantity: 7,
      other_depots: 40,
    });
    // Nobody else's depot: a visitor and a customer without a home depot get none.
    assert.equal(
      (await storeProduct(shop, ids.get('readme')!)).extensions['sage-woo-sync']?.depot_stock,
      null,
    );
    const other = await login(shop, customers.get('cat-1-plain')!.username, PASSWORD);
    assert.doesNotMatch((await page(product.permalink, other.cookie)).body, /At your depot/);
    // Out of stock everywhere, orderable on backorder: WooCommerce still decides.
    const empty = await storeProduct(shop, ids.get('net-only')!, other);
    assert.equal(empty.is_purchasable, true);
  });

  it('shows the Sage identity read-only in My Account and on the admin profile', async () => {
    const session = await login(shop, customers.get('readme')!.username, PASSWORD);
    const account = await page(`${shop.restUrl}/my-account/`, session.cookie);
    for (const value of Object.values(IDENTITY).filter((v) => v !== '4')) {
      assert.ok(account.body.includes(value), `My Account lacks ${value}`);
    }
    assert.match(account.body, /Bordeaux \(4\)/);
    const details = await page(`${shop.restUrl}/my-account/edit-account/`, session.cookie);
    assert.ok(details.body.includes('FR12123456789'));
    const admin = await login(shop, shop.adminUser, shop.adminPassword);
    const profile = await page(
      `${shop.restUrl}/wp-admin/user-edit.php?user_id=${customers.get('readme')!.id}`,
      admin.cookie,
    );
    assert.ok(
      profile.body.includes('CL00012') && profile.body.includes('12345678900012'),
      `the admin profile (HTTP ${profile.status}) lacks the account or SIRET: ${profile.body
        .replace(/\s+/g, ' ')
        .slice(0, 600)}`,
    );
  });

  it('leaves WooCommerce prices alone in the REST API the connector uses', async () => {
    const product = await rest<{ regular_price: string; sale_price: string }>(
      'GET',
      `/wc/v3/products/${ids.get('readme')!}`,
    );
    assert.equal(product.regular_price, '999');
    assert.equal(product.sale_price, '998');
  });

  it('writes no notice of the plugin into debug.log', () => {
    const log = readFileSync(join(shop.dir, 'debug.log'), 'utf8');
    const ours = log.split('\n').filter((line) => /sage-woo-sync/.test(line));
    assert.deepEqual(ours, []);
  });
});
