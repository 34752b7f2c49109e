import { z } from 'zod';
import {
  dimensionsSchema,
  imageSchema,
  metaDataSchema,
  termRefSchema,
  wooDateSchema,
  wooIdSchema,
  wooMoneySchema,
  wooNullableDateSchema,
  type MetaDataWrite,
} from './common';

/** Product types of WooCommerce core; plugins may register more, so the schema accepts any string. */
export type KnownProductType = 'simple' | 'variable' | 'grouped' | 'external' | 'variation';
export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';
export type ProductStatus = 'draft' | 'pending' | 'private' | 'publish' | 'future' | 'trash';

/**
 * Attribute of a product (`options` list) or, when a variation is served through
 * `/products?sku=`, of that variation (`option`). Local attributes have `id: 0`.
 */
export const productAttributeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string().optional(),
  position: z.number().int().optional(),
  visible: z.boolean().optional(),
  variation: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  option: z.string().optional(),
});
export type ProductAttribute = z.infer<typeof productAttributeSchema>;

export const defaultAttributeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  option: z.string(),
});

/**
 * A product as `/wc/v3/products` returns it. A variation looked up through `/products?sku=`
 * comes back in this shape too, with `type: "variation"` and its `parent_id`.
 */
export const productSchema = z.object({
  id: wooIdSchema,
  name: z.string(),
  slug: z.string(),
  permalink: z.string(),
  type: z.string(),
  status: z.string(),
  featured: z.boolean(),
  catalog_visibility: z.string(),
  description: z.string(),
  short_description: z.string(),
  sku: z.string(),
  global_unique_id: z.string().optional(),
  price: wooMoneySchema,
  regular_price: wooMoneySchema,
  sale_price: wooMoneySchema,
  date_on_sale_from: wooNullableDateSchema,
  date_on_sale_to: wooNullableDateSchema,
  on_sale: z.boolean(),
  purchasable: z.boolean(),
  /** An integer on products, a numeric string on variations served through `/products`. */
  total_sales: z.union([z.number(), z.string()]).optional(),
  virtual: z.boolean(),
  downloadable: z.boolean(),
  tax_status: z.string(),
  tax_class: z.string(),
  manage_stock: z.union([z.boolean(), z.literal('parent')]),
  stock_quantity: z.number().nullable(),
  stock_status: z.string(),
  backorders: z.string(),
  backorders_allowed: z.boolean(),
  backordered: z.boolean(),
  low_stock_amount: z.number().nullable().optional(),
  sold_individually: z.boolean(),
  weight: z.string(),
  dimensions: dimensionsSchema,
  shipping_class: z.string(),
  shipping_class_id: z.number().int(),
  parent_id: wooIdSchema,
  categories: z.array(termRefSchema),
  tags: z.array(termRefSchema),
  brands: z.array(termRefSchema).optional(),
  images: z.array(imageSchema),
  attributes: z.array(productAttributeSchema),
  default_attributes: z.array(defaultAttributeSchema),
  variations: z.array(wooIdSchema),
  grouped_products: z.array(wooIdSchema).optional(),
  menu_order: z.number().int(),
  meta_data: metaDataSchema,
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  date_modified: wooDateSchema,
  date_modified_gmt: wooDateSchema,
});
export type Product = z.infer<typeof productSchema>;

export interface ProductAttributeWrite {
  id?: number;
  name?: string;
  position?: number;
  visible?: boolean;
  variation?: boolean;
  options?: string[];
}

/** Fields the connector writes on products (create and update). Prices are strings. */
export interface ProductWrite {
  name?: string;
  type?: KnownProductType;
  status?: ProductStatus;
  sku?: string;
  regular_price?: string;
  sale_price?: string;
  description?: string;
  short_description?: string;
  catalog_visibility?: 'visible' | 'catalog' | 'search' | 'hidden';
  tax_status?: 'taxable' | 'shipping' | 'none';
  tax_class?: string;
  manage_stock?: boolean;
  stock_quantity?: number | null;
  stock_status?: StockStatus;
  backorders?: 'no' | 'notify' | 'yes';
  weight?: string;
  categories?: { id: number }[];
  attributes?: ProductAttributeWrite[];
  default_attributes?: { id?: number; name?: string; option: string }[];
  meta_data?: MetaDataWrite[];
  [field: string]: unknown;
}

export type ProductCreate = ProductWrite;
export type ProductUpdate = ProductWrite & { id: number };
