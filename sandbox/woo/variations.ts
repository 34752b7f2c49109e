import { WooError } from './errors';
import { toWooDate } from './dates';
import { paginate, parsePaging, type Page } from './pagination';
import {
  applyCommonFields,
  commonProductSchema,
  emptyProduct,
  activePrice,
  STOCK_STATUSES,
} from './product-fields';
import { derivedPrices, permalink, sortDocs, variationOptionsLabel } from './products';
import type { RequestContext } from './context';
import type { Shop } from './shop';
import type { ProductDoc, VariationAttribute } from './types';
import { bodyObject, validateFields, type Schema } from './validation';

/** Variations under /products/{product_id}/variations. */

const variationSchema: Schema = {
  ...commonProductSchema,
  status: { type: 'string', enum: ['draft', 'pending', 'private', 'publish'] },
  stock_status: { type: 'string', enum: STOCK_STATUSES },
  attributes: { type: 'array' },
};

export function invalidVariationId(status = 404): WooError {
  return new WooError(status, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
}

export function getVariation(shop: Shop, parentId: number, id: number): ProductDoc {
  const doc = shop.store.get('product', id);
  if (!doc || doc.type !== 'variation' || doc.parent_id !== parentId) throw invalidVariationId();
  return doc;
}

function parentOf(shop: Shop, parentId: number): ProductDoc {
  const parent = shop.store.get('product', parentId);
  if (!parent || parent.type === 'variation')
    throw new WooError(
      404,
      'woocommerce_rest_product_variation_invalid_parent',
      'Cannot set attributes due to invalid parent product.',
    );
  return parent;
}

/** Attributes not on the parent (or not used for variations) are skipped; options are not checked. */
function matchAttributes(parent: ProductDoc, raw: unknown[]): VariationAttribute[] {
  const out: VariationAttribute[] = [];
  for (const a of raw) {
    if (typeof a !== 'object' || a === null) continue;
    const { name, option } = a as { name?: unknown; option?: unknown };
    const match = parent.attributes.find(
      (p) => p.variation && typeof name === 'string' && p.name.toLowerCase() === name.toLowerCase(),
    );
    if (match) out.push({ id: 0, name: match.name, option: String(option ?? '') });
  }
  return out;
}

function applyVariationFields(
  shop: Shop,
  parent: ProductDoc,
  doc: ProductDoc,
  v: Record<string, unknown>,
): void {
  if (typeof v.status === 'string') doc.status = v.status;
  if (Array.isArray(v.attributes)) doc.variation_attributes = matchAttributes(parent, v.attributes);
  applyCommonFields(shop, doc, v);
}

function touchParent(shop: Shop, parentId: number): void {
  const parent = shop.store.get('product', parentId);
  if (parent) shop.store.put('product', { ...parent, date_modified: shop.now() });
}

export function createVariation(
  shop: Shop,
  parentId: number,
  body: unknown,
  lenient: boolean,
): ProductDoc {
  const parent = parentOf(shop, parentId);
  const v = validateFields(bodyObject(body), variationSchema, lenient);
  const draft = emptyProduct(-1, shop.now());
  draft.type = 'variation';
  draft.parent_id = parentId;
  draft.categories = [];
  applyVariationFields(shop, parent, draft, v);
  const doc = { ...draft, id: shop.store.nextId('post') };
  doc.name = `${parent.name} - ${variationOptionsLabel(doc)}`;
  shop.store.put('product', doc);
  touchParent(shop, parentId);
  shop.emit('product', 'created', doc.id);
  return doc;
}

export function updateVariation(
  shop: Shop,
  parentId: number,
  id: number,
  body: unknown,
  lenient: boolean,
): ProductDoc {
  const existing = getVariation(shop, parentId, id);
  const parent = parentOf(shop, parentId);
  const v = validateFields(bodyObject(body), variationSchema, lenient);
  const doc: ProductDoc = structuredClone(existing);
  applyVariationFields(shop, parent, doc, v);
  doc.date_modified = shop.now();
  shop.store.put('product', doc);
  touchParent(shop, parentId);
  shop.emit('product', 'updated', doc.id);
  return doc;
}

export function deleteVariation<T>(
  shop: Shop,
  parentId: number,
  id: number,
  force: boolean,
  render: (doc: ProductDoc) => T,
): T {
  const existing = getVariation(shop, parentId, id);
  if (!force)
    throw new WooError(
      501,
      'woocommerce_rest_trash_not_supported',
      'Variations do not support trashing.',
    );
  const answer = render(existing);
  shop.store.remove('product', id);
  touchParent(shop, parentId);
  shop.emit('product', 'deleted', id);
  return answer;
}

export function listVariations(
  shop: Shop,
  ctx: RequestContext,
  parentId: number,
): Page<ProductDoc> {
  const paging = parsePaging(ctx.query);
  const items = sortDocs(
    shop.store.childrenOf(parentId).filter((c) => c.status !== 'trash'),
    ctx.query.orderby ?? 'date',
    ctx.query.order ?? 'desc',
    undefined,
    (c) => c.name,
  );
  return paginate(ctx, items, paging);
}

/** A variation as the variations endpoint shows it (its name is the options, e.g. "M"). */
export function variationJson(shop: Shop, doc: ProductDoc, base: string): Record<string, unknown> {
  const parent = shop.store.get('product', doc.parent_id);
  const d = derivedPrices(shop, doc);
  const managedByParent = !doc.manage_stock && parent?.manage_stock === true;
  return {
    id: doc.id,
    type: 'variation',
    date_created: toWooDate(doc.date_created),
    date_created_gmt: toWooDate(doc.date_created),
    date_modified: toWooDate(doc.date_modified),
    date_modified_gmt: toWooDate(doc.date_modified),
    description: doc.description,
    permalink: permalink(base, doc, parent),
    sku: doc.sku || parent?.sku || '',
    global_unique_id: '',
    price: activePrice(doc),
    regular_price: doc.regular_price,
    sale_price: doc.sale_price,
    date_on_sale_from: null,
    date_on_sale_from_gmt: null,
    date_on_sale_to: null,
    date_on_sale_to_gmt: null,
    on_sale: d.onSale,
    status: doc.status,
    purchasable: d.price !== '',
    virtual: false,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    tax_status: doc.tax_status,
    tax_class: doc.tax_class || 'parent',
    manage_stock: managedByParent ? 'parent' : doc.manage_stock,
    stock_quantity: doc.manage_stock
      ? doc.stock_quantity
      : managedByParent
        ? parent?.stock_quantity
        : null,
    stock_status: doc.stock_status,
    backorders: doc.backorders,
    backorders_allowed: doc.backorders !== 'no',
    backordered: doc.manage_stock && (doc.stock_quantity ?? 0) <= 0 && doc.backorders !== 'no',
    low_stock_amount: doc.low_stock_amount,
    weight: doc.weight,
    dimensions: { length: '', width: '', height: '' },
    shipping_class: '',
    shipping_class_id: 0,
    image: null,
    attributes: doc.variation_attributes.map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.name.toLowerCase(),
      option: a.option,
    })),
    menu_order: doc.menu_order,
    meta_data: doc.meta_data,
    name: variationOptionsLabel(doc),
    parent_id: doc.parent_id,
    _links: {
      self: [
        {
          href: `${base}/wp-json/wc/v3/products/${doc.parent_id}/variations/${doc.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      ],
      collection: [{ href: `${base}/wp-json/wc/v3/products/${doc.parent_id}/variations` }],
      up: [{ href: `${base}/wp-json/wc/v3/products/${doc.parent_id}` }],
    },
  };
}
