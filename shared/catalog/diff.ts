import type { EntityKind } from './types';

/**
 * Diffing projected entities against what was last pushed, and planning the shop writes.
 * Shared by the catalog and stock syncs (each keeps its own hashes: they write different
 * fields of the same products).
 */

/** What diffing needs of an entity. */
export interface DiffEntity {
  kind: EntityKind;
  sku: string;
  parentSku?: string;
  fields: Record<string, unknown>;
  createFields?: Record<string, unknown>;
}

/** Where an SKU lives in the shop. */
export interface ShopRef {
  id: number;
  /** Variations only: the variable product holding it. */
  parentId?: number;
}

export interface PlannedWrite<E extends DiffEntity> {
  entity: E;
  hash: string;
  /** Shop id for an update; absent for a create. */
  id?: number;
}

export interface VariationWrites<E extends DiffEntity> {
  parentSku: string;
  /** Known when the parent exists; a parent created in the same page gets it after its write. */
  parentId?: number;
  create: PlannedWrite<E>[];
  update: PlannedWrite<E>[];
}

export interface WritePlan<E extends DiffEntity> {
  products: { create: PlannedWrite<E>[]; update: PlannedWrite<E>[] };
  /** One entry per parent: WooCommerce writes variations only through their parent's batch. */
  variations: VariationWrites<E>[];
  /** Changed entities that are not in the shop and may not be created (update mode). */
  missing: E[];
}

/** State-store key of an entity's hash: products and variations have separate SKU spaces here. */
export function hashKey(entity: Pick<DiffEntity, 'kind' | 'sku'>): string {
  return `${entity.kind === 'product' ? 'p' : 'v'}:${entity.sku}`;
}

/** Entities whose content hash differs from the stored one (all of them when forced). */
export function changedEntities<E extends DiffEntity>(
  entities: readonly E[],
  hashes: ReadonlyMap<string, string>,
  hashOf: (entity: E) => string,
  force = false,
): { changed: { entity: E; hash: string }[]; unchanged: number } {
  const changed: { entity: E; hash: string }[] = [];
  let unchanged = 0;
  for (const entity of entities) {
    const hash = hashOf(entity);
    if (!force && hashes.get(hashKey(entity)) === hash) unchanged += 1;
    else changed.push({ entity, hash });
  }
  return { changed, unchanged };
}

/**
 * Splits changed entities into product creates/updates and per-parent variation
 * creates/updates. `mayCreate` is the create mode; without it, an SKU missing in the shop is
 * reported and never written.
 */
export function planWrites<E extends DiffEntity>(
  changed: readonly { entity: E; hash: string }[],
  refs: ReadonlyMap<string, ShopRef>,
  mayCreate: boolean,
): WritePlan<E> {
  const plan: WritePlan<E> = { products: { create: [], update: [] }, variations: [], missing: [] };
  const creatingParents = new Set<string>();
  const byParent = new Map<string, VariationWrites<E>>();
  for (const { entity, hash } of changed) {
    if (entity.kind !== 'product') continue;
    const ref = refs.get(entity.sku);
    if (ref) plan.products.update.push({ entity, hash, id: ref.id });
    else if (mayCreate && entity.createFields) {
      plan.products.create.push({ entity, hash });
      creatingParents.add(entity.sku);
    } else plan.missing.push(entity);
  }
  for (const { entity, hash } of changed) {
    if (entity.kind !== 'variation') continue;
    const ref = refs.get(entity.sku);
    const parentSku = entity.parentSku ?? '';
    // A variation found in the shop is written under the parent that really holds it.
    const parentId = ref?.parentId ?? refs.get(parentSku)?.id;
    const canCreate =
      mayCreate &&
      entity.createFields &&
      (parentId !== undefined || creatingParents.has(parentSku));
    if (!ref && !canCreate) {
      plan.missing.push(entity);
      continue;
    }
    const groupKey = parentId !== undefined ? `#${parentId}` : `sku:${parentSku}`;
    let group = byParent.get(groupKey);
    if (!group) {
      group = {
        parentSku,
        ...(parentId !== undefined ? { parentId } : {}),
        create: [],
        update: [],
      };
      byParent.set(groupKey, group);
      plan.variations.push(group);
    }
    if (ref) group.update.push({ entity, hash, id: ref.id });
    else group.create.push({ entity, hash });
  }
  return plan;
}

/** Write requests a plan needs with batches of `batchSize` items (for dry runs and reports). */
export function plannedRequests(plan: WritePlan<DiffEntity>, batchSize: number): number {
  const products = plan.products.create.length + plan.products.update.length;
  return (
    Math.ceil(products / batchSize) +
    plan.variations.reduce(
      (sum, v) => sum + Math.ceil((v.create.length + v.update.length) / batchSize),
      0,
    )
  );
}
