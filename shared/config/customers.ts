import { z } from 'zod';
import { DEMO_DEPARTMENT_DEPOTS } from '../customers/home-depot-regions';
import { bool, duration } from './primitives';

/**
 * Section `customers`: how Sage accounts become shop customers and how the customers' edits come
 * back. Defaults follow docs/data-contract.md (meta keys with the `sage_` prefix).
 */

/** Customer meta keys never start with `_`: WooCommerce ≥ 9.5.2 hides and drops those. */
const metaKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^_\s][^\s]*$/, 'must not start with "_" (hidden by WooCommerce) nor contain spaces');

export const CUSTOMER_META_DEFAULTS = {
  account: 'sage_account',
  central: 'sage_central',
  homeDepot: 'sage_home_depot',
  vatNumber: 'sage_vat_number',
  siret: 'sage_siret',
  payer: 'sage_payer',
  /**
   * Read by the shop-side Groups bridge: the name of the group matching the account's own price
   * category. The pricing keys (`sage_price_category`, the central's for a member) belong to the
   * price sync (config `prices.meta`).
   */
  priceGroup: 'sage_price_group',
  /** "1" when the account is asleep in Sage (sleeping.mode "meta"). */
  sleeping: 'sage_sleeping',
  /**
   * SKU → the customer's own code for the article (F_ARTCLIENT.AC_RefClient; a member of a
   * central inherits the central's codes). Written only when the customer has codes.
   */
  customerCodes: 'sage_customer_codes',
} as const;

const metaKeysSchema = z
  .object(
    Object.fromEntries(
      Object.entries(CUSTOMER_META_DEFAULTS).map(([name, key]) => [name, metaKey.default(key)]),
    ) as { [K in keyof typeof CUSTOMER_META_DEFAULTS]: z.ZodDefault<typeof metaKey> },
  )
  .prefault({});

/**
 * Fields of a shop customer that the customer may edit; every other field is owned by Sage and
 * rewritten from it. Names are the shop's (`billing.city`).
 */
export const EDITABLE_FIELD_CHOICES = [
  'email',
  'first_name',
  'last_name',
  'billing.company',
  'billing.address_1',
  'billing.address_2',
  'billing.postcode',
  'billing.city',
  'billing.state',
  'billing.country',
  'billing.phone',
  'shipping.first_name',
  'shipping.last_name',
  'shipping.company',
  'shipping.address_1',
  'shipping.address_2',
  'shipping.postcode',
  'shipping.city',
  'shipping.state',
  'shipping.country',
  'shipping.phone',
] as const;
export type EditableField = (typeof EDITABLE_FIELD_CHOICES)[number];

/** Name, e-mail and addresses; the company name stays Sage's (it is the accounting name). */
export const DEFAULT_EDITABLE_FIELDS: EditableField[] = EDITABLE_FIELD_CHOICES.filter(
  (f) => f !== 'billing.company',
);

/** Sage stores the country as a name (CT_Pays); the shop wants ISO 3166 codes. */
export const DEFAULT_COUNTRIES: Record<string, string> = {
  France: 'FR',
  Monaco: 'MC',
  Belgique: 'BE',
  Luxembourg: 'LU',
  Suisse: 'CH',
  Allemagne: 'DE',
  Espagne: 'ES',
  Italie: 'IT',
  Andorre: 'AD',
  Guadeloupe: 'GP',
  Martinique: 'MQ',
  Guyane: 'GF',
  'La Réunion': 'RE',
  Réunion: 'RE',
  Mayotte: 'YT',
};

const depotNo = z.coerce.number().int().positive();

