import { WooError, invalidParams } from './errors';
import type { RequestContext } from './context';
import { parseFilterDate, toWooDate } from './dates';
import { paginate, parsePaging, type Page } from './pagination';
import {
  activePrice,
  applyCommonFields,
  commonProductSchema,
  emptyProduct,
  priceHtml,
  sanitizeTitle,
  uniqueSlug,
} from './product-fields';
import type { Shop } from './shop';
import type { ProductAttribute, ProductDoc, StockStatus, VariationAttribute } from './types';
import { bodyObject, humanList, validateFields, type Schema } from './validation';

/** Products: create, update, delete, list, and their JSON as /wc/v3/products shows it. */

export const PRODUCT_TYPES = ['simple', 'grouped', 'external', 'variable'] as const;
export const PRODUCT_STATUSES = [
  'draft',
  'pending',
  'private',
  'publish',
  'future',
  'auto-draft',
  'trash',
];

const productSchema: Schema = {
  ...commonProductSchema,
  type: { type: 'string', enum: PRODUCT_TYPES },
  status: { type: 'string', enum: PRODUCT_STATUSES },
  featured: { type: 'boolean' },
  catalog_visibility: { type: 'string', enum: ['visible', 'catalog', 'search', 'hidden'] },
  attributes: { type: 'array' },
  default_attributes: { type: 'array' },
  categories: { type: 'array' },
};

export function invalidProductId(status: number): WooError {
  return new WooError(status, 'woocommerce_rest_product_invalid_id', 'Invalid ID.', {});
}

function variationViaProducts(): WooError {
  return new WooError(
    404,
    'woocommerce_rest_invalid_product_id',
    'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
  );
}

function parseAttributes(raw: unknown[]): ProductAttribute[] {
  return raw
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null)
    .map((a, i) => ({
      id: typeof a.id === 'number' ? a.id : 0,
      name: String(a.name ?? ''),
      position: typeof a.position === 'number' ? a.position : i,
      visible: a.visible === undefined ? false : Boolean(a.visible),
      variation: Boolean(a.variation),
      options: Array.isArray(a.options)
        ? a.options.map(String)
        : typeof a.options === 'string'
          ? a.options.split('|').map((s) => s.trim())
          : [],
    }))
    .filter((a) => a.name !== '');
}

function parseDefaultAttributes(raw: unknown[]): VariationAttribute[] {
  return raw
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null)
    .map((a) => ({
      id: typeof a.id === 'number' ? a.id : 0,
      name: String(a.name ?? ''),
      option: String(a.option ?? ''),
    }));
}

function applyProductFields(shop: Shop, doc: ProductDoc, v: Record<string, unknown>): void {
  if (typeof v.type === 'string' && (PRODUCT_TYPES as readonly string[]).includes(v.type))
    doc.type = v.type as ProductDoc['type'];
  if (typeof v.status === 'string')
    doc.status = PRODUCT_STATUSES.includes(v.status) ? v.status : 'draft';
  if (typeof v.featured === 'boolean') doc.featured = v.featured;
  if (typeof v.catalog_visibility === 'string') doc.catalog_visibility = v.catalog_visibility;
  if (Array.isArray(v.attributes)) doc.attributes = parseAttributes(v.attributes);
  if (Array.isArray(v.default_attributes))
    doc.default_attributes = parseDefaultAttributes(v.default_attributes);
  applyCommonFields(shop, doc, v);
  if (typeof v.slug === 'string' && v.slug)
    doc.slug = uniqueSlug(shop, sanitizeTitle(v.slug), doc.id);
  else if (!doc.slug) doc.slug = uniqueSlug(shop, sanitizeTitle(doc.name), doc.id);
}

export function createProduct(shop: Shop, body: unknown, lenient: boolean): ProductDoc {
  const input = bodyObject(body);
  if (input.id !== undefined && !lenient)
    throw new WooError(400, 'woocommerce_rest_product_exists', 'Cannot create existing product.');
  const v = validateFields(input, productSchema, lenient);
  if (input.meta_data !== undefined && !Array.isArray(input.meta_data) && lenient)
    delete v.meta_data;
  const now = shop.now();
  // the SKU is checked before an id is taken, so a refused create leaves nothing behind
  const draft = emptyProduct(-1, now);
  draft.name = 'Product';
  applyProductFields(shop, draft, v);
  const doc = { ...draft, id: shop.store.nextId('post') };
  doc.slug = uniqueSlug(
    shop,
    sanitizeTitle(typeof v.slug === 'string' && v.slug ? v.slug : doc.name),
    doc.id,
  );
  shop.store.put('product', doc);
  shop.emit('product', 'created', doc.id);
  return doc;
}

