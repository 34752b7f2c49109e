import { z } from 'zod';
import {
  billingAddressSchema,
  metaDataSchema,
  shippingAddressSchema,
  wooDateSchema,
  wooIdSchema,
  wooMoneySchema,
  wooNullableDateSchema,
  type MetaDataWrite,
} from './common';

/** Order statuses of WooCommerce core; shops register more (custom statuses), so any string is accepted. */
export type CoreOrderStatus =
  | 'pending'
  | 'processing'
  | 'on-hold'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'failed'
  | 'checkout-draft';

export const lineItemMetaSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  value: z.unknown(),
  display_key: z.string().optional(),
  display_value: z.unknown().optional(),
});

export const lineItemSchema = z.object({
  id: wooIdSchema,
  name: z.string(),
  product_id: wooIdSchema,
  variation_id: wooIdSchema,
  quantity: z.number(),
  tax_class: z.string(),
  subtotal: wooMoneySchema,
  subtotal_tax: wooMoneySchema,
  total: wooMoneySchema,
  total_tax: wooMoneySchema,
  taxes: z.array(z.unknown()),
  meta_data: z.array(lineItemMetaSchema),
  /** `null` when the product has no SKU or no longer exists. */
  sku: z.string().nullable(),
  /** The unit price is a number here, unlike every other amount. */
  price: z.number(),
  parent_name: z.string().nullable().optional(),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const shippingLineSchema = z.object({
  id: wooIdSchema,
  method_title: z.string(),
  method_id: z.string(),
  total: wooMoneySchema,
  total_tax: wooMoneySchema,
  meta_data: z.array(lineItemMetaSchema),
});

export const orderSchema = z.object({
  id: wooIdSchema,
  parent_id: wooIdSchema,
  number: z.string(),
  order_key: z.string(),
  created_via: z.string(),
  version: z.string(),
  status: z.string(),
  currency: z.string(),
  prices_include_tax: z.boolean(),
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  date_modified: wooDateSchema,
  date_modified_gmt: wooDateSchema,
  date_completed: wooNullableDateSchema,
  date_completed_gmt: wooNullableDateSchema,
  date_paid: wooNullableDateSchema,
  date_paid_gmt: wooNullableDateSchema,
  discount_total: wooMoneySchema,
  discount_tax: wooMoneySchema,
  shipping_total: wooMoneySchema,
  shipping_tax: wooMoneySchema,
  cart_tax: wooMoneySchema,
  total: wooMoneySchema,
  total_tax: wooMoneySchema,
  customer_id: wooIdSchema,
  customer_note: z.string(),
  billing: billingAddressSchema,
  shipping: shippingAddressSchema,
  payment_method: z.string(),
  payment_method_title: z.string(),
  transaction_id: z.string(),
  meta_data: metaDataSchema,
  line_items: z.array(lineItemSchema),
  shipping_lines: z.array(shippingLineSchema),
  tax_lines: z.array(z.unknown()),
  fee_lines: z.array(z.unknown()),
  coupon_lines: z.array(z.unknown()),
  refunds: z.array(z.unknown()),
});
export type Order = z.infer<typeof orderSchema>;

export interface OrderUpdate {
  status?: string;
  customer_note?: string;
  meta_data?: MetaDataWrite[];
  [field: string]: unknown;
}

export interface OrderCreate {
  customer_id?: number;
  status?: string;
  billing?: Record<string, string>;
  shipping?: Record<string, string>;
  line_items?: {
    product_id?: number;
    variation_id?: number;
    sku?: string;
    quantity: number;
    /** Line totals excl. tax as decimal strings; WooCommerce prices the line itself without them. */
    subtotal?: string;
    total?: string;
  }[];
  meta_data?: MetaDataWrite[];
  [field: string]: unknown;
}
