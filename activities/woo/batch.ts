import type { BatchOperation, BatchRequest } from '../../shared/woo/batch';

/**
 * Splitting of batch requests into chunks the shop accepts, and the per-item results.
 * WooCommerce processes a batch create → update → delete, sequentially, without a
 * transaction, and answers item by item in the same order.
 */

/** Where an item of a chunk came from in the caller's request. */
export interface ChunkItemRef {
  op: BatchOperation;
  /** Index in the caller's `create`/`update`/`delete` array. */
  index: number;
}

export interface BatchChunk<TCreate, TUpdate> {
  request: BatchRequest<TCreate, TUpdate>;
  refs: ChunkItemRef[];
}

/**
 * Splits a batch into chunks of at most `size` items in total, keeping the global order
 * create → update → delete (a chunk may hold the last creates and the first updates).
 */
export function chunkBatch<TCreate, TUpdate>(
  request: BatchRequest<TCreate, TUpdate>,
  size: number,
): BatchChunk<TCreate, TUpdate>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be ≥ 1: ${size}`);
  const all: { ref: ChunkItemRef; item: unknown }[] = [
    ...(request.create ?? []).map((item, index) => ({
      ref: { op: 'create' as const, index },
      item,
    })),
    ...(request.update ?? []).map((item, index) => ({
      ref: { op: 'update' as const, index },
      item,
    })),
    ...(request.delete ?? []).map((item, index) => ({
      ref: { op: 'delete' as const, index },
      item,
    })),
  ];
  const chunks: BatchChunk<TCreate, TUpdate>[] = [];
  for (let start = 0; start < all.length; start += size) {
    const slice = all.slice(start, start + size);
    const chunkRequest: BatchRequest<TCreate, TUpdate> = {};
    for (const { ref, item } of slice) {
      if (ref.op === 'create') (chunkRequest.create ??= []).push(item as TCreate);
      else if (ref.op === 'update') (chunkRequest.update ??= []).push(item as TUpdate);
      else (chunkRequest.delete ??= []).push(item as number);
    }
    chunks.push({ request: chunkRequest, refs: slice.map((s) => s.ref) });
  }
  return chunks;
}

export function batchItemCount(request: BatchRequest<unknown, unknown>): number {
  return (
    (request.create?.length ?? 0) + (request.update?.length ?? 0) + (request.delete?.length ?? 0)
  );
}

/** Splits one chunk in two halves (used when the shop's limit is below the configured size). */
export function splitChunk<TCreate, TUpdate>(
  chunk: BatchChunk<TCreate, TUpdate>,
): [BatchChunk<TCreate, TUpdate>, BatchChunk<TCreate, TUpdate>] {
  const half = Math.ceil(chunk.refs.length / 2);
  const [first, second] = chunkBatch(chunk.request, half);
  const rebase = (
    c: BatchChunk<TCreate, TUpdate>,
    offset: number,
  ): BatchChunk<TCreate, TUpdate> => ({
    request: c.request,
    refs: c.refs.map((_, i) => chunk.refs[offset + i]),
  });
  return [rebase(first, 0), rebase(second, half)];
}
