import type { DiffEntity } from '../../shared/catalog/diff';
import type { Product } from '../../shared/woo/product';
import type { WooClient } from '../woo';

/**
 * What the shop currently holds of some entities, for the drift check of full runs: products
 * and variations read by SKU, many at once (`GET /products?sku=A,B,…&status=any` returns both,
 * variations with their `parent_id`) — reads, never write requests. A cache shared by the
 * attempts of one page (a short page is read again longer) keeps each SKU to one read.
 */

/** SKUs per read: a page of 100 items holds them (a duplicated SKU pages on). */
export const SKUS_PER_READ = 100;

/** Cache key of an entity: kind and SKU (the shop matches SKUs without case). */
export function shopStateKey(entity: Pick<DiffEntity, 'kind' | 'sku'>): string {
  return `${entity.kind}:${entity.sku.toLowerCase()}`;
}

/** Shop documents by `shopStateKey`; null: read and not found under that kind. */
export type ShopStateCache = Map<string, Product | null>;

/**
 * Reads into `cache` the entities it does not hold yet; returns the number of requests made.
 * SKUs with a comma cannot be listed and go alone.
 */
export async function readShopState(
  shop: WooClient,
  entities: readonly Pick<DiffEntity, 'kind' | 'sku'>[],
  cache: ShopStateCache,
): Promise<number> {
  const wanted = new Map<string, Pick<DiffEntity, 'kind' | 'sku'>>();
  for (const entity of entities) {
    const key = shopStateKey(entity);
    if (!cache.has(key)) wanted.set(key, entity);
  }
  if (wanted.size === 0) return 0;
  const skus = [...new Set([...wanted.values()].map((e) => e.sku))];
  const parts: string[][] = skus.filter((s) => s.includes(',')).map((s) => [s]);
  const listable = skus.filter((s) => !s.includes(','));
  for (let i = 0; i < listable.length; i += SKUS_PER_READ) {
    parts.push(listable.slice(i, i + SKUS_PER_READ));
  }
  let requests = 0;
  const found: Product[] = [];
  // Concurrent reads; the client's limiter keeps the shop's concurrency.
  await Promise.all(
    parts.map(async (part) => {
      for (let page = 1; ; page += 1) {
        const answer = await shop.products.list({
          sku: part.join(','),
          status: 'any',
          per_page: 100,
          page,
        });
        requests += 1;
        found.push(...answer.items);
        if (!answer.hasNext || answer.items.length === 0) break;
      }
    }),
  );
  for (const key of wanted.keys()) cache.set(key, null);
  for (const item of found) {
    const kind = item.type === 'variation' ? 'variation' : 'product';
    const key = shopStateKey({ kind, sku: item.sku });
    if (wanted.has(key)) cache.set(key, item);
  }
  return requests;
}