export const customersConfigSchema = z
  .object({
    meta: metaKeysSchema,
    /** Group (Groups plugin) per Sage price category index; unnamed categories get `Tarif <n>`. */
    priceGroups: z.record(z.string().regex(/^\d+$/), z.string().min(1)).default({}),
    sleeping: z
      .object({
        /**
         * `meta`: sleeping accounts get `meta.sleeping` = "1" (the shop's order guard reads it).
         * `role`: they get `role` (WooCommerce only honours it with a shop plugin that makes
         * the role writable over REST; without one the shop drops it silently).
         */
        mode: z.enum(['meta', 'role']).default('meta'),
        role: z.string().min(1).default('sage_sleeping'),
        activeRole: z.string().min(1).default('customer'),
        /** Sleeping accounts that are not in the shop yet are not created. */
        createSleeping: bool.default(false),
      })
      .prefault({}),
    homeDepot: z
      .object({
        /** Use the account's own default depot (F_COMPTET.DE_No) before the postal-code rule. */
        useSageDefault: bool.default(true),
        /** Account number → depot, wins over every rule. */
        byAccount: z.record(z.string().min(1), depotNo).default({}),
        /** Postal-code prefix → depot (longest prefix wins), before the depot postal-code rule. */
        byPostalCodePrefix: z.record(z.string().regex(/^\d+$/), depotNo).default({}),
        /**
         * Département → depot (number, or code as in F_DEPOT.DE_Code), for the accounts no rule
         * above placed: "69", "2A", "974". French addresses only (country blank, France or
         * overseas); an unknown depot matches nothing. The default places every French account
         * of the demo company (depot codes LYO, MRS, TLS, BOD, NTE, LIL: see
         * shared/customers/home-depot-regions.ts); give your own map, or {} to report them.
         */
        byDepartment: z
          .record(
            z
              .string()
              .regex(/^(\d{2,3}|2[AB])$/i, 'a département: 2 digits, 2A/2B or 3 digits (97x, 98x)')
              .transform((d) => d.toUpperCase()),
            z.union([depotNo, z.string().trim().min(1)]),
          )
          .default(() => ({ ...DEMO_DEPARTMENT_DEPOTS })),
        /** When nothing matches; unset = no home depot (reported). */
        fallback: depotNo.optional(),
      })
      .prefault({}),
    countries: z.record(z.string().min(1), z.string().length(2)).default(DEFAULT_COUNTRIES),
    editableFields: z.array(z.enum(EDITABLE_FIELD_CHOICES)).default(DEFAULT_EDITABLE_FIELDS),
    /** When Sage and the shop changed the same editable field since the last sync. */
    conflictPolicy: z.enum(['sage-wins', 'shop-wins']).default('sage-wins'),
    /**
     * WooCommerce sends its "new account" e-mail on every customer creation unless the shop
     * disabled it. `hold-creates`: check the shop setting first and create nobody while it is
     * on (reported); `disable-setting`: switch it off before creating; `allow`: create anyway.
     */
    newAccountEmail: z.enum(['hold-creates', 'disable-setting', 'allow']).default('hold-creates'),
    /** Rows read from Sage per activity (the shop gets them in batches of `woo.batchSize`). */
    pageSize: z.coerce.number().int().min(1).max(1000).default(100),
    /** Pages per workflow run before continue-as-new. */
    pagesPerRun: z.coerce.number().int().min(1).max(1000).default(50),
    /** Re-read window of incremental runs (cbModification is minute-precise on SQL Server). */
    changeOverlap: duration.default('2m'),
    /** How often the edits workflow polls the shop for modified customers (webhook fallback). */
    pollingInterval: duration.default('10m'),
    /**
     * Retries of the edits workflow's activities: a transient failure (shop or Sage down,
     * timeouts, 5xx, 429) is retried without end, waiting `initialInterval` doubling up to
     * `maximumInterval` between attempts; the same backoff paces new attempts while the shop
     * answers 401/403. Read when the workflow starts (it keeps them across continue-as-new).
     */
    editsRetry: z
      .object({
        initialInterval: duration.default('1s'),
        maximumInterval: duration.default('5m'),
      })
      .prefault({}),
  })
  .prefault({});

export type CustomersConfig = z.infer<typeof customersConfigSchema>;
export type CustomerMetaKeys = CustomersConfig['meta'];