export function updateProduct(shop: Shop, id: number, body: unknown, lenient: boolean): ProductDoc {
  const existing = shop.store.get('product', id);
  if (!existing) throw invalidProductId(400);
  if (existing.type === 'variation') throw variationViaProducts();
  const v = validateFields(bodyObject(body), productSchema, lenient);
  const doc: ProductDoc = structuredClone(existing);
  applyProductFields(shop, doc, v);
  doc.date_modified = shop.now();
  shop.store.put('product', doc);
  shop.emit('product', 'updated', doc.id);
  return doc;
}

/**
 * DELETE: to the trash without force, gone (with its variations) with force. The answer is the
 * product as it was before, so it is rendered by `render` before anything changes.
 */
export function deleteProduct<T>(
  shop: Shop,
  id: number,
  force: boolean,
  render: (doc: ProductDoc) => T,
): T {
  const existing = shop.store.get('product', id);
  if (!existing) throw invalidProductId(404);
  if (existing.type === 'variation') throw variationViaProducts();
  if (!force && existing.status === 'trash')
    throw new WooError(
      410,
      'woocommerce_rest_already_trashed',
      'The product has already been deleted.',
    );
  const answer = render(existing);
  if (force) {
    for (const child of shop.store.childrenOf(id)) shop.store.remove('product', child.id);
    shop.store.remove('product', id);
  } else {
    // WordPress remembers the status and slug to restore them on untrash
    const trashMeta = [
      { id: shop.store.nextId('meta'), key: '_wp_trash_meta_status', value: existing.status },
      {
        id: shop.store.nextId('meta'),
        key: '_wp_trash_meta_time',
        value: String(Math.floor(Date.now() / 1000)),
      },
      { id: shop.store.nextId('meta'), key: '_wp_desired_post_slug', value: existing.slug },
    ];
    shop.store.put('product', {
      ...existing,
      status: 'trash',
      meta_data: [...existing.meta_data, ...trashMeta],
      date_modified: shop.now(),
    });
  }
  shop.emit('product', 'deleted', id);
  return answer;
}

export function getProduct(shop: Shop, id: number): ProductDoc {
  const doc = shop.store.get('product', id);
  if (!doc) throw invalidProductId(404);
  return doc;
}

// ---- derived values ------------------------------------------------------------------------

function liveChildren(shop: Shop, doc: ProductDoc): ProductDoc[] {
  return shop.store.childrenOf(doc.id).filter((c) => c.status !== 'trash');
}

export interface DerivedPrices {
  price: string;
  onSale: boolean;
  priceHtml: string;
  stockStatus: StockStatus;
}

/** A variable product's price is its cheapest variation's; its stock status comes from them too. */
export function derivedPrices(shop: Shop, doc: ProductDoc): DerivedPrices {
  if (doc.type !== 'variable') {
    const price = activePrice(doc);
    return {
      price,
      onSale: doc.sale_price !== '',
      priceHtml: priceHtml(price),
      stockStatus: doc.stock_status,
    };
  }
  const children = liveChildren(shop, doc).filter((c) => c.status === 'publish');
  const prices = children
    .map(activePrice)
    .filter((p) => p !== '')
    .map(Number);
  const statuses = children.map((c) => c.stock_status);
  const stockStatus: StockStatus = statuses.includes('instock')
    ? 'instock'
    : statuses.includes('onbackorder')
      ? 'onbackorder'
      : 'outofstock';
  if (!prices.length) return { price: '', onSale: false, priceHtml: '', stockStatus };
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  const html =
    min === max
      ? priceHtml(String(min))
      : `${priceHtml(String(min))} <span aria-hidden="true">&ndash;</span> ${priceHtml(String(max))}`;
  return {
    price: String(min),
    onSale: children.some((c) => c.sale_price !== ''),
    priceHtml: html,
    stockStatus,
  };
}

/** Prices such as "28.00" keep their text; a computed minimum is shown with two decimals. */
function formatDerivedPrice(doc: ProductDoc, price: string): string {
  return doc.type === 'variable' && price !== '' ? Number(price).toFixed(2) : price;
}

