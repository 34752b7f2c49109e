import { z } from 'zod';

/**
 * The shop plugin's REST routes (shop-plugin/sage-woo-sync/includes/rest.php), namespace
 * `wc-sage-woo-sync/v1`: the `wc-` prefix makes WooCommerce authenticate them with the store's
 * REST keys, like `/wc/v3`. Every route needs a key whose user has manage_woocommerce.
 */

export const SHOP_PLUGIN_NAMESPACE = 'wc-sage-woo-sync/v1';

/** Features a plugin version announces in its status (`features`). */
export const SHOP_PLUGIN_FEATURES = {
  prices: 'prices',
  depotStock: 'depot-stock',
  identity: 'identity',
  orderStatuses: 'order-statuses',
  onAccount: 'on-account',
  /** `POST /orders/{id}/invoice`: protected invoice storage and download. */
  invoices: 'invoices',
  /** `POST /products/bulk`: updates of products and variations of any parents in one request. */
  bulk: 'bulk',
} as const;

/** `GET /wc-sage-woo-sync/v1/status`. */
export const shopPluginStatusSchema = z.looseObject({
  /** Plugin version (`0.1.0`). */
  plugin: z.string(),
  /** Version of the data contract (meta keys and formats) it reads (`SWS_CONTRACT_VERSION`). */
  contract: z.string(),
  features: z.array(z.string()),
  woocommerce: z.string().optional(),
  /** With the `bulk` feature: items accepted per bulk request (option `sws_bulk_limit`). */
  bulk: z.looseObject({ limit: z.number().int().positive() }).optional().catch(undefined),
});
export type ShopPluginStatus = z.infer<typeof shopPluginStatusSchema>;

/**
 * `POST|GET /wc-sage-woo-sync/v1/orders/{id}/invoice`: the record the plugin also writes in the
 * order meta `sage_invoice_pdf` (`url` is the protected download, `mediaId` 0: no media library
 * item).
 */
export const shopPluginInvoiceSchema = z.looseObject({
  mediaId: z.number().int().nonnegative(),
  url: z.string().min(1),
  invoice: z.string(),
  storage: z.literal('sws-plugin'),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  uploaded: z.string(),
  /** POST: whether a previous file of the order was replaced. */
  replaced: z.boolean().optional(),
  /** GET: whether the file is still on disk. */
  exists: z.boolean().optional(),
});
export type ShopPluginInvoice = z.infer<typeof shopPluginInvoiceSchema>;

/** Where a shop plugin invoice record is recognised in the order meta `sage_invoice_pdf`. */
export const STORAGE_SHOP_PLUGIN = 'sws-plugin';
