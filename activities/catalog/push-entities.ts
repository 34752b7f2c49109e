import {
  changedEntities,
  hashKey,
  planWrites,
  type DiffEntity,
  type WritePlan,
} from '../../shared/catalog/diff';
import { contentHash } from '../../shared/catalog/hash';
import { driftedFields, type DriftedField } from '../../shared/catalog/drift';
import type { CatalogIssue } from '../../shared/catalog/types';
import type { StateStore } from '../state/store';
import type { WooClient } from '../woo';
import { diffSample, type DiffSampleEntry } from './report';
import type { MissingPolicy } from './missing-skus';
import { forgetRefs, rememberCreated, resolveShopRefs } from './shop-refs';
import { bulkRouteOf } from '../woo/bulk';
import { bulkEligible, executePlan, restrictPlan, type WriteOutcome } from './shop-writes';
import { readShopState, shopStateKey, type ShopStateCache } from './shop-state';

/** How long "this SKU is not in the shop" is trusted when the caller does not say. */
export const DEFAULT_MISSING_RECHECK_MS = 86_400_000;

/**
 * Push only what changed: hash each entity, keep those whose hash differs from the last one
 * pushed, find their shop ids, write them, and store the new hashes only for the items the
 * shop confirmed — so a page re-run after a crash writes exactly what is still unconfirmed.
 */

export interface PushOptions {
  /** State-store kind of the hashes (`catalog`, `stock`): each sync hashes its own fields. */
  hashKind: string;
  mayCreate: boolean;
  dryRun: boolean;
  /** Ignore stored hashes (dry runs of a forced resync; real ones clear the hashes instead). */
  ignoreHashes: boolean;
  sampleSize: number;
  /** How long an SKU found missing is not looked up again (`catalog.missingSkuRecheck`). */
  missingSkuRecheckMs?: number;
  /**
   * Fill whole bulk requests (the shop plugin's bulk route): when rows follow this page, only
   * the entities of the page's first units (articles, or Sage rows) whose bulk updates fill whole
   * requests of the route's limit are written; the caller resumes its next page at the first unit
   * left (`PushResult.cutAt`), whose entities are then written with the next page's. Without the
   * route, on a dry run, on the last page, or when the page's updates fill no request or exactly
   * fill theirs, the whole page is written.
   */
  fillBulk?: PageUnits<DiffEntity>;
  /**
   * Full runs: the entities whose hash equals the one last pushed are compared with what the
   * shop holds now (read by SKU, `shop-state.ts`; the cache spans the attempts of one page) and
   * written again where an owned field drifted (edited in the shop admin, by an import plugin).
   * Incremental runs leave it out and trust the hashes (no read).
   */
  compareShop?: { cache: ShopStateCache };
  onProgress?: () => void;
}

/** An entity written again because the shop held other values than the ones last pushed. */
export interface DriftRepair<E> {
  entity: E;
  fields: DriftedField[];
}

/** Where the entities of a page come from, in the page's order. */
export interface PageUnits<E> {
  /** Position (0-based) of the unit an entity is written with: entities of one unit go together. */
  positionOf(entity: E): number;
  /** Whether rows follow this page (the last page is never cut). */
  more: boolean;
  /**
   * Whether the caller can read a longer page: a page whose bulk updates would not fill one
   * request because few of its entities changed (fewer than half) is then not written
   * (`PushResult.short`), and read again longer.
   */
  mayGrow?: boolean;
}

export interface PushResult<E extends DiffEntity> {
  pushed: number;
  unchanged: number;
  created: number;
  failed: number;
  missing: E[];
  issues: CatalogIssue[];
  writeRequests: number;
  /** Lookup requests (`GET /products?sku=…`) made to resolve shop ids. */
  lookups: number;
  /** Read requests of the drift check (`compareShop`), `GET /products?sku=…` too. */
  shopReads: number;
  /**
   * With `compareShop`: entities whose hash was unchanged but whose shop values drifted, written
   * again (dry runs: would be); they count in `pushed` too.
   */
  drift: DriftRepair<E>[];
  diff: DiffSampleEntry[];
  plan: WritePlan<E>;
  /** Hash keys of the entities that differed from what was last pushed. */
  changedKeys: Set<string>;
  /**
   * With `fillBulk`: the page was cut, only the entities of units before this position were
   * written, reported and counted; undefined when the whole page was.
   */
  cutAt?: number;
  /**
   * With `fillBulk.mayGrow`: the page's bulk updates fill no request and rows follow; nothing
   * was written, read a longer page.
   */
  short?: boolean;
}

