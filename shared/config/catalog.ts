import { z } from 'zod';
import { bool, duration, positiveInt } from './primitives';

/**
 * Catalog (articles → products/variations) and stock (per-depot quantities) sync settings.
 * Defaults are the first customer's business rules (docs/data-contract.md for the meta keys).
 */

/** Meta keys never start with `_` (hidden from the REST API since WooCommerce 9.5.2). */
const metaKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must not start with "_" and use letters, digits, _ or -');

const pagingFields = {
  /** Sage rows read (and projected, diffed, written) by one activity. */
  pageSize: positiveInt.max(5000).default(500),
  /** Pages one workflow run handles before continue-as-new (keeps history small). */
  pagesPerRun: positiveInt.max(1000).default(40),
  /** Bounded lists (issues, missing SKUs, dry-run diff sample) kept per run. */
  sampleSize: positiveInt.max(1000).default(50),
  /**
   * Incremental runs re-read rows modified this long before the last run's cursor: SQL Server
   * companies store cbModification with a one-minute resolution (and long transactions commit
   * late), so a row can land behind the cursor. Re-read rows cost nothing (content hashes).
   * Default: 2 minutes on SQL Server, none on the embedded engine (millisecond timestamps).
   */
  incrementalOverlap: duration.optional(),
};

export const catalogConfigSchema = z
  .object({
    /**
     * `update` (default): only products whose SKU exists in the shop are written, name and
     * description never; SKUs missing in the shop are reported. `create`: first loads and demos.
     */
    mode: z.enum(['update', 'create']).default('update'),
    /** How a sleeping article leaves the shop: a draft, or published but hidden from the catalog. */
    sleepingAction: z.enum(['draft', 'hidden']).default('draft'),
    /** Use AR_Publie ("published on web"): unpublished articles then leave the shop like sleeping ones. */
    usePublishedFlag: bool.default(false),
    /** WooCommerce manages stock quantities (the stock sync sends them). */
    manageStock: bool.default(true),
    /**
     * Out-of-stock products stay visible: `notify` = backorders allowed and shown as "available
     * on request" (stock status becomes onbackorder at zero).
     */
    backorders: z.enum(['no', 'notify', 'yes']).default('notify'),
    /** Send the Sage base sale price (AR_PrixVen, excl. tax) as the regular price. */
    sendRegularPrice: bool.default(true),
    /** Decimals of prices computed for packaging variations (base price × quantity). */
    priceDecimals: z.number().int().min(0).max(6).default(2),
    /** Name of the variation attribute of packaging variations. */
    packagingAttribute: z.string().min(1).max(64).default('Conditionnement'),
    /**
     * An SKU the shop did not have is not looked up again for this long (update mode writes it
     * never, so it would be looked up on every run); forced runs look it up again.
     */
    missingSkuRecheck: duration.default('1d'),
    meta: z
      .object({
        reference: metaKey.default('sage_ref'),
        family: metaKey.default('sage_family'),
        sleeping: metaKey.default('sage_sleeping'),
      })
      .prefault({}),
    ...pagingFields,
  })
  .prefault({});

/** A depot group: the stock of every member depot is summed under `code`. */
const depotGroupSchema = z.object({
  code: z.string().min(1).max(32),
  members: z.array(z.number().int().positive()).min(1),
});

export const stockConfigSchema = z
  .object({
    /**
     * Which Sage quantity is available: on hand (AS_QteSto) minus the listed deductions.
     * Default: on hand − reserved by customer orders − web orders Sage has not reserved yet.
     */
    available: z
      .object({
        minusReserved: bool.default(true),
        minusInPreparation: bool.default(false),
        plusOnOrder: bool.default(false),
        /**
         * Also take off web orders Sage has not reserved yet (shared/stock/web-orders.ts): the
         * lines of web-order quotes (DO_NoWeb set) not yet turned into an order, per depot,
         * and, in the shop's stock quantity only, what the shop itself took off for orders
         * not imported yet. `false` sends Sage's own figure (on hand − reserved).
         */
        minusWebOrders: bool.default(true),
      })
      .prefault({}),
    /** Negative availability (real companies have it) is sent as zero. */
    clampNegative: bool.default(true),
    /**
     * Depot code sent in the meta: the Sage DE_Code (default) or the depot number.
     * `codes` overrides it per depot number (`{"1": "LYON"}`).
     */
    depotKey: z.enum(['code', 'number']).default('code'),
    codes: z.record(z.string().regex(/^\d+$/), z.string().min(1).max(32)).default({}),
    /** Demo company: depot 7 (Lyon reserve) counts under Lyon; depot 8 (workshop) is never sent. */
    groups: z.array(depotGroupSchema).default([{ code: 'LYO', members: [1, 7] }]),
    excluded: z.array(z.number().int().positive()).default([8]),
    meta: z
      .object({
        byDepot: metaKey.default('sage_stock_by_depot'),
      })
      .prefault({}),
    ...pagingFields,
    /** Stock rows per page: eight rows per article at the first customer. */
    pageSize: positiveInt.max(10_000).default(2000),
  })
  .prefault({});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export type StockConfig = z.infer<typeof stockConfigSchema>;
