import type { Config } from '../../shared/config';
import type { MetaDataWrite } from '../../shared/woo/common';
import { getMeta } from '../../shared/woo/meta';
import type { Order } from '../../shared/woo/order';
import {
  SHOP_PLUGIN_FEATURES,
  SHOP_PLUGIN_NAMESPACE,
  STORAGE_SHOP_PLUGIN,
  shopPluginInvoiceSchema,
  shopPluginStatusSchema,
  type ShopPluginInvoice,
  type ShopPluginStatus,
} from '../../shared/woo/plugin';
import { recordedPiecesOf } from '../../shared/orders/web-order';
import type { WooClient } from '../woo';
import { WooAuthError, WooNotFoundError, WooValidationError } from '../woo/errors';

/**
 * Where the invoice PDF goes: the shop plugin's protected storage when the plugin answers
 * (`GET /wp-json/wc-sage-woo-sync/v1/status` lists the `invoices` feature), else the media
 * library (`/wp/v2/media`, public URL, application password `woo.media`) as before.
 *
 * The plugin's routes are reached through the client's transport with a path that climbs out of
 * `/wp-json/wc/v3` (`/../../wc-sage-woo-sync/v1/…`; the URL is normalised before it is sent),
 * so they share its authentication (WooCommerce keys work on `wc-` namespaces), its retries,
 * its concurrency limit and its error types.
 */

const PLUGIN_BASE = `/../../${SHOP_PLUGIN_NAMESPACE}`;
/** A shop found without the plugin is asked again after this long (the plugin may be installed). */
const ABSENT_RECHECK_MS = 5 * 60_000;

interface CachedStatus {
  status: ShopPluginStatus | null;
  at: number;
}
/** Per process and shop URL. */
const statusCache = new Map<string, CachedStatus>();

function shopKey(config: Config): string {
  return config.woo.url ?? '';
}

/**
 * The plugin's status, or null when the shop has no (usable) plugin: no route (404), or the key's
 * user may not use it (401/403), or an answer that is not the plugin's. Transient failures are
 * thrown (the activity is retried). Cached per process: a found plugin for the process's life, a
 * missing one for 5 minutes.
 */
export async function shopPluginStatus(
  woo: WooClient,
  config: Config,
  now: () => number = Date.now,
): Promise<ShopPluginStatus | null> {
  const key = shopKey(config);
  const cached = statusCache.get(key);
  if (cached && (cached.status !== null || now() - cached.at < ABSENT_RECHECK_MS)) {
    return cached.status;
  }
  let status: ShopPluginStatus | null;
  try {
    const response = await woo.http.request({
      method: 'GET',
      path: `${PLUGIN_BASE}/status`,
      schema: shopPluginStatusSchema,
      idempotent: true,
    });
    status = response.data;
  } catch (err) {
    if (
      err instanceof WooNotFoundError ||
      err instanceof WooAuthError ||
      err instanceof WooValidationError
    ) {
      status = null;
    } else throw err;
  }
  statusCache.set(key, { status, at: now() });
  return status;
}

/** Forgets what is known of a shop's plugin (it answered 404 after all: deactivated). */
export function forgetShopPlugin(config: Config): void {
  statusCache.delete(shopKey(config));
}

/** For tests: forgets every shop. */
export function clearShopPluginCache(): void {
  statusCache.clear();
}

/** A Content-Disposition header that survives odd file names. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\\r\n]/g, '_');
  const encoded = encodeURIComponent(filename);
  return `attachment; filename="${ascii}"${ascii === filename ? '' : `; filename*=UTF-8''${encoded}`}`;
}

/**
 * Stores (or replaces) the invoice PDF of an order through the plugin; the plugin records it in
 * the order meta `sage_invoice_pdf`. Idempotent: the same invoice sent again leaves one file.
 */
