import { createHmac, timingSafeEqual } from 'node:crypto';
import { WooError } from './errors';
import type { Principal, RequestContext } from './context';
import type { ApiKey } from './types';

/**
 * WooCommerce REST authentication. Over (emulated) HTTPS the query-string keys win over Basic
 * auth; an unknown key is simply anonymous; a known key with a wrong secret is a 401. Over plain
 * HTTP only one-legged OAuth 1.0a signatures authenticate. A key's permissions are then checked
 * against the method (a read-only key writing gets 401, not 403).
 */

export interface AuthConfig {
  keys: ApiKey[];
  plainHttp: boolean;
  oauthToleranceSec: number;
}

const BASIC_REALM =
  'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field."';

function authError(message: string, headers: Record<string, string> = {}): WooError {
  return new WooError(401, 'woocommerce_rest_authentication_error', message, {}, headers);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function basicCredentials(
  ctx: RequestContext,
): { user: string; password: string } | undefined {
  const header = ctx.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class Authenticator {
  private readonly usedNonces = new Map<string, number>();

  constructor(private readonly config: AuthConfig) {}

  authenticate(ctx: RequestContext): Principal {
    const key = this.config.plainHttp
      ? this.oauth(ctx)
      : (this.keyAndSecret(ctx) ?? this.oauth(ctx));
    if (!key) return { kind: 'anonymous' };
    this.checkPermissions(ctx.method, key);
    return { kind: 'api-key', permissions: key.permissions };
  }

  private keyAndSecret(ctx: RequestContext): ApiKey | undefined {
    const q = ctx.query;
    let viaBasic = false;
    let ck: string | undefined;
    let cs: string | undefined;
    if (q.consumer_key && q.consumer_secret) {
      ck = q.consumer_key;
      cs = q.consumer_secret;
    } else {
      const basic = basicCredentials(ctx);
      if (!basic) return undefined;
      ck = basic.user;
      cs = basic.password;
      viaBasic = true;
    }
    const key = this.config.keys.find((k) => k.consumerKey === ck);
    if (!key) return undefined;
    if (!sameSecret(key.consumerSecret, cs))
      throw authError(
        'Consumer secret is invalid.',
        viaBasic ? { 'WWW-Authenticate': BASIC_REALM } : {},
      );
    return key;
  }

  /** One-legged OAuth 1.0a with parameters in the query string or an `Authorization: OAuth` header. */
  private oauth(ctx: RequestContext): ApiKey | undefined {
    const params: Record<string, string> = { ...ctx.query };
    const header = ctx.headers.authorization;
    if (header && /^oauth /i.test(header)) {
      for (const m of header.slice(6).matchAll(/(\w+)="([^"]*)"/g))
        params[m[1]] = decodeURIComponent(m[2]);
    }
    const required = [
      'oauth_consumer_key',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
      'oauth_signature_method',
    ];
    const present = required.filter((p) => params[p] !== undefined);
    if (present.length === 0) return undefined;
    if (present.length < required.length)
      throw new WooError(
        401,
        'woocommerce_rest_authentication_missing_parameter',
        `Missing OAuth parameter(s) ${required.filter((p) => params[p] === undefined).join(', ')}`,
      );
    const key = this.config.keys.find((k) => k.consumerKey === params.oauth_consumer_key);
    if (!key) throw authError('Consumer key is invalid.');
    const method = params.oauth_signature_method;
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256')
      throw authError('Invalid signature - signature method is invalid.');
    const expected = oauthSignature(
      ctx.method,
      `${ctx.baseUrl}${ctx.path}`,
      params,
      key.consumerSecret,
      method,
    );
    if (!sameSecret(expected, params.oauth_signature.replace(/ /g, '+')))
      throw authError('Invalid signature - provided signature does not match.');
    const ts = parseInt(params.oauth_timestamp, 10);
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > this.config.oauthToleranceSec)
      throw authError('Invalid timestamp.');
    const nonceKey = `${key.consumerKey}:${params.oauth_nonce}`;
    if (this.usedNonces.has(nonceKey))
      throw authError('Invalid nonce - nonce has already been used.');
    this.usedNonces.set(nonceKey, ts);
    return key;
  }

  private checkPermissions(method: string, key: ApiKey): void {
    const reading = method === 'GET' || method === 'HEAD';
    if (method === 'OPTIONS') return;
    if (reading && key.permissions === 'write')
      throw authError('The API key provided does not have read permissions.');
    if (!reading && key.permissions === 'read')
      throw authError('The API key provided does not have write permissions.');
  }
}

/** RFC 3986 encoding as PHP's rawurlencode. */
function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * WooCommerce's signature: base string METHOD&url&params (sorted, each key and value encoded, joined
 * with %26 and %3D), key = secret + '&'.
 */
export function oauthSignature(
  method: string,
  url: string,
  params: Record<string, string>,
  secret: string,
  algorithm: 'HMAC-SHA1' | 'HMAC-SHA256',
): string {
  const pairs = Object.entries(params)
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  const query = pairs.map(([k, v]) => `${k}%3D${v}`).join('%26');
  const base = `${method.toUpperCase()}&${rfc3986(url)}&${query}`;
  return createHmac(algorithm === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${secret}&`)
    .update(base)
    .digest('base64');
}

/** What an anonymous caller gets from an endpoint's own permission check. */
export function cannot(action: 'list' | 'view' | 'create' | 'edit' | 'delete' | 'batch'): WooError {
  const messages = {
    list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
    view: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
    create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
    edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
    delete: [
      'woocommerce_rest_cannot_delete',
      'Sorry, you are not allowed to delete this resource.',
    ],
    batch: [
      'woocommerce_rest_cannot_batch',
      'Sorry, you are not allowed to batch manipulate this resource.',
    ],
  } as const;
  const [code, message] = messages[action];
  return new WooError(401, code, message);
}