export function variationOptionsLabel(doc: ProductDoc): string {
  return doc.variation_attributes.map((a) => a.option).join(', ');
}

export function permalink(base: string, doc: ProductDoc, parent?: ProductDoc): string {
  if (doc.type === 'variation' && parent) {
    const q = doc.variation_attributes
      .map((a) => `attribute_${sanitizeTitle(a.name)}=${encodeURIComponent(a.option)}`)
      .join('&');
    return `${permalink(base, parent)}${q ? '?' + q : ''}`;
  }
  return doc.status === 'publish'
    ? `${base}/product/${doc.slug}/`
    : `${base}/?post_type=product&p=${doc.id}`;
}

// ---- JSON ----------------------------------------------------------------------------------

/** The product (or a variation, product-shaped) as /wc/v3/products shows it. */
export function productJson(
  shop: Shop,
  doc: ProductDoc,
  base: string,
  context: 'view' | 'edit',
): Record<string, unknown> {
  const parent = doc.type === 'variation' ? shop.store.get('product', doc.parent_id) : undefined;
  const d = derivedPrices(shop, doc);
  const isVariation = doc.type === 'variation';
  const name = isVariation && parent ? `${parent.name} - ${variationOptionsLabel(doc)}` : doc.name;
  const render = (text: string) => (context === 'view' && text ? `<p>${text}</p>\n` : text);
  const slug = isVariation
    ? sanitizeTitle(name)
    : doc.status === 'trash'
      ? `${doc.slug}__trashed`
      : doc.slug;
  const children = doc.type === 'variable' ? shop.store.childrenOf(doc.id).map((c) => c.id) : [];
  const managed = doc.manage_stock;
  return {
    id: doc.id,
    name,
    slug,
    permalink: permalink(base, doc, parent),
    date_created: toWooDate(doc.date_created),
    date_created_gmt: toWooDate(doc.date_created),
    date_modified: toWooDate(doc.date_modified),
    date_modified_gmt: toWooDate(doc.date_modified),
    type: doc.type,
    status: doc.status,
    featured: doc.featured,
    catalog_visibility: doc.catalog_visibility,
    description: render(doc.description),
    short_description: render(doc.short_description),
    // a variation without its own SKU shows its parent's
    sku: doc.sku || parent?.sku || '',
    price: formatDerivedPrice(doc, d.price),
    regular_price: doc.regular_price,
    sale_price: doc.sale_price,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: d.onSale,
    purchasable: d.price !== '',
    total_sales: isVariation ? String(doc.total_sales) : doc.total_sales,
    virtual: false,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: '',
    button_text: '',
    tax_status: doc.tax_status,
    tax_class: doc.tax_class,
    manage_stock: managed,
    stock_quantity: managed ? doc.stock_quantity : null,
    backorders: doc.backorders,
    backorders_allowed: doc.backorders !== 'no',
    backordered: managed && (doc.stock_quantity ?? 0) <= 0 && doc.backorders !== 'no',
    low_stock_amount: doc.low_stock_amount,
    sold_individually: false,
    weight: doc.weight,
    dimensions: { length: '', width: '', height: '' },
    shipping_required: true,
    shipping_taxable: true,
    shipping_class: '',
    shipping_class_id: 0,
    reviews_allowed: true,
    average_rating: '0',
    rating_count: 0,
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: doc.parent_id,
    purchase_note: '',
    categories: isVariation ? [] : doc.categories,
    brands: [],
    tags: [],
    images: doc.images,
    attributes: isVariation
      ? doc.variation_attributes.map((a) => ({
          id: a.id,
          name: a.name,
          slug: a.name.toLowerCase(),
          option: a.option,
        }))
      : doc.attributes.map((a) => ({
          id: a.id,
          name: a.name,
          slug: a.name,
          position: a.position,
          visible: a.visible,
          variation: a.variation,
          options: a.options,
        })),
    default_attributes: doc.default_attributes,
    variations: children,
    grouped_products: [],
    menu_order: doc.menu_order,
    price_html: d.priceHtml,
    related_ids: [],
    meta_data: doc.meta_data,
    stock_status: d.stockStatus,
    has_options: doc.type === 'variable',
    post_password: '',
    global_unique_id: '',
    _links: {
      self: [
        {
          href: `${base}/wp-json/wc/v3/products/${doc.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      ],
      collection: [{ href: `${base}/wp-json/wc/v3/products` }],
    },
  };
}

// ---- listing -------------------------------------------------------------------------------

const LIST_STATUSES = ['any', 'future', 'trash', 'draft', 'pending', 'private', 'publish'];
const ORDERBY = [
  'date',
  'id',
  'include',
  'title',
  'slug',
  'modified',
  'menu_order',
  'price',
  'popularity',
  'rating',
];

function idList(raw: string | undefined): number[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  return raw
    .split(',')
    .map((s) => parseInt(s, 10))
    .filter((n) => !Number.isNaN(n));
}

function enumProblem(param: string, values: string[]) {
  return {
    param,
    code: 'rest_not_in_enum' as const,
    message: `${param} is not one of ${humanList(values)}.`,
  };
}

export function listProducts(shop: Shop, ctx: RequestContext): Page<ProductDoc> {
  const q = ctx.query;
  const paging = parsePaging(q);
  const problems = [];
  const status = q.status ?? 'any';
  if (!LIST_STATUSES.includes(status)) problems.push(enumProblem('status', LIST_STATUSES));
  const orderby = q.orderby ?? 'date';
  if (!ORDERBY.includes(orderby)) problems.push(enumProblem('orderby', ORDERBY));
  const order = q.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') problems.push(enumProblem('order', ['asc', 'desc']));
  const dateFilters: [string, (p: ProductDoc) => string, 1 | -1][] = [
    ['after', (p) => p.date_created, 1],
    ['before', (p) => p.date_created, -1],
    ['modified_after', (p) => p.date_modified, 1],
    ['modified_before', (p) => p.date_modified, -1],
  ];
  const dates: [number, (p: ProductDoc) => string, 1 | -1][] = [];
  for (const [name, field, dir] of dateFilters) {
    if (q[name] === undefined) continue;
    const ms = parseFilterDate(q[name]);
    if (ms === null)
      problems.push({ param: name, code: 'rest_invalid_date' as const, message: 'Invalid date.' });
    else dates.push([ms, field, dir]);
  }
  if (problems.length) throw invalidParams(problems);

  const skus = q.sku ? [q.sku, ...q.sku.split(',')].map((s) => s.trim().toLowerCase()) : undefined;
  const include = idList(q.include ?? q['include[]']);
  const exclude = idList(q.exclude ?? q['exclude[]']);
  const search = q.search?.toLowerCase();
  const parents = idList(q.parent);
  let items = shop.store.all('product').filter((p) => {
    // variations are only found by SKU, as in WooCommerce
    if (p.type === 'variation' && !skus) return false;
    if (status === 'any' ? p.status === 'trash' || p.status === 'auto-draft' : p.status !== status)
      return false;
    if (skus && !skus.includes(p.sku.toLowerCase())) return false;
    if (include && !include.includes(p.id)) return false;
    if (exclude && exclude.includes(p.id)) return false;
    if (parents && !parents.includes(p.parent_id)) return false;
    if (q.type && p.type !== q.type) return false;
    if (q.stock_status && p.stock_status !== q.stock_status) return false;
    if (
      search &&
      !p.name.toLowerCase().includes(search) &&
      !p.description.toLowerCase().includes(search)
    )
      return false;
    for (const [ms, field, dir] of dates) {
      const t = Date.parse(field(p));
      if (dir === 1 ? !(t > ms) : !(t < ms)) return false;
    }
    return true;
  });
  items = sortDocs(items, orderby, order, include, (p) => p.name);
  return paginate(ctx, items, paging);
}

/** Sorting as WP_Query does, ties broken by id so that pages are stable. */
export function sortDocs<T extends { id: number; date_created: string; date_modified?: string }>(
  items: T[],
  orderby: string,
  order: string,
  include: number[] | undefined,
  title: (t: T) => string,
): T[] {
  const dir = order === 'asc' ? 1 : -1;
  const key = (a: T, b: T): number => {
    switch (orderby) {
      case 'id':
        return a.id - b.id;
      case 'include':
        return (include?.indexOf(a.id) ?? 0) - (include?.indexOf(b.id) ?? 0);
      case 'title':
      case 'name':
        return title(a).localeCompare(title(b));
      case 'modified':
        return (a.date_modified ?? '').localeCompare(b.date_modified ?? '');
      default:
        return a.date_created.slice(0, 19).localeCompare(b.date_created.slice(0, 19));
    }
  };
  return [...items].sort((a, b) => dir * (key(a, b) || a.id - b.id));
}
