import type { WooClient } from '../woo';
import { withBulkRoute } from '../woo/bulk';
import type { ProductTarget } from './shop-targets';

/** One shop object to update with price meta. */
export interface MetaWrite<T> {
  key: string;
  target: T;
  metaData: { key: string; value: unknown }[];
}

export interface WriteOutcome {
  /** Keys written successfully (their hashes may be recorded). */
  written: string[];
  failed: { key: string; message: string }[];
  requests: number;
}

function collect(
  outcome: WriteOutcome,
  keys: string[],
  result: {
    items: { ok: boolean; index: number; error?: { message: string } }[];
    requests: number;
  },
): void {
  outcome.requests += result.requests;
  for (const item of result.items) {
    const key = keys[item.index];
    if (item.ok) outcome.written.push(key);
    else outcome.failed.push({ key, message: item.error?.message ?? 'failed' });
  }
}

/**
 * Through the shop plugin's bulk route when it has one (products and variations of every parent
 * together, activities/woo/bulk.ts), else products in one batch and variations in one batch per
 * parent (WooCommerce's endpoints).
 */
export async function writeProductMeta(
  woo: WooClient,
  writes: readonly MetaWrite<ProductTarget>[],
): Promise<WriteOutcome> {
  if (writes.length === 0) return { written: [], failed: [], requests: 0 };
  return withBulkRoute(
    woo,
    async (bulk, route) => {
      const outcome: WriteOutcome = { written: [], failed: [], requests: 0 };
      const result = await bulk.update(
        route,
        writes.map((w) => ({
          id: w.target.id,
          ...(w.target.parentId !== undefined ? { parent_id: w.target.parentId } : {}),
          meta_data: w.metaData,
        })),
      );
      collect(
        outcome,
        writes.map((w) => w.key),
        result,
      );
      return outcome;
    },
    () => writeProductMetaRest(woo, writes),
  );
}

async function writeProductMetaRest(
  woo: WooClient,
  writes: readonly MetaWrite<ProductTarget>[],
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { written: [], failed: [], requests: 0 };
  const products = writes.filter((w) => w.target.parentId === undefined);
  if (products.length > 0) {
    const result = await woo.products.batch({
      update: products.map((w) => ({ id: w.target.id, meta_data: w.metaData })),
    });
    collect(
      outcome,
      products.map((w) => w.key),
      result,
    );
  }
  const byParent = new Map<number, MetaWrite<ProductTarget>[]>();
  for (const w of writes) {
    if (w.target.parentId === undefined) continue;
    const list = byParent.get(w.target.parentId) ?? [];
    list.push(w);
    byParent.set(w.target.parentId, list);
  }
  for (const [parentId, list] of byParent) {
    const result = await woo.variations.batch(parentId, {
      update: list.map((w) => ({ id: w.target.id, meta_data: w.metaData })),
    });
    collect(
      outcome,
      list.map((w) => w.key),
      result,
    );
  }
  return outcome;
}

export async function writeCustomerMeta(
  woo: WooClient,
  writes: readonly MetaWrite<number>[],
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { written: [], failed: [], requests: 0 };
  if (writes.length === 0) return outcome;
  const result = await woo.customers.batch({
    update: writes.map((w) => ({ id: w.target, meta_data: w.metaData })),
  });
  collect(
    outcome,
    writes.map((w) => w.key),
    result,
  );
  return outcome;
}