export async function uploadInvoiceToShopPlugin(
  woo: WooClient,
  orderId: number,
  invoice: string,
  filename: string,
  content: Buffer,
): Promise<ShopPluginInvoice> {
  const response = await woo.http.request({
    method: 'POST',
    path: `${PLUGIN_BASE}/orders/${orderId}/invoice`,
    query: { invoice },
    body: content,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': contentDisposition(filename),
    },
    schema: shopPluginInvoiceSchema,
    // The route replaces the order's invoice: sending it again has the same outcome.
    idempotent: true,
  });
  return response.data;
}

export interface InvoicePdf {
  /** File name for the media library (random part: media URLs are public). */
  filename: string;
  render: () => Promise<Buffer>;
}

export interface PlacedInvoice {
  /** Media library id; 0 when the plugin keeps the file. */
  mediaId: number;
  /** What the customer opens: the plugin's protected download or the media file. */
  url: string;
  uploaded: boolean;
  storage: 'plugin' | 'media';
}

/**
 * Puts the invoice PDF on the shop once and records it on the order (`sage_invoice`,
 * `sage_invoice_pdf`): an invoice already recorded (plugin or media) is not uploaded again.
 *
 * With the plugin, a worker dying between the upload and the meta write uploads again on retry,
 * which replaces the file (no orphan). With the media library it leaves one orphan copy (the
 * media API has no idempotency key).
 */
export async function placeInvoiceOnShop(
  woo: WooClient,
  config: Config,
  order: Pick<Order, 'id' | 'meta_data'>,
  invoice: string,
  pdf: InvoicePdf,
): Promise<PlacedInvoice> {
  const { meta } = config.orders;
  const recorded = recordedPiecesOf(order.meta_data, meta);
  const link = getMeta(order.meta_data, meta.invoicePdf);
  const linked =
    typeof link === 'object' && link !== null ? (link as Record<string, unknown>) : undefined;
  if (
    recorded.invoice === invoice &&
    linked?.storage === STORAGE_SHOP_PLUGIN &&
    linked.invoice === invoice &&
    typeof linked.url === 'string' &&
    linked.url !== ''
  ) {
    return { mediaId: 0, url: linked.url, uploaded: false, storage: 'plugin' };
  }
  if (recorded.invoicePdfMediaId !== undefined && recorded.invoice === invoice) {
    const media = await woo.media.get(recorded.invoicePdfMediaId);
    return { mediaId: media.id, url: media.source_url, uploaded: false, storage: 'media' };
  }

  const plugin = await shopPluginStatus(woo, config);
  if (plugin?.features.includes(SHOP_PLUGIN_FEATURES.invoices)) {
    try {
      const stored = await uploadInvoiceToShopPlugin(
        woo,
        order.id,
        invoice,
        `facture-${invoice}.pdf`,
        await pdf.render(),
      );
      const { replaced: _replaced, exists: _exists, ...record } = stored;
      await woo.orders.update(order.id, {
        meta_data: [
          { key: meta.invoice, value: invoice },
          { key: meta.invoicePdf, value: record },
        ] satisfies MetaDataWrite[],
      });
      return { mediaId: stored.mediaId, url: stored.url, uploaded: true, storage: 'plugin' };
    } catch (err) {
      // No route after all (plugin deactivated since): the media library, as without it.
      if (!(err instanceof WooNotFoundError && err.code === 'rest_no_route')) throw err;
      forgetShopPlugin(config);
    }
  }

  const media = await woo.media.uploadPdf(pdf.filename, await pdf.render(), {
    title: `Facture ${invoice}`,
  });
  // Recorded before anything else, so that a retry from here on does not upload again.
  await woo.orders.update(order.id, {
    meta_data: [
      { key: meta.invoice, value: invoice },
      { key: meta.invoicePdf, value: { mediaId: media.id, url: media.source_url, invoice } },
    ],
  });
  return { mediaId: media.id, url: media.source_url, uploaded: true, storage: 'media' };
}
