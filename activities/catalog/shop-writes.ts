import type {
  DiffEntity,
  PlannedWrite,
  VariationWrites,
  WritePlan,
} from '../../shared/catalog/diff';
import type { BatchItemResult, BatchResult, WooClient } from '../woo';
import { WooHttpError, WooItemError } from '../woo';
import { bulkRouteOf, bulkWritable, withBulkRoute, type BulkUpdate } from '../woo/bulk';

/**
 * Executes a write plan against the shop: one products batch (creates and updates, chunked at
 * the batch limit), then one variations batch per parent (WooCommerce writes variations only
 * through `/products/{parent}/variations/batch`), parents in parallel within the client's
 * concurrency. Each item's outcome is kept: one bad item never hides the others.
 *
 * When the shop's plugin offers its bulk route (activities/woo/bulk.ts), the UPDATES of products
 * and of variations of every known parent go there together, in chunks of up to its limit;
 * creates (and any update with a field the route does not write) keep the REST v3 batches.
 */

export interface Confirmed<E extends DiffEntity> {
  entity: E;
  hash: string;
  id: number;
  parentId?: number;
  created: boolean;
}

export interface Failed<E extends DiffEntity> {
  entity: E;
  error: string;
  /** The stored shop id no longer exists: the mapping must be looked up again. */
  staleId: boolean;
  /**
   * A create refused because the shop already holds the SKU (an earlier, unanswered attempt),
   * or a variation whose parent was: looked up again rather than reported.
   */
  duplicateSku?: boolean;
}

export interface WriteOutcome<E extends DiffEntity> {
  confirmed: Confirmed<E>[];
  failed: Failed<E>[];
  requests: number;
}

/** Per-item codes (status 400 or 404, inside a 200 batch answer) of an id the shop does not have. */
const STALE_ID_CODES = new Set([
  'woocommerce_rest_product_invalid_id',
  'woocommerce_rest_product_variation_invalid_id',
]);

/** The same, refusing a whole variations batch: its parent product id is gone. */
const STALE_PARENT_CODES = new Set([
  ...STALE_ID_CODES,
  'woocommerce_rest_product_variation_invalid_parent',
]);

function isStaleParent(err: unknown): boolean {
  return (
    err instanceof WooHttpError &&
    (err.status === 400 || err.status === 404) &&
    STALE_PARENT_CODES.has(err.code)
  );
}

function payload(write: PlannedWrite<DiffEntity>): Record<string, unknown> {
  return write.id !== undefined
    ? { id: write.id, ...write.entity.fields }
    : { ...write.entity.createFields, ...write.entity.fields };
}

function collect<E extends DiffEntity, T extends { id: number }>(
  outcome: WriteOutcome<E>,
  writes: { create: PlannedWrite<E>[]; update: PlannedWrite<E>[] },
  result: BatchResult<T>,
  parentId?: number,
): void {
  outcome.requests += result.requests;
  for (const item of result.items as BatchItemResult<T>[]) {
    const write = item.op === 'create' ? writes.create[item.index] : writes.update[item.index];
    if (!write) continue;
    if (item.ok) {
      outcome.confirmed.push({
        entity: write.entity,
        hash: write.hash,
        id: item.id,
        ...(parentId !== undefined ? { parentId } : {}),
        created: item.op === 'create',
      });
      continue;
    }
    const code = item.error instanceof WooItemError ? item.error.code : '';
    const duplicateOf =
      item.op === 'create' && item.error instanceof WooItemError
        ? item.error.duplicateOfId
        : undefined;
    outcome.failed.push({
      entity: write.entity,
      error: item.error.message,
      staleId: STALE_PARENT_CODES.has(code),
      ...(duplicateOf !== undefined ? { duplicateSku: true } : {}),
    });
  }
}

