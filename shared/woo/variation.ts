import { z } from 'zod';
import {
  dimensionsSchema,
  imageSchema,
  metaDataSchema,
  wooDateSchema,
  wooIdSchema,
  wooMoneySchema,
  wooNullableDateSchema,
  type MetaDataWrite,
} from './common';
import type { StockStatus } from './product';

export const variationAttributeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Lower-cased on variations (`size`), unlike the parent's attribute slug. */
  slug: z.string().optional(),
  option: z.string(),
});
export type VariationAttribute = z.infer<typeof variationAttributeSchema>;

/** A variation as `/wc/v3/products/{id}/variations` returns it. */
export const variationSchema = z.object({
  id: wooIdSchema,
  type: z.literal('variation').optional(),
  parent_id: wooIdSchema,
  name: z.string().optional(),
  description: z.string(),
  permalink: z.string(),
  sku: z.string(),
  global_unique_id: z.string().optional(),
  price: wooMoneySchema,
  regular_price: wooMoneySchema,
  sale_price: wooMoneySchema,
  date_on_sale_from: wooNullableDateSchema,
  date_on_sale_to: wooNullableDateSchema,
  on_sale: z.boolean(),
  status: z.string(),
  purchasable: z.boolean(),
  virtual: z.boolean(),
  downloadable: z.boolean(),
  tax_status: z.string(),
  tax_class: z.string(),
  /** `"parent"` when the parent product manages the stock. */
  manage_stock: z.union([z.boolean(), z.literal('parent')]),
  stock_quantity: z.number().nullable(),
  stock_status: z.string(),
  backorders: z.string(),
  backorders_allowed: z.boolean(),
  backordered: z.boolean(),
  low_stock_amount: z.number().nullable().optional(),
  weight: z.string(),
  dimensions: dimensionsSchema,
  shipping_class: z.string(),
  shipping_class_id: z.number().int(),
  image: imageSchema.nullable(),
  attributes: z.array(variationAttributeSchema),
  menu_order: z.number().int(),
  meta_data: metaDataSchema,
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  date_modified: wooDateSchema,
  date_modified_gmt: wooDateSchema,
});
export type Variation = z.infer<typeof variationSchema>;

export interface VariationWrite {
  sku?: string;
  status?: 'draft' | 'pending' | 'private' | 'publish';
  regular_price?: string;
  sale_price?: string;
  description?: string;
  tax_class?: string;
  manage_stock?: boolean | 'parent';
  stock_quantity?: number | null;
  stock_status?: StockStatus;
  backorders?: 'no' | 'notify' | 'yes';
  weight?: string;
  attributes?: { id?: number; name?: string; option: string }[];
  meta_data?: MetaDataWrite[];
  [field: string]: unknown;
}

export type VariationCreate = VariationWrite;
export type VariationUpdate = VariationWrite & { id: number };
