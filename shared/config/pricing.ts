import { z } from 'zod';
import { combinationStrategies } from '../price-engine/types';
import { roundingModes } from '../price-engine/rounding';

/**
 * `pricing` section: how the pricing engine (shared/price-engine) combines Sage's conditions.
 * The rules and which points are the connector's own choices: docs/price-rules.md. The settings
 * exist because Sage companies differ and these points are unsettled (calibrate them against
 * real quotes of the company).
 */
export const pricingConfigSchema = z
  .object({
    /**
     * How several applicable discounts combine: 'highest' (only the one giving the lowest
     * price — the customer's rule), 'priority' (the first of article-customer ›
     * article-category › family-customer › family-category › customer), 'cumulative' (rates
     * added) or 'cascade' (applied one after another).
     */
    strategy: z.enum(combinationStrategies).default('highest'),
    /** Decimals of unit prices, as set in the Sage company (prices are rounded to them). */
    unitPriceDecimals: z.number().int().min(0).max(6).default(2),
    /** Rounding of unit prices: Sage's commercial rounding is half away from zero ('half-up'). */
    rounding: z.enum(roundingModes).default('half-up'),
    /**
     * Members of a central: 'central-only' prices them on the central's conditions alone (Sage's
     * behaviour, docs/price-rules.md, "1. Effective customer"); 'member-first' lets a member's
     * own exception prices win over the central's (unverified in Sage).
     */
    memberExceptionPrices: z.enum(['central-only', 'member-first']).default('central-only'),
    /** VAT rate (%) used to bring tax-inclusive Sage prices back to excl. tax. */
    defaultVatRate: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a decimal percentage such as "20"')
      .default('20'),
  })
  .prefault({});

export type PricingConfig = z.infer<typeof pricingConfigSchema>;