export async function executePlan<E extends DiffEntity>(
  shop: WooClient,
  plan: WritePlan<E>,
  onProgress: () => void = () => undefined,
): Promise<WriteOutcome<E>> {
  const split = splitForBulk(plan);
  // The plugin is asked about only when there is something it could write.
  if (split.bulk.length === 0 || !(await bulkRouteOf(shop)))
    return executeRest(shop, plan, onProgress);
  const [rest, bulk] = await Promise.all([
    executeRest(shop, split.rest, onProgress),
    withBulkRoute(
      shop,
      async (bulk, route) => {
        const updates = split.bulk;
        const result = await bulk.update(
          route,
          updates.map((u): BulkUpdate => ({
            id: u.id,
            ...(u.parentId !== undefined ? { parent_id: u.parentId } : {}),
            ...u.write.entity.fields,
          })),
        );
        onProgress();
        return collectBulk(updates, result);
      },
      () => executeRest(shop, planOf(split.bulk), onProgress),
    ),
  ]);
  return {
    confirmed: [...rest.confirmed, ...bulk.confirmed],
    failed: [...rest.failed, ...bulk.failed],
    requests: rest.requests + bulk.requests,
  };
}

/** The planned writes the bulk route would take (the others stay on REST v3). */
export function bulkEligible<E extends DiffEntity>(plan: WritePlan<E>): PlannedWrite<E>[] {
  return splitForBulk(plan).bulk.map((b) => b.write);
}

/** The part of a plan whose entities pass `keep` (empty variation groups dropped). */
export function restrictPlan<E extends DiffEntity>(
  plan: WritePlan<E>,
  keep: (entity: E) => boolean,
): WritePlan<E> {
  const writes = (list: PlannedWrite<E>[]) => list.filter((w) => keep(w.entity));
  return {
    products: { create: writes(plan.products.create), update: writes(plan.products.update) },
    variations: plan.variations
      .map((g) => ({ ...g, create: writes(g.create), update: writes(g.update) }))
      .filter((g) => g.create.length + g.update.length > 0),
    missing: plan.missing.filter(keep),
  };
}

/** An update for the bulk route: a product, or a variation with its (known) parent. */
interface BulkWrite<E extends DiffEntity> {
  write: PlannedWrite<E>;
  id: number;
  parentId?: number;
}

/**
 * The updates the bulk route can take (products, and variations of parents that exist), and
 * what stays on REST v3: creates, variations of parents created in the same plan, and updates
 * with a field the route does not write.
 */
function splitForBulk<E extends DiffEntity>(
  plan: WritePlan<E>,
): { bulk: BulkWrite<E>[]; rest: WritePlan<E> } {
  const bulk: BulkWrite<E>[] = [];
  const eligible = (w: PlannedWrite<E>) => w.id !== undefined && bulkWritable(w.entity.fields);
  const restProducts: PlannedWrite<E>[] = [];
  for (const w of plan.products.update) {
    if (eligible(w)) bulk.push({ write: w, id: w.id as number });
    else restProducts.push(w);
  }
  const restGroups: VariationWrites<E>[] = [];
  for (const group of plan.variations) {
    const restUpdates: PlannedWrite<E>[] = [];
    for (const w of group.update) {
      if (group.parentId !== undefined && eligible(w))
        bulk.push({ write: w, id: w.id as number, parentId: group.parentId });
      else restUpdates.push(w);
    }
    if (group.create.length + restUpdates.length > 0)
      restGroups.push({ ...group, update: restUpdates });
  }
  return {
    bulk,
    rest: {
      products: { create: plan.products.create, update: restProducts },
      variations: restGroups,
      missing: plan.missing,
    },
  };
}

/** The bulk updates as a REST v3 plan (the route turned out gone). */
function planOf<E extends DiffEntity>(writes: readonly BulkWrite<E>[]): WritePlan<E> {
  const groups = new Map<number, VariationWrites<E>>();
  const products: PlannedWrite<E>[] = [];
  for (const { write, parentId } of writes) {
    if (parentId === undefined) {
      products.push(write);
      continue;
    }
    const group = groups.get(parentId) ?? {
      parentSku: write.entity.parentSku ?? '',
      parentId,
      create: [],
      update: [],
    };
    group.update.push(write);
    groups.set(parentId, group);
  }
  return {
    products: { create: [], update: products },
    variations: [...groups.values()],
    missing: [],
  };
}

