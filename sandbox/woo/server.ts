import type { IncomingMessage, ServerResponse } from 'node:http';
import { cannot, type Authenticator } from './auth';
import type { HandlerResult, RequestContext } from './context';
import type { RequestCounters } from './counters';
import { WooError, noRoute } from './errors';
import type { FaultInjector } from './faults';
import { renderShopPage } from './html';
import { phpJsonEncode } from './json';
import {
  authenticateMediaUpload,
  getMedia,
  mediaJson,
  uploadMedia,
  type AppPassword,
} from './media';
import { pluginDownload, pluginRouterOf, PLUGIN_PREFIX } from './plugin';
import type { Router, RouteMatch } from './router';
import type { Shop } from './shop';
import { batchItemCount } from './batch';
import type { WebhookDispatcher } from './webhook-delivery';
import type { FaultConfig } from './types';

/**
 * The request pipeline: counters, faults (decided before any handler runs), WooCommerce
 * authentication, routing (unknown route or method: 404 rest_no_route), JSON parsing, the
 * anonymous permission check, then the handler; plus the media, uploads, admin and HTML routes.
 */

export interface PipelineDeps {
  shop: Shop;
  wc: Router;
  auth: Authenticator;
  faults: FaultInjector;
  counters: RequestCounters;
  webhooks: WebhookDispatcher;
  appPasswords: AppPassword[];
}

const WC_PREFIX = '/wp-json/wc/v3';
const JSON_TYPE = 'application/json; charset=UTF-8';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: HandlerResult, baseUrl: string, allow?: string): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = {};
  if (result.raw) {
    headers['Content-Type'] = result.raw.contentType;
    res.writeHead(result.status, { ...headers, ...result.headers });
    res.end(result.raw.data);
    return;
  }
  headers['Content-Type'] = JSON_TYPE;
  headers['Link'] = `<${baseUrl}/wp-json/>; rel="https://api.w.org/"`;
  if (allow) headers['Allow'] = allow;
  const body = phpJsonEncode(result.body ?? null);
  res.writeHead(result.status, {
    ...headers,
    ...result.headers,
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function errorResult(e: unknown): HandlerResult {
  if (e instanceof WooError) return { status: e.status, body: e.body(), headers: e.extraHeaders };
  return {
    status: 500,
    body: {
      code: 'internal_server_error',
      message: String((e as Error)?.message ?? e),
      data: { status: 500 },
    },
  };
}

function parseJsonBody(raw: Buffer, contentType: string): unknown {
  if (!raw.length) return undefined;
  if (contentType && !/json/i.test(contentType)) {
    // form-encoded bodies are accepted by WordPress too
    if (/x-www-form-urlencoded/i.test(contentType))
      return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    return undefined;
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.', {
      json_error_code: 4,
      json_error_message: 'Syntax error',
    });
  }
}

export function createPipeline(
  deps: PipelineDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((e) => {
      if (!res.headersSent) send(res, errorResult(e), deps.shop.publicUrl);
    });
  };
}