function emptyResult<E extends DiffEntity>(
  plan: WritePlan<E>,
  unchanged: number,
  lookups: number,
  shopReads: number,
): PushResult<E> {
  return {
    pushed: 0,
    unchanged,
    created: 0,
    failed: 0,
    missing: [],
    issues: [],
    writeRequests: 0,
    lookups,
    shopReads,
    drift: [],
    diff: [],
    plan,
    changedKeys: new Set(),
  };
}

/**
 * Where to cut a page so that its bulk updates fill whole requests: `positions` are the units of
 * the bulk-eligible updates. Returns the first unit left for the next page, or undefined when
 * the whole page should be written (fewer updates than one request, or an exact fill).
 */
export function bulkCut(positions: readonly number[], limit: number): number | undefined {
  const whole = Math.floor(positions.length / limit) * limit;
  if (whole === 0 || whole === positions.length) return undefined;
  const sorted = [...positions].sort((a, b) => a - b);
  // Units before the (whole+1)-th update: at most `whole` updates, a unit never split.
  const cut = sorted[whole];
  // One unit alone holds more than `whole` updates: it goes whole.
  return cut > sorted[0] ? cut : sorted[0] + 1;
}

/**
 * Positions by unit for entities built from page items: an entity belongs to the first page
 * item of its product (a variable product and its variations go together, with the item of the
 * first of its members in the page); entities from outside the page go with that item too.
 */
export function unitPositions<E extends DiffEntity & { articleRef: string }>(
  entities: readonly E[],
  positionOfArticle: (reference: string) => number | undefined,
): (entity: DiffEntity) => number {
  const productOf = (e: DiffEntity) => e.parentSku ?? e.sku;
  const first = new Map<string, number>();
  for (const entity of entities) {
    const position = positionOfArticle(entity.articleRef);
    if (position === undefined) continue;
    const key = productOf(entity);
    first.set(key, Math.min(first.get(key) ?? position, position));
  }
  // An entity with no page item (cannot happen with the projections) is written at once.
  return (entity) => first.get(productOf(entity)) ?? 0;
}

/** The hash covers what an update sends and, for creates, what a create would add. */
function hashOf(entity: DiffEntity): string {
  return contentHash({ fields: entity.fields, parent: entity.parentSku ?? null });
}

/** What must be resolved to write `changed`: their SKUs, and the parents of variations. */
function lookupTargets(changed: readonly { entity: DiffEntity }[]): DiffEntity[] {
  // A variation is written under its parent: the parent's id is needed even when unchanged.
  const parentSkus = new Set(
    changed.flatMap((c) => (c.entity.parentSku ? [c.entity.parentSku] : [])),
  );
  const productSkus = new Set(
    changed.filter((c) => c.entity.kind === 'product').map((c) => c.entity.sku),
  );
  return [
    ...changed.map((c) => c.entity),
    ...[...parentSkus]
      .filter((sku) => !productSkus.has(sku))
      .map((sku) => ({ kind: 'product' as const, sku, fields: {} })),
  ];
}

