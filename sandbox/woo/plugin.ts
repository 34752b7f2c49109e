import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ok, type HandlerResult, type RequestContext } from './context';
import { missingParams, WooError } from './errors';
import { bulkRoutes, bulkStatus } from './plugin-bulk';
import { metaValue } from './meta';
import { updateOrder } from './orders';
import { Router, type RouteDef } from './router';
import type { Shop } from './shop';

/**
 * The project's shop plugin (shop-plugin/sage-woo-sync) as far as the connector talks to it:
 * `GET /wp-json/wc-sage-woo-sync/v1/status`, `POST|GET /wp-json/wc-sage-woo-sync/v1/orders/{id}/invoice`
 * (the PDF in the sandbox database, the record in the order meta `sage_invoice_pdf`),
 * `POST /wp-json/wc-sage-woo-sync/v1/products/bulk` (sandbox/woo/plugin-bulk.ts) and the
 * download `/?sws_invoice=<order id>`. Present unless the sandbox starts with
 * `shopPlugin: false` (then the routes answer 404 rest_no_route, as on a store without it).
 *
 * Differences from the plugin: the download is served to anyone (the sandbox has no customer
 * sessions; the real plugin answers 403 to anyone but the order's customer and shop managers),
 * and the file's place comes from the order id and the sandbox's key (the plugin draws a random
 * token).
 */

export const PLUGIN_PREFIX = '/wp-json/wc-sage-woo-sync/v1';
export const INVOICE_QUERY_VAR = 'sws_invoice';
/** sws_features() of includes/rest.php. */
export const PLUGIN_FEATURES = [
  'prices',
  'quantity-tiers',
  'depot-stock',
  'identity',
  'order-statuses',
  'on-account',
  'invoices',
  'bulk',
] as const;

const PLUGIN_FILE = resolve(__dirname, '../../shop-plugin/sage-woo-sync/sage-woo-sync.php');
const INVOICE_META = 'sage_invoice_pdf';
const INVOICE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_BYTES = 20 * 1024 * 1024;

/** SWS_PLUGIN_VERSION and SWS_CONTRACT_VERSION of the plugin in this tree. */
export function pluginVersions(): { plugin: string; contract: string } {
  let source = '';
  try {
    source = readFileSync(PLUGIN_FILE, 'utf8');
  } catch {
    // A sandbox copied without the plugin: the versions it was written for.
  }
  const constant = (name: string, fallback: string) =>
    new RegExp(`define\\(\\s*'${name}',\\s*'([^']+)'`).exec(source)?.[1] ?? fallback;
  return {
    plugin: constant('SWS_PLUGIN_VERSION', '0.1.0'),
    contract: constant('SWS_CONTRACT_VERSION', '1'),
  };
}

export function pluginEnabled(shop: Shop): boolean {
  return shop.options.shopPlugin !== false;
}

const routers = new WeakMap<Shop, Router>();

/** The plugin's REST routes, or undefined when the sandbox runs without the plugin. */
export function pluginRouterOf(shop: Shop): Router | undefined {
  if (!pluginEnabled(shop)) return undefined;
  let router = routers.get(shop);
  if (!router) {
    router = new Router(PLUGIN_PREFIX, pluginRoutes(shop));
    routers.set(shop, router);
  }
  return router;
}

/** The permission callback's answer: manage_woocommerce (a REST key here). */
function requireManager(ctx: RequestContext): void {
  if (ctx.principal.kind === 'anonymous')
    throw new WooError(401, 'sws_rest_forbidden', 'Sorry, you are not allowed to do that.');
}

function invoiceFilePath(shop: Shop, orderId: number): string {
  const secret = shop.options.consumerSecret ?? 'cs_sandbox';
  const token = createHash('sha256').update(`${secret}:${orderId}`).digest('hex').slice(0, 32);
  return `sws-invoices/${token}.pdf`;
}

function orderOf(shop: Shop, ctx: RequestContext) {
  const order = shop.store.get('order', Number(ctx.params.id));
  if (!order) throw new WooError(404, 'sws_invalid_order', 'Invalid order ID.');
  return order;
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function dispositionFilename(disposition: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return m ? decodeURIComponent(m[1].trim()) : '';
}

/** The `file` field of a multipart body. */
function multipartFile(body: Buffer, contentType: string): { name: string; data: Buffer } | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = headerEnd >= 0 ? part.subarray(0, headerEnd).toString('utf8') : '';
    if (/name="file"/i.test(headers))
      return { name: dispositionFilename(headers), data: part.subarray(headerEnd + 4) };
    start = next;
  }
  return null;
}

function uploadedPdf(ctx: RequestContext): { name: string; data: Buffer } {
  const contentType = String(ctx.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(contentType)) {
    const file = multipartFile(ctx.rawBody, contentType);
    if (!file)
      throw new WooError(400, 'sws_invoice_upload', 'The uploaded file could not be read.');
    return file;
  }
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/pdf')
    throw new WooError(
      415,
      'sws_invoice_content_type',
      'Send the PDF with Content-Type: application/pdf, or as multipart/form-data field "file".',
    );
  return {
    name: dispositionFilename(String(ctx.headers['content-disposition'] ?? '')),
    data: ctx.rawBody,
  };
}