async function handle(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = (req.method ?? 'GET').toUpperCase();
  const rawBody = await readBody(req);
  const baseUrl = `http://${req.headers.host ?? '127.0.0.1'}`;
  const path = decodeURIComponent(url.pathname);
  // repeated parameters (status[]=a&status[]=b) are joined with commas, as WordPress lists accept
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const ctx: RequestContext = {
    method,
    path,
    query,
    rawQuery: url.search.slice(1),
    headers: req.headers,
    rawBody,
    body: undefined,
    params: {},
    baseUrl,
    principal: { kind: 'anonymous' },
  };

  if (path.startsWith('/__admin/')) {
    // the server listens on loopback only; refuse anything else anyway
    const remote = req.socket.remoteAddress ?? '';
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote))
      return send(
        res,
        { status: 403, body: { error: 'admin endpoints answer on loopback only' } },
        baseUrl,
      );
    return send(res, admin(deps, ctx), baseUrl);
  }
  const download = pluginDownload(deps.shop, method, path, query);
  if (download) return send(res, download, baseUrl);
  if (method === 'GET' && (path === '/' || path === '/shop'))
    return send(
      res,
      {
        status: 200,
        raw: { contentType: 'text/html; charset=UTF-8', data: renderShopPage(deps.shop, query) },
      },
      baseUrl,
    );
  if (method === 'GET' && path.startsWith('/wp-content/uploads/')) {
    const file = deps.shop.store.getFile(path.slice('/wp-content/uploads/'.length));
    return send(
      res,
      file
        ? { status: 200, raw: { contentType: file.mime, data: file.data } }
        : { status: 404, raw: { contentType: 'text/plain', data: 'Not found' } },
      baseUrl,
    );
  }
  if (!path.startsWith('/wp-json'))
    return send(
      res,
      { status: 404, raw: { contentType: 'text/plain', data: 'Not found' } },
      baseUrl,
    );

  // The shop plugin's namespace (sandbox/woo/plugin.ts) is routed like /wc/v3.
  const router = path.startsWith(WC_PREFIX)
    ? deps.wc
    : path.startsWith(`${PLUGIN_PREFIX}/`)
      ? pluginRouterOf(deps.shop)
      : undefined;
  const match = router?.match(method, path);
  const endpoint = endpointKey(method, path, match);
  deps.counters.increment(endpoint);

  // ---- faults, before anything is applied ----
  const isWrite = method !== 'GET' && method !== 'HEAD';
  const latency = deps.faults.latencyMs(match?.spec?.batch ? safeBatchCount(rawBody) : 0);
  if (latency > 0) await sleep(latency);
  const fault = deps.faults.decide(isWrite);
  if (fault.kind !== 'none') deps.counters.increment(`fault:${fault.kind}`);
  if (fault.kind === 'timeout') {
    await sleep(fault.holdMs);
    res.destroy();
    return;
  }
  if (fault.kind === 'error5xx') {
    const body =
      fault.status === 500
        ? {
            status: 500,
            body: {
              code: 'internal_server_error',
              message: 'There has been a critical error on this website.',
              data: { status: 500 },
            },
          }
        : {
            status: fault.status,
            raw: {
              contentType: 'text/html',
              data: `<html><body><h1>${fault.status} ${fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`,
            },
          };
    return send(res, body, baseUrl);
  }
  if (fault.kind === 'rate-limited') {
    return send(
      res,
      {
        status: 429,
        raw: {
          contentType: 'text/html',
          data: '<html><body><h1>429 Too Many Requests</h1></body></html>',
        },
        headers: { 'Retry-After': String(fault.retryAfterSeconds) },
      },
      baseUrl,
    );
  }

  let result: HandlerResult;
  let allow: string | undefined;
  try {
    if (path.startsWith('/wp-json/wp/v2/media')) result = media(deps, ctx, method, path);
    else {
      if (!router) throw noRoute();
      ctx.principal = deps.auth.authenticate(ctx);
      if (!match || !match.spec) throw noRoute();
      allow = match.route.allow;
      ctx.params = match.params;
      ctx.body = parseJsonBody(rawBody, String(req.headers['content-type'] ?? ''));
      const spec = match.spec;
      if (ctx.principal.kind === 'anonymous' && spec.permission !== 'none') {
        const hiddenById = spec.exists && !spec.exists(ctx);
        if (!hiddenById) throw cannot(spec.permission);
      }
      result = spec.handle(ctx);
    }
  } catch (e) {
    result = errorResult(e);
  }
  if (result.status === 201 && match && router === deps.wc && !result.headers?.Location) {
    const id = (result.body as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number')
      result.headers = {
        ...result.headers,
        Location: `${baseUrl}${WC_PREFIX}${locationBase(match.route.template, match.params)}/${id}`,
      };
  }
  if (path.startsWith('/wp-json/wp/v2/media') && !allow) allow = mediaAllow(path, result);
  if (fault.kind === 'timeout-after-apply') {
    await sleep(fault.holdMs);
    res.destroy();
    return;
  }
  send(res, result, baseUrl, allow);
}

