import { readShopState, shopStateKey, type ShopStateCache } from '../catalog/shop-state';
import { shopCustomersByIds } from '../customers/shop-queries';
import type { WooClient } from '../woo';
import type { ProductTarget } from './shop-targets';

/**
 * The meta the shop holds now of some products, variations or customers, for the price sync's
 * drift check (`compareShop`). Reads only, as few as the shop allows: products and variations
 * by SKU, 100 a request (`GET /products?sku=A,B,…&status=any`, the catalog's drift read, which
 * returns variations too); customers by id, 100 a request (`GET /customers?include=…`).
 */

type MetaList = readonly { key: string; value?: unknown }[];

export interface HeldMeta {
  /** Meta by entity key (SKU, account); absent: the shop does not hold it under its linked id. */
  meta: Map<string, MetaList>;
  /** Read requests made. */
  reads: number;
}

export async function productMetaHeld(
  woo: WooClient,
  entities: readonly { key: string; target: ProductTarget }[],
): Promise<HeldMeta> {
  const ref = (e: { key: string; target: ProductTarget }) => ({
    kind: e.target.parentId === undefined ? ('product' as const) : ('variation' as const),
    sku: e.key,
  });
  const cache: ShopStateCache = new Map();
  const reads = await readShopState(woo, entities.map(ref), cache);
  const meta = new Map<string, MetaList>();
  for (const entity of entities) {
    const doc = cache.get(shopStateKey(ref(entity)));
    // Another id under that SKU: not the object the sync writes, left as the hashes say.
    if (doc && doc.id === entity.target.id) meta.set(entity.key, doc.meta_data);
  }
  return { meta, reads };
}

export async function customerMetaHeld(
  woo: WooClient,
  entities: readonly { key: string; target: number }[],
): Promise<HeldMeta> {
  const ids = [...new Set(entities.map((e) => e.target))];
  const found = await shopCustomersByIds(woo, ids);
  const meta = new Map<string, MetaList>();
  for (const entity of entities) {
    // No meta_data: a key that cannot see meta (the doctor says so); nothing to compare.
    const held = found.get(entity.target)?.meta_data;
    if (held) meta.set(entity.key, held);
  }
  // shopCustomersByIds reads 100 ids a request, never a second page.
  return { meta, reads: Math.ceil(ids.length / 100) };
}