export async function pushEntities<E extends DiffEntity & { articleRef: string }>(
  store: StateStore,
  shop: WooClient,
  entities: readonly E[],
  options: PushOptions,
): Promise<PushResult<E>> {
  const stored = options.ignoreHashes
    ? new Map<string, string>()
    : await store.getHashes(options.hashKind, entities.map(hashKey));
  // Unchanged entities (hash equal to what was pushed) need no shop id: never resolved.
  const byHash = changedEntities(entities, stored, hashOf, options.ignoreHashes);
  // Full runs: those the shop holds otherwise (drift) are written too.
  const check = options.compareShop && !options.ignoreHashes ? options.compareShop : undefined;
  const drifted = check
    ? await driftOf(shop, entities, byHash.changed, check.cache)
    : { repairs: new Map<string, DriftedField[]>(), writes: [], reads: 0 };
  const changed = [...byHash.changed, ...drifted.writes];
  const unchanged = byHash.unchanged - drifted.writes.length;
  const missingPolicy = {
    recheckMs: options.missingSkuRecheckMs ?? DEFAULT_MISSING_RECHECK_MS,
    recheckAll: options.ignoreHashes,
  };
  const resolved = await resolveShopRefs(store, shop, lookupTargets(changed), {
    missing: missingPolicy,
  });
  options.onProgress?.();
  const conflicted = new Set(resolved.issues.map((i) => i.reference));
  let plan = planWrites(
    changed.filter((c) => !conflicted.has(c.entity.sku)),
    resolved.refs,
    options.mayCreate,
  );
  let issues = [...resolved.issues];
  let changedNow = changed;
  let unchangedNow = unchanged;
  let cutAt: number | undefined;
  const units = options.fillBulk;
  if (units?.more && !options.dryRun) {
    const route = await bulkRouteOf(shop);
    const positions = route ? bulkEligible(plan).map((w) => units.positionOf(w.entity)) : [];
    // Sparse changes (most of the page unchanged) that fill no request: a longer page gathers
    // more. A page short because it is small (everything changed) keeps the configured size.
    const sparse = changed.length * 2 < entities.length;
    if (
      route &&
      units.mayGrow &&
      sparse &&
      positions.length > 0 &&
      positions.length < route.limit
    ) {
      return { ...emptyResult(plan, unchanged, resolved.lookups, drifted.reads), short: true };
    }
    cutAt = route ? bulkCut(positions, route.limit) : undefined;
    if (cutAt !== undefined) {
      const at = cutAt;
      const now = (e: DiffEntity) => units.positionOf(e) < at;
      plan = restrictPlan(plan, now);
      changedNow = changed.filter((c) => now(c.entity));
      const changedKeys = new Set(changed.map((c) => hashKey(c.entity)));
      unchangedNow = entities.filter((e) => now(e) && !changedKeys.has(hashKey(e))).length;
      const later = new Set(entities.filter((e) => !now(e)).map((e) => e.articleRef));
      issues = issues.filter((i) => !later.has(i.reference));
    }
  }
  const result: PushResult<E> = {
    pushed: 0,
    unchanged: unchangedNow,
    created: 0,
    failed: 0,
    missing: plan.missing,
    issues,
    writeRequests: 0,
    lookups: resolved.lookups,
    shopReads: drifted.reads,
    drift: repairsOf(
      changedNow.map((c) => c.entity),
      drifted.repairs,
    ),
    diff: options.dryRun ? diffSample(plan, options.sampleSize) : [],
    plan,
    changedKeys: new Set(changedNow.map((c) => hashKey(c.entity))),
    ...(cutAt !== undefined ? { cutAt } : {}),
  };
  if (options.dryRun) return result;

  const first = await executePlan(shop, plan, options.onProgress);
  const outcome = await refreshRefused(store, shop, first, result, options, missingPolicy);
  result.writeRequests = outcome.requests;
  result.pushed = outcome.confirmed.length;
  result.created = outcome.confirmed.filter((c) => c.created).length;
  result.failed = outcome.failed.length;
  result.drift = repairsOf(
    outcome.confirmed.map((c) => c.entity),
    drifted.repairs,
  );
  for (const failure of outcome.failed) {
    result.issues.push({
      reference: failure.entity.articleRef,
      problem: 'write-failed',
      detail: `${failure.entity.kind} ${failure.entity.sku}: ${failure.error}`,
    });
  }
  await rememberCreated(
    store,
    outcome.confirmed
      .filter((c) => c.created)
      .map((c) => ({ kind: c.entity.kind, sku: c.entity.sku, id: c.id, parentId: c.parentId })),
  );
  await forgetRefs(
    store,
    outcome.failed.filter((f) => f.staleId).map((f) => f.entity),
  );
  await store.putHashes(
    options.hashKind,
    outcome.confirmed.map((c) => ({ key: hashKey(c.entity), hash: c.hash })),
  );
  return result;
}