/**
 * The collection part of the Location header WooCommerce sends with a 201 (observed on the real
 * store): the route's own base, so a variation's is the route pattern itself
 * (`/products/(?P<product_id>[\\d]+)/variations/ID`) while an order note's has the order id.
 */
function locationBase(template: string, params: Record<string, string>): string {
  return template
    .replace('{product_id}', '(?P<product_id>[\\d]+)')
    .replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/**
 * WordPress' Allow header on the media collection (observed on the real store): the methods the
 * authenticated user may use, "GET, POST" for an administrator's upload and "GET" when the
 * permission check refused an anonymous one; none when authentication itself failed (bad
 * username or password: WordPress stops before routing).
 */
function mediaAllow(path: string, result: HandlerResult): string | undefined {
  if (!/^\/wp-json\/wp\/v2\/media\/?$/.test(path)) return undefined;
  if (result.status < 400) return 'GET, POST';
  const code = (result.body as { code?: unknown } | undefined)?.code;
  return code === 'rest_cannot_create' ? 'GET' : undefined;
}

function safeBatchCount(raw: Buffer): number {
  try {
    return batchItemCount(JSON.parse(raw.toString('utf8')));
  } catch {
    return 0;
  }
}

/** 'POST /products/batch', 'PUT /products/{id}', 'POST /wp/v2/media', or 'GET (unmatched)'. */
function endpointKey(method: string, path: string, match: RouteMatch | undefined): string {
  if (match) return `${method} ${match.route.template}`;
  if (path.startsWith('/wp-json/wp/v2/media'))
    return `${method} /wp/v2/media${/\/\d+$/.test(path) ? '/{id}' : ''}`;
  return `${method} (unmatched)`;
}

function media(
  deps: PipelineDeps,
  ctx: RequestContext,
  method: string,
  path: string,
): HandlerResult {
  const single = /^\/wp-json\/wp\/v2\/media\/(\d+)$/.exec(path);
  if (single && method === 'GET')
    return { status: 200, body: mediaJson(getMedia(deps.shop, Number(single[1])), ctx.baseUrl) };
  if (path.replace(/\/$/, '') !== '/wp-json/wp/v2/media' || method !== 'POST') throw noRoute();
  authenticateMediaUpload(ctx, deps.appPasswords);
  const doc = uploadMedia(deps.shop, ctx);
  return {
    status: 201,
    body: mediaJson(doc, ctx.baseUrl),
    headers: { Location: `${ctx.baseUrl}/wp-json/wp/v2/media/${doc.id}` },
  };
}

/** Unauthenticated admin endpoints (the server only listens on loopback). */
function admin(deps: PipelineDeps, ctx: RequestContext): HandlerResult {
  const route = `${ctx.method} ${ctx.path.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /__admin/counters':
      return { status: 200, body: deps.counters.snapshot() };
    case 'POST /__admin/reset-counters':
      deps.counters.reset();
      return { status: 200, body: { ok: true } };
    case 'GET /__admin/faults':
      return { status: 200, body: deps.faults.get() };
    case 'POST /__admin/faults':
    case 'PUT /__admin/faults': {
      let config: FaultConfig = {};
      try {
        config = ctx.rawBody.length
          ? (JSON.parse(ctx.rawBody.toString('utf8')) as FaultConfig)
          : {};
      } catch {
        return { status: 400, body: { error: 'invalid JSON' } };
      }
      deps.faults.set(config);
      return { status: 200, body: deps.faults.get() };
    }
    case 'GET /__admin/webhook-deliveries':
      return { status: 200, body: deps.webhooks.log };
    default:
      return { status: 404, body: { error: 'unknown admin endpoint' } };
  }
}
