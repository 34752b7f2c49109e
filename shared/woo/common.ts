import { z } from 'zod';

/**
 * Building blocks shared by the WooCommerce resource schemas.
 * Shapes follow the bodies recorded from a real WooCommerce 10 store
 * (`shared/fixtures/woocommerce/`). Fields the connector relies on are required;
 * fields that vary between WooCommerce versions or plugins are optional.
 */

/** WooCommerce dates: ISO 8601 without a timezone suffix (`2026-11-28T03:14:50`); `_gmt` twins are UTC. */
export const wooDateSchema = z.string();
export const wooNullableDateSchema = z.string().nullable();

/** Integer ids (`0` means "none", e.g. `parent_id` of a product). */
export const wooIdSchema = z.number().int().nonnegative();

/** Money is always a string in WooCommerce output (`"12.50"`, or `""` when unset). */
export const wooMoneySchema = z.string();

export const metaDataEntrySchema = z.object({
  id: z.number().int(),
  key: z.string(),
  /** Any JSON value: WooCommerce keeps objects as objects, booleans come back as `"1"`. */
  value: z.unknown(),
});
export type MetaDataEntry = z.infer<typeof metaDataEntrySchema>;

export const metaDataSchema = z.array(metaDataEntrySchema);

export const termRefSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
});
export type TermRef = z.infer<typeof termRefSchema>;

export const imageSchema = z.looseObject({
  id: z.union([z.number().int(), z.string()]),
  src: z.string(),
  name: z.string().optional(),
  alt: z.string().optional(),
});

export const dimensionsSchema = z.object({
  length: z.string(),
  width: z.string(),
  height: z.string(),
});

export const billingAddressSchema = z.object({
  first_name: z.string(),
  last_name: z.string(),
  company: z.string(),
  address_1: z.string(),
  address_2: z.string(),
  city: z.string(),
  state: z.string(),
  postcode: z.string(),
  country: z.string(),
  email: z.string(),
  phone: z.string(),
});
export type BillingAddress = z.infer<typeof billingAddressSchema>;

/** Shipping addresses have no `email`; `phone` appeared in WooCommerce 5.6. */
export const shippingAddressSchema = billingAddressSchema
  .omit({ email: true, phone: true })
  .extend({
    phone: z.string().optional(),
  });
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

/** What the client sends for meta: `id` targets one row, `value: null` deletes the key. */
export interface MetaDataWrite {
  id?: number;
  key: string;
  value: unknown;
}
