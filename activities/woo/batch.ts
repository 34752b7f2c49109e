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

/** The items of a batch in the order WooCommerce runs them: create → update → delete. */
export interface BatchItem {
  ref: ChunkItemRef;
  item: unknown;
}

export function flattenBatch<TCreate, TUpdate>(
  request: BatchRequest<TCreate, TUpdate>,
): BatchItem[] {
  return [
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
}

/** One chunk of consecutive items (a chunk may hold the last creates and the first updates). */
export function chunkOf<TCreate, TUpdate>(
  slice: readonly BatchItem[],
): BatchChunk<TCreate, TUpdate> {
  const chunkRequest: BatchRequest<TCreate, TUpdate> = {};
  for (const { ref, item } of slice) {
    if (ref.op === 'create') (chunkRequest.create ??= []).push(item as TCreate);
    else if (ref.op === 'update') (chunkRequest.update ??= []).push(item as TUpdate);
    else (chunkRequest.delete ??= []).push(item as number);
  }
  return { request: chunkRequest, refs: slice.map((s) => s.ref) };
}

/**
 * Splits a batch into chunks of at most `size` items in total, keeping the global order
 * create → update → delete (a chunk may hold the last creates and the first updates).
 */
export function chunkBatch<TCreate, TUpdate>(
  request: BatchRequest<TCreate, TUpdate>,
  size: number,
): BatchChunk<TCreate, TUpdate>[] {
  checkSize(size);
  const all = flattenBatch(request);
  const chunks: BatchChunk<TCreate, TUpdate>[] = [];
  for (let start = 0; start < all.length; start += size) {
    chunks.push(chunkOf(all.slice(start, start + size)));
  }
  return chunks;
}

export function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be ≥ 1: ${size}`);
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
