import type { DiffEntity, ShopRef } from '../../shared/catalog/diff';
import type { CatalogIssue } from '../../shared/catalog/types';
import type { StateStore } from '../state/store';
import type { WooClient } from '../woo';
import { clearMissing, knownMissing, markMissing, type MissingPolicy } from './missing-skus';

/**
 * SKU → shop id, for the entities about to be written. Known mappings come from the state
 * store (kinds `product`, `variation`, and `variation-parent` for the variable product holding
 * a variation); the others are looked up in the shop by SKU, many at once
 * (`GET /products?sku=A,B,C` also returns variations, with their `parent_id`) — reads, not
 * write requests — and remembered, found or not (see missing-skus.ts): the map is trusted, and
 * refreshed only when the shop refuses an id (forgetRefs, then a fresh lookup).
 */

export const MAPPING_KINDS = {
  product: 'product',
  variation: 'variation',
  variationParent: 'variation-parent',
} as const;

/** Mapping value of an SKU whose shop id turned out stale (the store cannot delete rows). */
const FORGOTTEN = '0';

/** SKUs per lookup request: keeps the URL short and the answer within one page of 100. */
const SKUS_PER_LOOKUP = 40;

export interface ResolvedRefs {
  refs: Map<string, ShopRef>;
  /** SKUs the shop holds with another kind than the projection's (reported, never written). */
  issues: CatalogIssue[];
  lookups: number;
  /** SKUs looked up now and not found (known-missing ones are not looked up). */
  notFound: string[];
}

async function storedRefs(
  store: StateStore,
  products: string[],
  variations: string[],
): Promise<Map<string, ShopRef>> {
  const refs = new Map<string, ShopRef>();
  const [productIds, variationIds, parentIds] = await Promise.all([
    store.getMappings(MAPPING_KINDS.product, products),
    store.getMappings(MAPPING_KINDS.variation, variations),
    store.getMappings(MAPPING_KINDS.variationParent, variations),
  ]);
  for (const [sku, id] of productIds) {
    if (id !== FORGOTTEN) refs.set(sku, { id: Number(id) });
  }
  for (const [sku, id] of variationIds) {
    const parentId = parentIds.get(sku);
    if (id !== FORGOTTEN && parentId !== undefined) {
      refs.set(sku, { id: Number(id), parentId: Number(parentId) });
    }
  }
  return refs;
}

function lookupChunks(skus: string[]): string[][] {
  const listable = skus.filter((s) => !s.includes(','));
  const out: string[][] = skus.filter((s) => s.includes(',')).map((s) => [s]);
  for (let i = 0; i < listable.length; i += SKUS_PER_LOOKUP) {
    out.push(listable.slice(i, i + SKUS_PER_LOOKUP));
  }
  return out;
}

export interface ResolveOptions {
  missing: MissingPolicy;
  /**
   * Ask the shop for every SKU, trusting neither stored ids nor "missing" markers (ids the shop
   * just refused): SKUs not found lose their stored id and are marked missing.
   */
  fresh?: boolean;
  now?: number;
}

/**
 * Finds the shop ids of `entities` (their own SKUs): stored ids first, then SKUs known to be
 * missing are skipped, and only the rest is looked up in the shop.
 */
