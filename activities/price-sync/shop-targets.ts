import type { StateStore } from '../state/store';
import { MAPPING_KINDS } from '../catalog/shop-refs';
import { CUSTOMER_KIND } from '../customers/reconcile';

/** Where a product's price meta goes: a product, or a variation of a variable product. */
export interface ProductTarget {
  id: number;
  parentId?: number;
}

/** The catalog sync's mapping value of an SKU whose shop id turned out stale. */
const FORGOTTEN = '0';

/**
 * Shop ids of the SKUs the catalog sync has linked (state-store mappings). The price sync
 * writes only linked products: creating or matching them is the catalog's job.
 */
export async function productTargets(
  store: StateStore,
  skus: readonly string[],
): Promise<Map<string, ProductTarget>> {
  const [products, variations, parents] = await Promise.all([
    store.getMappings(MAPPING_KINDS.product, skus),
    store.getMappings(MAPPING_KINDS.variation, skus),
    store.getMappings(MAPPING_KINDS.variationParent, skus),
  ]);
  const targets = new Map<string, ProductTarget>();
  for (const [sku, id] of products) if (id !== FORGOTTEN) targets.set(sku, { id: Number(id) });
  for (const [sku, id] of variations) {
    const parent = parents.get(sku);
    if (id !== FORGOTTEN && parent !== undefined && parent !== FORGOTTEN) {
      targets.set(sku, { id: Number(id), parentId: Number(parent) });
    }
  }
  return targets;
}

/** Shop customer ids of the accounts the customers sync has linked. */
export async function customerTargets(
  store: StateStore,
  accounts: readonly string[],
): Promise<Map<string, number>> {
  const ids = await store.getMappings(CUSTOMER_KIND, accounts);
  return new Map([...ids].map(([account, id]) => [account, Number(id)]));
}
