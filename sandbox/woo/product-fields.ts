import { WooError } from './errors';
import { applyMetaUpdates } from './meta';
import type { Shop } from './shop';
import type { ProductDoc, StockStatus } from './types';
import type { Schema } from './validation';

/** Field rules and write semantics shared by products and variations. */

export const STOCK_STATUSES = ['instock', 'outofstock', 'onbackorder'] as const;
export const BACKORDERS = ['no', 'notify', 'yes'] as const;

export const commonProductSchema: Schema = {
  name: { type: 'string' },
  slug: { type: 'string' },
  description: { type: 'string' },
  short_description: { type: 'string' },
  sku: { type: 'string' },
  regular_price: { type: 'string' },
  sale_price: { type: 'string' },
  tax_status: { type: 'string', enum: ['taxable', 'shipping', 'none'] },
  tax_class: { type: 'string' },
  manage_stock: { type: 'boolean' },
  stock_quantity: { type: 'integer', nullable: true },
  stock_status: { type: 'string', enum: STOCK_STATUSES },
  backorders: { type: 'string', enum: BACKORDERS },
  low_stock_amount: { type: 'integer', nullable: true },
  weight: { type: 'string' },
  menu_order: { type: 'integer' },
  meta_data: { type: 'array' },
};

/** `wc_format_decimal`: keeps digits, dot and minus ("12,50" becomes "1250", "abc" becomes ""). */
export function formatDecimal(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return String(value ?? '').replace(/[^0-9.-]/g, '');
}

/** `sanitize_title`: lower case, accents removed, anything else becomes a dash. */
export function sanitizeTitle(text: string): string {
  const special: Record<string, string> = {
    Ø: 'O',
    ø: 'o',
    Æ: 'AE',
    æ: 'ae',
    Œ: 'OE',
    œ: 'oe',
    ß: 'ss',
  };
  return text
    .replace(/[ØøÆæŒœß]/g, (c) => special[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function uniqueSlug(shop: Shop, wanted: string, selfId: number): string {
  const base = wanted || String(selfId);
  const taken = (slug: string) => shop.store.isSlugTaken(slug, selfId);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** Refuses a SKU held by another live product or variation, as `product_invalid_sku` with a suggestion. */
export function assertSkuFree(shop: Shop, sku: string, selfId: number): void {
  if (!sku) return;
  const holder = shop.store.findIdBySku(sku);
  if (holder === undefined || holder === selfId) return;
  let n = 1;
  while (shop.store.findIdBySku(`${sku}-${n}`) !== undefined) n++;
  throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.', {
    resource_id: holder,
    unique_sku: `${sku}-${n}`,
  });
}

export function deriveManagedStockStatus(doc: ProductDoc): StockStatus {
  const qty = doc.stock_quantity ?? 0;
  if (qty > 0) return 'instock';
  return doc.backorders === 'no' ? 'outofstock' : 'onbackorder';
}

/**
 * Applies validated values to a product or variation document, in WooCommerce's order: prices,
 * stock (quantity only when managed, status derived when managed), SKU (checked), meta.
 */
export function applyCommonFields(shop: Shop, doc: ProductDoc, v: Record<string, unknown>): void {
  if (typeof v.name === 'string') doc.name = v.name;
  if (typeof v.description === 'string') doc.description = v.description;
  if (typeof v.short_description === 'string') doc.short_description = v.short_description;
  if (typeof v.sku === 'string') {
    assertSkuFree(shop, v.sku.trim(), doc.id);
    doc.sku = v.sku.trim();
  }
  if (typeof v.tax_status === 'string') doc.tax_status = v.tax_status;
  if (typeof v.tax_class === 'string')
    doc.tax_class = v.tax_class === 'standard' ? '' : v.tax_class;
  if (typeof v.weight === 'string') doc.weight = v.weight;
  if (typeof v.menu_order === 'number') doc.menu_order = v.menu_order;

  const pricesOnThisType = doc.type !== 'variable' && doc.type !== 'grouped';
  if (v.regular_price !== undefined)
    doc.regular_price = pricesOnThisType ? formatDecimal(v.regular_price) : '';
  if (v.sale_price !== undefined)
    doc.sale_price = pricesOnThisType ? formatDecimal(v.sale_price) : '';
  if (
    doc.sale_price !== '' &&
    doc.regular_price !== '' &&
    Number(doc.regular_price) < Number(doc.sale_price)
  ) {
    doc.sale_price = '';
  }

  if (typeof v.manage_stock === 'boolean') doc.manage_stock = v.manage_stock;
  if (typeof v.backorders === 'string' && (BACKORDERS as readonly string[]).includes(v.backorders))
    doc.backorders = v.backorders as ProductDoc['backorders'];
  if (doc.manage_stock) {
    if (typeof v.stock_quantity === 'number') doc.stock_quantity = Math.trunc(v.stock_quantity);
    if (doc.stock_quantity === null) doc.stock_quantity = 0;
    if (v.low_stock_amount !== undefined)
      doc.low_stock_amount = typeof v.low_stock_amount === 'number' ? v.low_stock_amount : null;
    doc.stock_status = deriveManagedStockStatus(doc);
  } else {
    doc.stock_quantity = null;
    doc.backorders = 'no';
    doc.low_stock_amount = null;
    if (typeof v.stock_status === 'string' && doc.type !== 'variable') {
      // an unknown value (possible inside a batch) falls back to instock, as the setter does
      doc.stock_status = (STOCK_STATUSES as readonly string[]).includes(v.stock_status)
        ? (v.stock_status as StockStatus)
        : 'instock';
    }
  }

  if (Array.isArray(v.meta_data))
    doc.meta_data = applyMetaUpdates(doc.meta_data, v.meta_data, () => shop.store.nextId('meta'));
}

export function emptyProduct(id: number, now: string): ProductDoc {
  return {
    id,
    type: 'simple',
    parent_id: 0,
    name: '',
    slug: '',
    status: 'publish',
    featured: false,
    catalog_visibility: 'visible',
    description: '',
    short_description: '',
    sku: '',
    regular_price: '',
    sale_price: '',
    tax_status: 'taxable',
    tax_class: '',
    manage_stock: false,
    stock_quantity: null,
    stock_status: 'instock',
    backorders: 'no',
    low_stock_amount: null,
    weight: '',
    menu_order: 0,
    total_sales: 0,
    attributes: [],
    variation_attributes: [],
    default_attributes: [],
    categories: [{ id: 15, name: 'Uncategorized', slug: 'uncategorized' }],
    images: [],
    meta_data: [],
    date_created: now,
    date_modified: now,
  };
}

/** The active price: the sale price when there is one. */
export function activePrice(doc: ProductDoc): string {
  return doc.sale_price !== '' ? doc.sale_price : doc.regular_price;
}

export function money(value: string | number): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n.toFixed(2) : '0.00';
}

export function priceHtml(price: string): string {
  if (price === '') return '';
  return `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&euro;</span>${money(price)}</bdi></span>`;
}
