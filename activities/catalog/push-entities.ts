import {
  changedEntities,
  hashKey,
  planWrites,
  type DiffEntity,
  type WritePlan,
} from '../../shared/catalog/diff';
import { contentHash } from '../../shared/catalog/hash';
import type { CatalogIssue } from '../../shared/catalog/types';
import type { StateStore } from '../state/store';
import type { WooClient } from '../woo';
import { diffSample, type DiffSampleEntry } from './report';
import type { MissingPolicy } from './missing-skus';
import { forgetRefs, rememberCreated, resolveShopRefs } from './shop-refs';
import { executePlan, type WriteOutcome } from './shop-writes';

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
  onProgress?: () => void;
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
  diff: DiffSampleEntry[];
  plan: WritePlan<E>;
  /** Hash keys of the entities that differed from what was last pushed. */
  changedKeys: Set<string>;
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
  const { changed, unchanged } = changedEntities(entities, stored, hashOf, options.ignoreHashes);
  const missingPolicy = {
    recheckMs: options.missingSkuRecheckMs ?? DEFAULT_MISSING_RECHECK_MS,
    recheckAll: options.ignoreHashes,
  };
  const resolved = await resolveShopRefs(store, shop, lookupTargets(changed), {
    missing: missingPolicy,
  });
  options.onProgress?.();
  const conflicted = new Set(resolved.issues.map((i) => i.reference));
  const plan = planWrites(
    changed.filter((c) => !conflicted.has(c.entity.sku)),
    resolved.refs,
    options.mayCreate,
  );
  const result: PushResult<E> = {
    pushed: 0,
    unchanged,
    created: 0,
    failed: 0,
    missing: plan.missing,
    issues: [...resolved.issues],
    writeRequests: 0,
    lookups: resolved.lookups,
    diff: options.dryRun ? diffSample(plan, options.sampleSize) : [],
    plan,
    changedKeys: new Set(changed.map((c) => hashKey(c.entity))),
  };
  if (options.dryRun) return result;

  const first = await executePlan(shop, plan, options.onProgress);
  const outcome = await refreshRefused(store, shop, first, result, options, missingPolicy);
  result.writeRequests = outcome.requests;
  result.pushed = outcome.confirmed.length;
  result.created = outcome.confirmed.filter((c) => c.created).length;
  result.failed = outcome.failed.length;
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
