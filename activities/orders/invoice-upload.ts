import type { Config } from '../../shared/config';
import type { MetaDataWrite } from '../../shared/woo/common';
import { getMeta } from '../../shared/woo/meta';
import type { Order } from '../../shared/woo/order';
import {
  SHOP_PLUGIN_FEATURES,
  STORAGE_SHOP_PLUGIN,
  shopPluginInvoiceSchema,
  type ShopPluginInvoice,
  type ShopPluginStatus,
} from '../../shared/woo/plugin';
import { recordedPiecesOf } from '../../shared/orders/web-order';
import type { WooClient } from '../woo';
import { WooNotFoundError } from '../woo/errors';
import { forgetAllShopPlugins } from '../woo/plugin';

/**
 * Where the invoice PDF goes: the shop plugin's protected storage when the plugin answers
 * (its status lists the `invoices` feature), else the media library (`/wp/v2/media`, public URL,
 * application password `woo.media`) as before. `woo.plugin: "off"` always uses the media library.
 *
 * The plugin is known through the client's one detector (`woo.plugin`, activities/woo/plugin.ts,
 * shared with the bulk route), and its routes are reached under the client's plugin API base
 * (`/wp-json/wc-sage-woo-sync/v1`), with the client's authentication (WooCommerce keys work on
 * `wc-` namespaces), retries, concurrency limit and error types.
 */

/**
 * The plugin's status, or null when the shop has no (usable) plugin or `woo.plugin` is `off`.
 * Transient failures are thrown (the activity is retried). Cached per client (see
 * activities/woo/plugin.ts).
 */
export async function shopPluginStatus(
  woo: Pick<WooClient, 'plugin'>,
  _config?: Config,
): Promise<ShopPluginStatus | null> {
  return woo.plugin.status();
}

/** For tests: every client asks its shop's plugin status again. */
export function clearShopPluginCache(): void {
  forgetAllShopPlugins();
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
  woo: Pick<WooClient, 'plugin'>,
  orderId: number,
  invoice: string,
  filename: string,
  content: Buffer,
): Promise<ShopPluginInvoice> {
  const response = await woo.plugin.request({
    method: 'POST',
    path: `/orders/${orderId}/invoice`,
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

  if (await woo.plugin.has(SHOP_PLUGIN_FEATURES.invoices)) {
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
      // No route after all (plugin deactivated since; the detector asks again next time):
      // the media library, as without it.
      if (!(err instanceof WooNotFoundError && err.code === 'rest_no_route')) throw err;
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