export async function resolveShopRefs(
  store: StateStore,
  shop: WooClient,
  entities: readonly DiffEntity[],
  options: ResolveOptions,
): Promise<ResolvedRefs> {
  const now = options.now ?? Date.now();
  const kindOf = new Map(entities.map((e) => [e.sku.toLowerCase(), e]));
  const products = entities.filter((e) => e.kind === 'product').map((e) => e.sku);
  const variations = entities.filter((e) => e.kind === 'variation').map((e) => e.sku);
  const refs = options.fresh
    ? new Map<string, ShopRef>()
    : await storedRefs(store, products, variations);
  const unresolved = entities.map((e) => e.sku).filter((sku) => !refs.has(sku));
  const skipped = options.fresh
    ? new Set<string>()
    : await knownMissing(store, unresolved, options.missing, now);
  const unknown = unresolved.filter((sku) => !skipped.has(sku));
  const issues: CatalogIssue[] = [];
  const found: Found = { product: [], variation: [], parent: [] };
  const chunks = lookupChunks(unknown);
  // Concurrent reads; the client's limiter keeps the shop's concurrency.
  const pages = await Promise.all(
    chunks.map((part) => shop.products.list({ sku: part.join(','), per_page: 100, status: 'any' })),
  );
  const lookups = chunks.length;
  for (const page of pages) {
    for (const item of page.items) {
      const entity = kindOf.get(item.sku.toLowerCase());
      if (!entity || refs.has(entity.sku)) continue;
      const isVariation = item.type === 'variation';
      if (isVariation !== (entity.kind === 'variation')) {
        issues.push({
          reference: entity.sku,
          problem: 'sku-conflict',
          detail: `the shop holds SKU ${item.sku} as a ${item.type}, Sage makes it a ${entity.kind}`,
        });
        continue;
      }
      if (isVariation) {
        refs.set(entity.sku, { id: item.id, parentId: item.parent_id });
        found.variation.push({ sageKey: entity.sku, wooId: String(item.id) });
        found.parent.push({ sageKey: entity.sku, wooId: String(item.parent_id) });
      } else {
        refs.set(entity.sku, { id: item.id });
        found.product.push({ sageKey: entity.sku, wooId: String(item.id) });
      }
    }
  }
  await rememberRefs(store, found);
  const conflicted = new Set(issues.map((i) => i.reference));
  const looked = entities.filter((e) => !refs.has(e.sku) && !skipped.has(e.sku));
  const notFound = looked.filter((e) => !conflicted.has(e.sku)).map((e) => e.sku);
  await markMissing(store, notFound, now);
  // A refused id that the shop no longer has under that SKU: the stored one is forgotten.
  if (options.fresh) await forgetRefs(store, looked);
  await clearMissing(
    store,
    [...found.product, ...found.variation].map((f) => f.sageKey),
  );
  return { refs, issues, lookups, notFound };
}

type Found = Record<'product' | 'variation' | 'parent', { sageKey: string; wooId: string }[]>;

async function rememberRefs(store: StateStore, found: Found): Promise<void> {
  if (found.product.length > 0) await store.putMappings(MAPPING_KINDS.product, found.product);
  if (found.variation.length > 0) {
    await store.putMappings(MAPPING_KINDS.variation, found.variation);
    await store.putMappings(MAPPING_KINDS.variationParent, found.parent);
  }
}

/** Remembers shop ids of entities the connector just created. */
export async function rememberCreated(
  store: StateStore,
  created: { kind: DiffEntity['kind']; sku: string; id: number; parentId?: number }[],
): Promise<void> {
  const found: Found = { product: [], variation: [], parent: [] };
  for (const c of created) {
    if (c.kind === 'product') found.product.push({ sageKey: c.sku, wooId: String(c.id) });
    else {
      found.variation.push({ sageKey: c.sku, wooId: String(c.id) });
      found.parent.push({ sageKey: c.sku, wooId: String(c.parentId ?? 0) });
    }
  }
  await rememberRefs(store, found);
  await clearMissing(
    store,
    created.map((c) => c.sku),
  );
}

/** Drops stale shop ids (the product was deleted in the shop): the next run looks them up. */
export async function forgetRefs(
  store: StateStore,
  entities: readonly Pick<DiffEntity, 'kind' | 'sku'>[],
): Promise<void> {
  const forget = (kind: DiffEntity['kind']) =>
    entities.filter((e) => e.kind === kind).map((e) => ({ sageKey: e.sku, wooId: FORGOTTEN }));
  const products = forget('product');
  const variations = forget('variation');
  if (products.length > 0) await store.putMappings(MAPPING_KINDS.product, products);
  if (variations.length > 0) await store.putMappings(MAPPING_KINDS.variation, variations);
}