/** sws_invoice_filename(): the given name if it is a .pdf, else facture-<invoice>.pdf. */
function customerFilename(name: string, invoice: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-');
  return /\.pdf$/i.test(safe) ? safe : `facture-${invoice}.pdf`;
}

function uploadInvoice(shop: Shop, ctx: RequestContext): HandlerResult {
  requireManager(ctx);
  const invoice = ctx.query.invoice;
  if (invoice === undefined) throw missingParams(['invoice']);
  if (!INVOICE_PATTERN.test(invoice))
    throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): invoice', {
      params: { invoice: `invoice does not match pattern ${INVOICE_PATTERN.source}.` },
      details: {
        invoice: {
          code: 'rest_invalid_pattern',
          message: `invoice does not match pattern ${INVOICE_PATTERN.source}.`,
          data: null,
        },
      },
    });
  const order = orderOf(shop, ctx);
  const file = uploadedPdf(ctx);
  if (file.data.length === 0) throw new WooError(400, 'sws_invoice_empty', 'No PDF supplied.');
  if (!file.data.subarray(0, 5).equals(Buffer.from('%PDF-')))
    throw new WooError(400, 'sws_invoice_not_pdf', 'The file is not a PDF.');
  if (file.data.length > MAX_BYTES)
    throw new WooError(413, 'sws_invoice_too_large', 'The PDF is too large.');
  const previous = recordOf(metaValue(order.meta_data, INVOICE_META));
  shop.store.putFile(invoiceFilePath(shop, order.id), 'application/pdf', file.data);
  const record = {
    mediaId: 0,
    url: `${ctx.baseUrl}/?${INVOICE_QUERY_VAR}=${order.id}`,
    invoice,
    storage: 'sws-plugin',
    filename: customerFilename(ctx.query.filename || file.name, invoice),
    size: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    uploaded: shop.now().slice(0, 19),
  };
  updateOrder(shop, order.id, { meta_data: [{ key: INVOICE_META, value: record }] }, false);
  return ok({ ...record, replaced: previous?.storage === 'sws-plugin' });
}

function getInvoice(shop: Shop, ctx: RequestContext): HandlerResult {
  requireManager(ctx);
  const order = orderOf(shop, ctx);
  const record = recordOf(metaValue(order.meta_data, INVOICE_META));
  if (record?.storage !== 'sws-plugin')
    throw new WooError(404, 'sws_no_invoice', 'This order has no invoice yet.');
  return ok({
    ...record,
    exists: shop.store.getFile(invoiceFilePath(shop, order.id)) !== undefined,
  });
}

export function pluginRoutes(shop: Shop): RouteDef[] {
  return [
    {
      template: '/status',
      methods: {
        GET: {
          // The plugin's own permission callback answers (sws_rest_forbidden).
          permission: 'none',
          handle: (ctx) => {
            requireManager(ctx);
            return ok({
              ...pluginVersions(),
              features: [...PLUGIN_FEATURES],
              woocommerce: '10.0.2',
              ...bulkStatus(shop),
            });
          },
        },
      },
    },
    {
      template: '/orders/{id}/invoice',
      methods: {
        GET: { permission: 'none', handle: (ctx) => getInvoice(shop, ctx) },
        POST: { permission: 'none', handle: (ctx) => uploadInvoice(shop, ctx) },
      },
    },
    // POST /products/bulk (sandbox/woo/plugin-bulk.ts).
    ...bulkRoutes(shop, requireManager),
  ];
}

/**
 * `GET /?sws_invoice=<order id>`: the order's invoice PDF, or undefined when the request is not
 * a download (or the sandbox runs without the plugin).
 */
export function pluginDownload(
  shop: Shop,
  method: string,
  path: string,
  query: Record<string, string>,
): HandlerResult | undefined {
  if (method !== 'GET' || path !== '/' || query[INVOICE_QUERY_VAR] === undefined) return undefined;
  if (!pluginEnabled(shop)) return undefined;
  const order = shop.store.get('order', parseInt(query[INVOICE_QUERY_VAR], 10));
  const record = order && recordOf(metaValue(order.meta_data, INVOICE_META));
  const file =
    order && record?.storage === 'sws-plugin'
      ? shop.store.getFile(invoiceFilePath(shop, order.id))
      : undefined;
  if (!file)
    return {
      status: 404,
      raw: { contentType: 'text/plain; charset=UTF-8', data: 'This order has no invoice yet.' },
    };
  const filename = String(record?.filename ?? 'facture.pdf').replace(/["\r\n]/g, '');
  return {
    status: 200,
    raw: { contentType: 'application/pdf', data: file.data },
    headers: {
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-cache, must-revalidate, max-age=0, no-store, private',
      'X-Content-Type-Options': 'nosniff',
    },
  };
}
