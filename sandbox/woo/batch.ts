import { WooError } from './errors';
import type { Shop } from './shop';
import { bodyObject } from './validation';

/**
 * The /batch endpoints: at most 100 items across create, update and delete; items run in that order,
 * one after the other, and an item's failure is reported in its place inside a 200 answer.
 */

export const BATCH_LIMIT = 100;

export interface BatchHandlers {
  create: (item: unknown) => unknown;
  update: (item: Record<string, unknown>) => unknown;
  remove: (id: number) => unknown;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function batchItemCount(body: unknown): number {
  const b = bodyObject(body);
  return asArray(b.create).length + asArray(b.update).length + asArray(b.delete).length;
}

export function runBatch(shop: Shop, body: unknown, h: BatchHandlers): Record<string, unknown[]> {
  const b = bodyObject(body);
  if (batchItemCount(b) > BATCH_LIMIT)
    throw new WooError(
      413,
      'woocommerce_rest_request_entity_too_large',
      `Unable to accept more than ${BATCH_LIMIT} items for this request.`,
    );
  const result: Record<string, unknown[]> = { create: [], update: [], delete: [] };
  const attempt = (id: number, fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof WooError)) throw e;
      return { id, error: e.body() };
    }
  };
  shop.store.transaction(() => {
    for (const item of asArray(b.create)) result.create.push(attempt(0, () => h.create(item)));
    for (const item of asArray(b.update)) {
      const obj = bodyObject(item);
      const id = Number(obj.id ?? 0);
      result.update.push(attempt(id, () => h.update(obj)));
    }
    for (const raw of asArray(b.delete)) {
      const id = Number(
        typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : raw,
      );
      result.delete.push(attempt(id, () => h.remove(id)));
    }
  });
  return result;
}
