import { z } from 'zod';
import { bool, duration } from './primitives';
import { sellerIdentitySchema } from './invoice-seller';

/**
 * Section `orders`: how web orders become Sage quotes and how the shop order follows the Sage
 * document chain. Shop statuses are slugs as the REST API shows them (no `wc-` prefix); the
 * custom ones are registered by a shop plugin and checked at start-up (docs/data-contract.md,
 * Orders).
 */

const statusSlug = z
  .string()
  .min(1)
  .max(20, 'WooCommerce status slugs are at most 20 characters (with "wc-")')
  .regex(/^(?!wc-)[a-z0-9-]+$/, 'a status slug without the "wc-" prefix (lower case, digits, -)');

/** Shop meta keys of an order (docs/data-contract.md, Orders); never starting with `_`. */
const metaKey = z
  .string()
  .min(1)
  .regex(/^[^_\s][^\s]*$/, 'must not start with "_" nor contain spaces');

export const ORDER_META_DEFAULTS = {
  quote: 'sage_quote',
  order: 'sage_order',
  deliveryNote: 'sage_delivery_note',
  invoice: 'sage_invoice',
  invoicePdf: 'sage_invoice_pdf',
} as const;

/** Labels the sandbox (or a shop plugin) registers for the default custom statuses. */
export const DEFAULT_STATUS_LABELS: Record<string, string> = {
  'awaiting-valid': 'Awaiting validation',
  validated: 'Validated',
  preparing: 'In preparation',
  shipping: 'Being delivered',
};

/** Statuses of an order the customer has not placed (unpaid, failed, draft checkout). */
export const NOT_PLACED_STATUSES: readonly string[] = ['pending', 'failed', 'checkout-draft'];

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal number such as "100000"');