/**
 * The drift check of full runs: reads what the shop holds of the entities whose hash is
 * unchanged (the changed ones are written anyway) and returns those whose owned fields differ.
 * An entity the shop does not hold under its SKU is left as the hashes say.
 */
async function driftOf<E extends DiffEntity>(
  shop: WooClient,
  entities: readonly E[],
  changed: readonly { entity: E }[],
  cache: ShopStateCache,
): Promise<{
  repairs: Map<string, DriftedField[]>;
  writes: { entity: E; hash: string }[];
  reads: number;
}> {
  const changedKeys = new Set(changed.map((c) => hashKey(c.entity)));
  const kept = entities.filter((e) => !changedKeys.has(hashKey(e)));
  const reads = await readShopState(shop, kept, cache);
  const repairs = new Map<string, DriftedField[]>();
  const writes: { entity: E; hash: string }[] = [];
  for (const entity of kept) {
    const doc = cache.get(shopStateKey(entity));
    if (!doc) continue;
    const fields = driftedFields(entity.fields, doc);
    if (fields.length === 0 || repairs.has(hashKey(entity))) continue;
    repairs.set(hashKey(entity), fields);
    writes.push({ entity, hash: hashOf(entity) });
  }
  return { repairs, writes, reads };
}

function repairsOf<E extends DiffEntity>(
  written: readonly E[],
  repairs: ReadonlyMap<string, DriftedField[]>,
): DriftRepair<E>[] {
  return written.flatMap((entity) => {
    const fields = repairs.get(hashKey(entity));
    return fields ? [{ entity, fields }] : [];
  });
}

/**
 * Writes refused because of the map — a stored id the shop no longer has (deleted product or
 * variation, or their parent), or a create whose SKU the shop already holds (an earlier attempt
 * applied without answer) — are resolved again by a fresh lookup and written once more: found,
 * they are updated under their current id; gone, they are missing (update mode) or created.
 */
async function refreshRefused<E extends DiffEntity & { articleRef: string }>(
  store: StateStore,
  shop: WooClient,
  first: WriteOutcome<E>,
  result: PushResult<E>,
  options: PushOptions,
  missing: MissingPolicy,
): Promise<WriteOutcome<E>> {
  const refused = first.failed.filter((f) => f.staleId || f.duplicateSku);
  if (refused.length === 0) return first;
  await forgetRefs(
    store,
    refused.filter((f) => f.staleId).map((f) => f.entity),
  );
  const retry = refused.map((f) => ({
    entity: f.entity,
    hash: hashOf(f.entity),
  }));
  const resolved = await resolveShopRefs(store, shop, lookupTargets(retry), {
    missing,
    fresh: true,
  });
  result.lookups += resolved.lookups;
  result.issues.push(...resolved.issues);
  // A parent found gone loses its hash, so that a create-mode run writes it again.
  const goneParents = new Set(
    retry.flatMap((r) => (r.entity.parentSku ? [r.entity.parentSku] : [])),
  );
  const gone = resolved.notFound.filter((sku) => goneParents.has(sku));
  if (gone.length > 0) {
    await store.putHashes(
      options.hashKind,
      gone.map((sku) => ({ key: hashKey({ kind: 'product', sku }), hash: '' })),
    );
  }
  const conflicted = new Set(resolved.issues.map((i) => i.reference));
  const plan = planWrites(
    retry.filter((r) => !conflicted.has(r.entity.sku)),
    resolved.refs,
    options.mayCreate,
  );
  result.missing.push(...plan.missing);
  const second = await executePlan(shop, plan, options.onProgress);
  return {
    confirmed: [...first.confirmed, ...second.confirmed],
    failed: [...first.failed.filter((f) => !f.staleId && !f.duplicateSku), ...second.failed],
    requests: first.requests + second.requests,
  };
}
