import { ok, type HandlerResult, type RequestContext } from './context';
import { invalidParams, WooError } from './errors';
import { commonProductSchema } from './product-fields';
import { derivedPrices, invalidProductId, PRODUCT_STATUSES, updateProduct } from './products';
import type { RouteDef } from './router';
import type { Shop } from './shop';
import type { ProductDoc } from './types';
import { bodyObject, validateFields, type Schema } from './validation';
import { invalidVariationId, updateVariation } from './variations';

/**
 * The shop plugin's bulk route (shop-plugin/sage-woo-sync/includes/bulk.php):
 * `POST /wp-json/wc-sage-woo-sync/v1/products/bulk` with `{update: [{id, parent_id?, fields…}]}`,
 * products and variations of any parents together, up to the limit (sandbox option `bulkLimit`,
 * the plugin's option `sws_bulk_limit`, default 250; more: 413
 * woocommerce_rest_request_entity_too_large). Each item is validated like a single-item route
 * (an invalid field: `rest_invalid_param` for that item), then applied as a REST update is;
 * an unknown id is `woocommerce_rest_product_invalid_id` (`…_variation_invalid_id` when a
 * parent_id was given, or a variation not under that parent), answered in the item's place.
 * A variable parent's price range and stock status are derived from its variations on read
 * here, so the plugin's parent sync needs nothing more.
 */

export const DEFAULT_BULK_LIMIT = 250;

/** The fields the route writes (others are ignored, as WordPress does). */
const BULK_SCHEMA: Schema = {
  parent_id: { type: 'integer' },
  regular_price: commonProductSchema.regular_price,
  sale_price: commonProductSchema.sale_price,
  status: { type: 'string', enum: PRODUCT_STATUSES },
  catalog_visibility: { type: 'string', enum: ['visible', 'catalog', 'search', 'hidden'] },
  manage_stock: commonProductSchema.manage_stock,
  stock_quantity: commonProductSchema.stock_quantity,
  stock_status: commonProductSchema.stock_status,
  backorders: commonProductSchema.backorders,
  meta_data: commonProductSchema.meta_data,
};

export function bulkLimit(shop: Shop): number {
  const limit = shop.options.bulkLimit;
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0
    ? limit
    : DEFAULT_BULK_LIMIT;
}

/** A meta_data list whose entries all have a string key (the plugin's schema says so). */
function checkMeta(meta: unknown): void {
  if (!Array.isArray(meta)) return;
  meta.forEach((entry, i) => {
    const key = (entry as { key?: unknown } | null)?.key;
    if (typeof entry !== 'object' || entry === null || typeof key !== 'string') {
      const message = `key is a required property of meta_data[${i}].`;
      throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): meta_data', {
        params: { meta_data: message },
        details: { meta_data: { code: 'rest_property_required', message, data: null } },
      });
    }
  });
}

function itemAnswer(shop: Shop, doc: ProductDoc, keys: string[]): Record<string, unknown> {
  const derived = derivedPrices(shop, doc);
  return {
    id: doc.id,
    sku: doc.sku,
    type: doc.type,
    parent_id: doc.parent_id,
    status: doc.status,
    regular_price: doc.regular_price,
    price: derived.price,
    stock_quantity: doc.stock_quantity,
    stock_status: derived.stockStatus,
    meta_data: keys.map((key) => {
      const entry = doc.meta_data.find((m) => m.key === key);
      return entry ? { id: entry.id, key, value: entry.value } : { key, value: null };
    }),
  };
}

function updateItem(shop: Shop, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new WooError(400, 'rest_invalid_param', 'Each update must be an object with an id.');
  const item = raw as Record<string, unknown>;
  const fields = validateFields(item, BULK_SCHEMA, false);
  checkMeta(fields.meta_data);
  const id = Number(item.id ?? 0);
  const parentId = typeof fields.parent_id === 'number' ? fields.parent_id : 0;
  const existing = Number.isInteger(id) && id > 0 ? shop.store.get('product', id) : undefined;
  const isVariation = existing?.type === 'variation';
  if (!existing || (parentId > 0 && (!isVariation || existing.parent_id !== parentId)))
    throw parentId > 0 || isVariation ? invalidVariationId(400) : invalidProductId(400);
  const { parent_id: _parent, ...body } = fields;
  if (isVariation && typeof body.catalog_visibility === 'string') delete body.catalog_visibility;
  const doc = isVariation
    ? updateVariation(shop, existing.parent_id, id, body, false)
    : updateProduct(shop, id, body, false);
  const keys = Array.isArray(body.meta_data)
    ? [
        ...new Set(
          body.meta_data.map((m) => String((m as { key: string }).key)).filter((k) => k !== ''),
        ),
      ]
    : [];
  return itemAnswer(shop, doc, keys);
}

function bulkUpdate(shop: Shop, ctx: RequestContext): HandlerResult {
  const body = bodyObject(ctx.body);
  const items = body.update ?? [];
  if (!Array.isArray(items))
    throw invalidParams([
      { param: 'update', code: 'rest_invalid_type', message: 'update is not of type array.' },
    ]);
  const limit = bulkLimit(shop);
  if (items.length > limit)
    throw new WooError(
      413,
      'woocommerce_rest_request_entity_too_large',
      `Unable to accept more than ${limit} items for this request.`,
    );
  const update: unknown[] = [];
  shop.store.transaction(() => {
    for (const raw of items) {
      const id = Number((raw as { id?: unknown } | null)?.id ?? 0);
      try {
        update.push(updateItem(shop, raw));
      } catch (e) {
        if (!(e instanceof WooError)) throw e;
        update.push({ id: Number.isFinite(id) ? id : 0, error: e.body() });
      }
    }
  });
  return ok({ update });
}

/** The route, for the plugin's router (sandbox/woo/plugin.ts). */
export function bulkRoutes(shop: Shop, requireManager: (ctx: RequestContext) => void): RouteDef[] {
  return [
    {
      template: '/products/bulk',
      methods: {
        POST: {
          permission: 'none',
          batch: true,
          handle: (ctx) => {
            requireManager(ctx);
            return bulkUpdate(shop, ctx);
          },
        },
      },
    },
  ];
}

/** What the status route says of the bulk route. */
export function bulkStatus(shop: Shop): { bulk: { limit: number } } {
  return { bulk: { limit: bulkLimit(shop) } };
}
