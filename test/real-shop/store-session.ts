import assert from 'node:assert/strict';
import type { RealShopFacts } from '../helpers/real-shop';

/** A customer's browser session on the real store: what they see through pages and the Store API. */

export interface Session {
  cookie: string;
  nonce: string;
}

export interface StoreProduct {
  id: number;
  is_purchasable: boolean;
  price_html: string;
  prices: {
    price: string;
    regular_price: string;
    sale_price: string;
    currency_minor_unit: number;
    price_range: { min_amount: string; max_amount: string } | null;
  };
  extensions: Record<string, { depot_stock?: unknown }>;
}

/** Exact half-up rounding of a decimal string to minor units (2 decimals). */
export function minorUnits(price: string, decimals: number): string {
  const [integer, fraction = ''] = price.split('.');
  const padded = (fraction + '0'.repeat(decimals + 1)).slice(0, decimals + 1);
  let units = BigInt(integer + padded.slice(0, decimals));
  if (Number(padded[decimals]) >= 5) units += 1n;
  return units.toString();
}

/** GET following redirects on plain HTTP (the store's own URLs say https). */
export async function page(url: string, cookie = ''): Promise<{ status: number; body: string }> {
  let target = url.replace(/^https:/, 'http:');
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(target, { headers: { cookie }, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target).toString().replace(/^https:/, 'http:');
      continue;
    }
    return { status: response.status, body: await response.text() };
  }
  throw new Error(`too many redirects from ${url}`);
}

export async function login(
  shop: RealShopFacts,
  username: string,
  password: string,
): Promise<Session> {
  const response = await fetch(`${shop.restUrl}/wp-login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
    },
    body: new URLSearchParams({ log: username, pwd: password, testcookie: '1' }).toString(),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c.endsWith('=deleted') && !/=\s*$/.test(c))
    .join('; ');
  assert.match(cookie, /wordpress_logged_in_/, `login of ${username} failed (${response.status})`);
  const nonce = await fetch(`${shop.restUrl}/wp-admin/admin-ajax.php?action=rest-nonce`, {
    headers: { cookie },
  }).then((r) => r.text());
  assert.match(nonce, /^[0-9a-f]{10}$/, `no REST nonce for ${username}: ${nonce}`);
  return { cookie, nonce };
}

export async function storeProduct(
  shop: RealShopFacts,
  id: number,
  session?: Session,
): Promise<StoreProduct> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    headers['x-wp-nonce'] = session.nonce;
  }
  const response = await fetch(`${shop.restUrl}/wp-json/wc/store/v1/products/${id}`, {
    headers,
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as StoreProduct;
}

/** Keeps the cookies a response sets (and drops the ones it deletes). */
export function withCookies(cookie: string, response: Response): string {
  const jar = new Map(
    cookie
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0], c] as const),
  );
  for (const set of response.headers.getSetCookie()) {
    const pair = set.split(';')[0];
    const name = pair.split('=')[0];
    if (pair.endsWith('=deleted') || /=\s*$/.test(pair)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

/** A Store API client of one logged-in customer: cookies, REST nonce and Store API Nonce. */
export function storeApi(shop: RealShopFacts, session: Session) {
  let cookie = session.cookie;
  let storeNonce = '';
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${shop.restUrl}/wp-json/wc/store/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-wp-nonce': session.nonce,
        ...(storeNonce ? { nonce: storeNonce } : {}),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    cookie = withCookies(cookie, response);
    storeNonce = response.headers.get('nonce') ?? storeNonce;
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as T };
  };
  return Object.assign(call, { cookie: () => cookie });
}
