import type {
  DiffEntity,
  PlannedWrite,
  VariationWrites,
  WritePlan,
} from '../../shared/catalog/diff';
import type { BatchItemResult, BatchResult, WooClient } from '../woo';
import { WooHttpError, WooItemError } from '../woo';

/**
 * Executes a write plan against the shop: one products batch (creates and updates, chunked at
 * the batch limit), then one variations batch per parent (WooCommerce writes variations only
 * through `/products/{parent}/variations/batch`), parents in parallel within the client's
 * concurrency. Each item's outcome is kept: one bad item never hides the others.
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
