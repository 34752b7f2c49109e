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
import { forgetRefs, rememberCreated, resolveShopRefs } from './shop-refs';
import { executePlan } from './shop-writes';

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
  diff: DiffSampleEntry[];
  plan: WritePlan<E>;
  /** Hash keys of the entities that differed from what was last pushed. */
  changedKeys: Set<string>;
}

/** The hash covers what an update sends and, for creates, what a create would add. */
function hashOf(entity: DiffEntity): string {
  return contentHash({ fields: entity.fields, parent: entity.parentSku ?? null });
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
  const { changed, unchanged } = changedEntities(entities, stored, hashOf, options.ignoreHashes);
  // A variation is written under its parent: the parent's id is needed even when unchanged.
  const parentSkus = new Set(
    changed.flatMap((c) => (c.entity.parentSku ? [c.entity.parentSku] : [])),
  );
  const lookupTargets: DiffEntity[] = [
    ...changed.map((c) => c.entity),
    ...[...parentSkus]
      .filter((sku) => !changed.some((c) => c.entity.kind === 'product' && c.entity.sku === sku))
      .map((sku) => ({ kind: 'product' as const, sku, fields: {} })),
  ];
  const resolved = await resolveShopRefs(store, shop, lookupTargets);
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
    diff: options.dryRun ? diffSample(plan, options.sampleSize) : [],
    plan,
    changedKeys: new Set(changed.map((c) => hashKey(c.entity))),
  };
  if (options.dryRun) return result;

  const outcome = await executePlan(shop, plan, options.onProgress);
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
