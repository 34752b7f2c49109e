import { z } from 'zod';
import { duration, positiveInt } from './primitives';

/** A meta key the REST API can write: since WooCommerce 9.5.2 keys starting with `_` are hidden. */
const metaKey = z
  .string()
  .min(1)
  .refine((key) => !key.startsWith('_'), 'must not start with "_" (hidden from the REST API)');

/**
 * `prices` section: what the price sync writes into the shop (docs/data-contract.md) and how
 * much the parity check samples.
 */
export const pricesConfigSchema = z
  .object({
    meta: z
      .object({
        /** Product / variation: price category → price excl. tax. */
        productPrices: metaKey.default('sage_prices'),
        /**
         * Product / variation: price category → rule (gross price, the category's article and
         * family discounts, "hors remise" flag), where the engine can state one.
         */
        productRules: metaKey.default('sage_price_rules'),
        /**
         * Product / variation: price category → quantity tiers (`[{from, price?, rule?}]`), only
         * where a quantity grid moves the category's price; absent otherwise.
         */
        productTiers: metaKey.default('sage_price_tiers'),
        /**
         * Customer: the effective price category (the central's for a member). The price sync
         * owns every pricing key; the customers sync does not write this one.
         */
        priceCategory: metaKey.default('sage_price_category'),
        /** Customer: family code → discount rate (%), the central's for a member. */
        familyDiscounts: metaKey.default('sage_family_discounts'),
        /** Customer: global discount rate (%, Sage CT_Taux01), the central's for a member. */
        customerDiscount: metaKey.default('sage_customer_discount'),
        /**
         * Customer: SKU → net price excl. tax, the customer-specific prices: only where the
         * formula (README "Prices") misses the engine's price.
         */
        customerPrices: metaKey.default('sage_customer_prices'),
        /**
         * Customer: SKU → quantity tiers of its specific price (`[{from, price}]`), only where
         * the formula misses the engine at some quantity; absent otherwise.
         */
        customerTiers: metaKey.default('sage_customer_price_tiers'),
      })
      .prefault({}),
    /** Articles per product page (one products batch plus one batch per variable parent). */
    productPageSize: positiveInt.default(100),
    /** Customers per customer page (each one costs an evaluation of every article). */
    customerPageSize: positiveInt.default(50),
    /** Pages per workflow run before continue-as-new. */
    pagesPerRun: positiveInt.default(50),
    parity: z
      .object({
        /** Customers sampled (all of them when there are fewer). */
        customers: positiveInt.default(20),
        /** Articles sampled (all of them when there are fewer). */
        articles: positiveInt.default(50),
        /** Mismatches kept in the workflow result (the report holds them all). */
        maxListed: positiveInt.default(100),
      })
      .prefault({}),
    /**
     * Incremental runs read each price table from its watermark minus this window: SQL Server's
     * cbModification has a 1-minute resolution and long transactions commit late. Rows of the
     * window are read again (their entities projected again, written only when they changed).
     */
    changeOverlap: duration.default('2m'),
    /** How long a worker reuses the price data for order-line checks before reading Sage again. */
    indexMaxAgeMs: positiveInt.default(60_000),
    /**
     * The company's time zone: the price sync and the parity check price at today's date there,
     * so a scheduled Sage price reaches the shop at that zone's midnight (docs/price-rules.md).
     */
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris"')
      .default('Europe/Paris'),
    /**
     * Test clock: a fixed day ("YYYY-MM-DD") the price sync and the parity check price at
     * instead of today. Unset in production.
     */
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as "2026-12-01"')
      .optional(),
  })
  .prefault({});

export type PricesConfig = z.infer<typeof pricesConfigSchema>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