/** Column name of a Sage free field, or '' for none. */
const freeFieldName = z
  .string()
  .regex(/^([A-Za-z_][A-Za-z0-9_]{0,29})?$/, 'a column name (letters, digits, "_"), or ""');

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const ordersConfigSchema = z
  .object({
    /**
     * Short stable id of the shop in workflow ids (`order-<shop>-<wooOrderId>`); default: the
     * shop's host name (and port), see shopIdOf.
     */
    shopId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,60}$/, 'letters, digits, ".", "_" and "-" only')
      .optional(),
    /**
     * Shop statuses of a placed web order that start its import (the awaiting-validation status
     * of an order placed on account starts it too, see intakeDecision). Never `pending` (a card
     * payment not made yet), `failed` or `checkout-draft`: such an order is not placed; it is
     * imported once the shop moves it to `processing` or `on-hold`.
     */
    importStatuses: z
      .array(statusSlug)
      .min(1)
      .default(['processing', 'on-hold'])
      .refine((statuses) => !statuses.some((s) => NOT_PLACED_STATUSES.includes(s)), {
        message: `an unplaced order (${NOT_PLACED_STATUSES.join(', ')}) is never imported`,
      }),
    /**
     * How a shop order number becomes the Sage reference (DO_Ref and DO_NoWeb, 17 characters):
     * `strip` (a regular expression, first match removed, e.g. "^WEB-0*"), then `prefix` in
     * front (e.g. "B2-" for a second shop). A number that does not fit is a business problem
     * (WebOrderNumberTooLong), never cut.
     */
    sageReference: z
      .object({
        prefix: z
          .string()
          .max(16)
          .regex(/^[A-Za-z0-9._/#-]*$/, 'letters, digits, ".", "_", "/", "#" and "-" only')
          .default(''),
        strip: z
          .string()
          .default('')
          .refine(isRegExp, { message: 'a regular expression such as "^WEB-0*"' }),
      })
      .prefault({}),
    /** Accepted quantity of a web order line: min < quantity ≤ max (decimal strings). */
    lineQuantity: z
      .object({
        min: decimalString.default('0'),
        max: decimalString.default('100000'),
      })
      .prefault({})
      .refine((q) => Number(q.min) < Number(q.max), { message: 'min must be below max' }),
    /**
     * Sage document header free fields (informations libres, created in Sage under these names;
     * '' = not written). `shop`: the shop id (orders.shopId) of the web order, part of its
     * identity with the order number and the customer. `priceFlag`: the web/Sage price
     * differences of the quote, for the sales rep — internal, never printed on the customer's
     * documents unless a layout adds it.
     */
    sageFields: z
      .object({
        shop: freeFieldName.default('WEB_BOUTIQUE'),
        priceFlag: freeFieldName.default('WEB_ECART_PRIX'),
      })
      .prefault({}),
    /** Shop statuses meaning the customer or the shop cancelled the order. */
    cancelledStatuses: z.array(statusSlug).min(1).default(['cancelled']),
    /** Shop status per stage of the Sage chain. */
    statuses: z
      .object({
        awaitingValidation: statusSlug.default('awaiting-valid'),
        validated: statusSlug.default('validated'),
        inPreparation: statusSlug.default('preparing'),
        beingDelivered: statusSlug.default('shipping'),
        completed: statusSlug.default('completed'),
        cancelled: statusSlug.default('cancelled'),
      })
      .prefault({}),
    /** Labels of custom statuses (for the sandbox and the start-up report). */
    statusLabels: z.record(statusSlug, z.string().min(1)).default(DEFAULT_STATUS_LABELS),
    meta: z
      .object({
        quote: metaKey.default(ORDER_META_DEFAULTS.quote),
        order: metaKey.default(ORDER_META_DEFAULTS.order),
        deliveryNote: metaKey.default(ORDER_META_DEFAULTS.deliveryNote),
        invoice: metaKey.default(ORDER_META_DEFAULTS.invoice),
        invoicePdf: metaKey.default(ORDER_META_DEFAULTS.invoicePdf),
      })
      .prefault({}),
    /** A shop cancellation before the sales rep validated: mark the quote lost, or delete it. */
    cancelBeforeValidation: z.enum(['mark', 'delete']).default('mark'),
    priceCheck: z
      .object({
        enabled: bool.default(true),
        /** A difference blocks the import (operator decides) instead of only being flagged. */
        blocking: bool.default(false),
        /** Largest accepted difference per unit, excl. tax. */
        tolerance: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'a decimal amount such as "0.01"')
          .default('0.01'),
        /** How long a worker keeps its price index before reading Sage's prices again. */
        indexMaxAge: duration.default('10m'),
      })
      .prefault({}),
    /** How the workflow watches the Sage chain: durable timers growing by `factor` to `max`. */
    chainPolling: z
      .object({
        initial: duration.default('5m'),
        max: duration.default('6h'),
        factor: z.coerce.number().min(1).max(10).default(2),
      })
      .prefault({}),
    /**
     * One Sage change feed for every order (workflow `sageChangeFeed`): every `every` it reads
     * the document headers and lines changed since its watermark (minus `overlap`: Sage's
     * minute-resolution timestamps and late commits) and tells the orders concerned to look at
     * their chain at once. While it is on, an order started then looks on its own only every
     * `safetyPoll`; off, orders poll with `chainPolling`.
     */
    changeFeed: z
      .object({
        enabled: bool.default(true),
        every: duration.default('30s'),
        overlap: duration.default('2m'),
        safetyPoll: duration.default('6h'),
      })
      .prefault({}),
    /**
     * Longest run of one order activity. A worker that dies mid-activity is noticed only when
     * this expires (no heartbeats for these short activities), then the activity runs again.
     */
    activityTimeout: duration.default('2m'),
    /** Polling fallback for lost webhooks: a real shop never delivers a failed webhook again. */
    intake: z
      .object({
        every: duration.default('5m'),
        /** Re-read window before the watermark (shop clocks, late commits). */
        overlap: duration.default('2m'),
        /** How far back the first poll looks. */
        firstLookBack: duration.default('1d'),
      })
      .prefault({}),
    invoicePdf: z
      .object({
        /** `generate`: built from the Sage invoice; `folder`: the PDF Sage exported. */
        source: z.enum(['generate', 'folder']).default('generate'),
        /** Folder of exported PDFs, named `<invoice number>.pdf` (source `folder`). */
        folder: z.string().min(1).optional(),
        /** The seller printed on generated invoices (shared/config/invoice-seller.ts). */
        company: sellerIdentitySchema,
      })
      .prefault({})
      .refine((v) => v.source !== 'folder' || v.folder !== undefined, {
        message: 'orders.invoicePdf.folder is required when source is "folder"',
        path: ['folder'],
      }),
  })
  .prefault({});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
export type OrderStatusMap = OrdersConfig['statuses'];
export type OrderMetaKeys = OrdersConfig['meta'];

/** WooCommerce core statuses: they exist in every shop, no plugin registers them. */
export const CORE_ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
] as const;

/** The mapped statuses a shop plugin must register (those that are not core statuses). */
export function customStatusesOf(config: OrdersConfig): { slug: string; label: string }[] {
  const core = new Set<string>(CORE_ORDER_STATUSES);
  const slugs = [...new Set(Object.values(config.statuses))].filter((s) => !core.has(s));
  return slugs.map((slug) => ({ slug, label: config.statusLabels[slug] ?? slug }));
}

/** `orders.shopId`, else the shop URL's host (and port): `shop.example.com`, `127.0.0.1-8234`. */
export function shopIdOf(orders: OrdersConfig, shopUrl: string | undefined): string {
  if (orders.shopId) return orders.shopId;
  if (!shopUrl) return 'shop';
  const url = new URL(shopUrl);
  return url.port ? `${url.hostname}-${url.port}` : url.hostname;
}