function collectBulk<E extends DiffEntity>(
  writes: readonly BulkWrite<E>[],
  result: BatchResult<{ id: number }>,
): WriteOutcome<E> {
  const outcome: WriteOutcome<E> = { confirmed: [], failed: [], requests: result.requests };
  for (const item of result.items) {
    const bulkWrite = writes[item.index];
    if (!bulkWrite) continue;
    const { write, parentId } = bulkWrite;
    if (item.ok) {
      outcome.confirmed.push({
        entity: write.entity,
        hash: write.hash,
        id: item.id,
        ...(parentId !== undefined ? { parentId } : {}),
        created: false,
      });
      continue;
    }
    const code = item.error instanceof WooItemError ? item.error.code : '';
    outcome.failed.push({
      entity: write.entity,
      error: item.error.message,
      // An id the shop does not have, or a variation no longer under that parent.
      staleId: STALE_PARENT_CODES.has(code),
    });
  }
  return outcome;
}

async function executeRest<E extends DiffEntity>(
  shop: WooClient,
  plan: WritePlan<E>,
  onProgress: () => void,
): Promise<WriteOutcome<E>> {
  const outcome: WriteOutcome<E> = { confirmed: [], failed: [], requests: 0 };
  const writeProducts = async () => {
    const { create, update } = plan.products;
    if (create.length + update.length === 0) return;
    const result = await shop.products.batch({
      ...(create.length > 0 ? { create: create.map(payload) } : {}),
      ...(update.length > 0 ? { update: update.map(payload) as { id: number }[] } : {}),
    });
    collect(outcome, plan.products, result);
    onProgress();
  };
  const writeVariations = async (group: VariationWrites<E>, createdIds: Map<string, number>) => {
    const parentId = group.parentId ?? createdIds.get(group.parentSku);
    if (parentId === undefined) {
      // A parent refused as an existing SKU exists after all: its variations are retried too.
      const parentExists = outcome.failed.some(
        (f) => f.duplicateSku && f.entity.kind === 'product' && f.entity.sku === group.parentSku,
      );
      for (const write of [...group.create, ...group.update]) {
        outcome.failed.push({
          entity: write.entity,
          error: `variable product ${group.parentSku} could not be created`,
          staleId: false,
          ...(parentExists ? { duplicateSku: true } : {}),
        });
      }
      return;
    }
    let result: BatchResult<{ id: number }>;
    try {
      result = await shop.variations.batch(parentId, {
        ...(group.create.length > 0 ? { create: group.create.map(payload) } : {}),
        ...(group.update.length > 0
          ? { update: group.update.map(payload) as { id: number }[] }
          : {}),
      });
    } catch (err) {
      if (!isStaleParent(err)) throw err;
      // The parent is gone: every variation of the group is looked up again.
      outcome.requests += 1;
      for (const write of [...group.create, ...group.update]) {
        outcome.failed.push({ entity: write.entity, error: (err as Error).message, staleId: true });
      }
      return;
    }
    collect(outcome, group, result, parentId);
    onProgress();
  };
  if (plan.products.create.length === 0) {
    // Every parent exists: all batches at once, within the client's concurrency.
    await Promise.all([
      writeProducts(),
      ...plan.variations.map((g) => writeVariations(g, new Map())),
    ]);
    return outcome;
  }
  // New variable products first: their variations are written under the ids they get.
  await writeProducts();
  const createdIds = new Map(
    outcome.confirmed.filter((c) => c.created).map((c) => [c.entity.sku, c.id]),
  );
  await Promise.all(plan.variations.map((group) => writeVariations(group, createdIds)));
  return outcome;
}
