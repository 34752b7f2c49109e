import type { z } from 'zod';
import {
  batchItemErrorSchema,
  batchResponseSchema,
  type BatchOperation,
  type BatchRequest,
} from '../../shared/woo/batch';
import { WOO_ERROR_CODES } from '../../shared/woo/error-body';
import {
  batchItemCount,
  checkSize,
  chunkOf,
  flattenBatch,
  splitChunk,
  type BatchChunk,
} from './batch';
import {
  WooError,
  WooHttpError,
  WooInvalidRequestError,
  WooItemError,
  WooValidationError,
  type WooRequestInfo,
} from './errors';
import { displayPath, formatIssues, type AdaptiveLane, type WooApi, type WooHttp } from './http';

/** Result of one item of a batch, in the caller's terms (operation + index in its array). */
export type BatchItemResult<T> =
  | { op: BatchOperation; index: number; ok: true; id: number; sku?: string; value: T }
  | { op: BatchOperation; index: number; ok: false; id?: number; sku?: string; error: WooError };

export interface BatchResult<T> {
  /** One entry per requested item: creates, then updates, then deletes, each in request order. */
  items: BatchItemResult<T>[];
  succeeded: number;
  failed: number;
  /** Batch requests sent (chunks, including halves after a 413). */
  requests: number;
}

export interface BatchSettings {
  /** The ceiling: items per request never exceed it. */
  batchSize: number;
  timeoutMs: number;
  /** Items of the next request, asked before each one (adaptive); at most `batchSize`. */
  nextSize?: () => number | undefined;
  /** The route, when it is not `{path}/batch` (the shop plugin's bulk route). */
  endpoint?: string;
  /** A batch lane sized apart (the shop plugin's bulk route, with its own ceiling). */
  lane?: AdaptiveLane;
  /** The namespace of `endpoint` (`plugin` for the shop plugin's bulk route); default `wc`. */
  api?: WooApi;
}

type Identified = { id: number; sku?: unknown };
type WithSku = { sku?: unknown };

function skuOf(item: unknown): string | undefined {
  const sku = (item as WithSku | null)?.sku;
  return typeof sku === 'string' && sku !== '' ? sku : undefined;
}

function validateRequest(request: BatchRequest<unknown, unknown>, info: WooRequestInfo): void {
  (request.update ?? []).forEach((item, index) => {
    const id = (item as Partial<Identified> | null)?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
      throw new WooInvalidRequestError(`batch update[${index}] needs a positive integer id`, info);
    }
  });
  (request.delete ?? []).forEach((id, index) => {
    if (!Number.isInteger(id) || id <= 0) {
      throw new WooInvalidRequestError(
        `batch delete[${index}] must be a positive integer id`,
        info,
      );
    }
  });
}

/**
 * Sends a batch in chunks of at most `batchSize` items and returns one result per item, so one
 * bad item never hides the others. Each chunk's size is decided when it is sent (the adaptive
 * controller shrinks it when the shop slows down). A chunk that the shop refuses as too large
 * (413, a shop with a lower limit) is split in halves. A chunk-level failure (network, 5xx
 * after the client's retries) is thrown: the items of earlier chunks are applied, and a retry
 * of the whole batch must be idempotent (creates are protected by SKU uniqueness).
 */
export async function runBatch<T, TCreate, TUpdate extends Identified>(
  http: WooHttp,
  path: string,
  itemSchema: z.ZodType<T>,
  request: BatchRequest<TCreate, TUpdate>,
  settings: BatchSettings,
): Promise<BatchResult<T>> {
  const endpoint = settings.endpoint ?? `${path}/batch`;
  const info: WooRequestInfo = {
    method: 'POST',
    path: displayPath(settings.api ?? 'wc', endpoint),
  };
  validateRequest(request, info);
  const result: BatchResult<T> = { items: [], succeeded: 0, failed: 0, requests: 0 };
  if (batchItemCount(request) === 0) return result;

  checkSize(settings.batchSize);
  const all = flattenBatch(request);
  let next = 0;
  // Halves of a chunk refused as too large, sent before the items not yet chunked.
  const queue: BatchChunk<TCreate, TUpdate>[] = [];
  while (queue.length > 0 || next < all.length) {
    let chunk = queue.shift();
    if (!chunk) {
      const size = chunkSize(settings);
      chunk = chunkOf<TCreate, TUpdate>(all.slice(next, next + size));
      next += size;
    }
    let answer: z.infer<typeof batchResponseSchema>;
    try {
      result.requests += 1;
      const response = await http.request({
        method: 'POST',
        path: endpoint,
        body: chunk.request,
        schema: batchResponseSchema,
        timeoutMs: settings.timeoutMs,
        // Updates and deletes can be repeated; a repeated create would meet "duplicated SKU".
        idempotent: (chunk.request.create?.length ?? 0) === 0,
        batchItems: chunk.refs.length,
        ...(settings.lane ? { adaptiveLane: settings.lane } : {}),
        ...(settings.api ? { api: settings.api } : {}),
      });
      answer = response.data;
    } catch (err) {
      if (isTooLarge(err) && chunk.refs.length > 1) {
        queue.unshift(...splitChunk(chunk));
        continue;
      }
      throw err;
    }
    collectChunk(result, chunk, answer, request, itemSchema, info);
  }
  const order: Record<BatchOperation, number> = { create: 0, update: 1, delete: 2 };
  result.items.sort((a, b) => order[a.op] - order[b.op] || a.index - b.index);
  return result;
}

function chunkSize(settings: BatchSettings): number {
  const wanted = settings.nextSize?.() ?? settings.batchSize;
  return Math.max(1, Math.min(settings.batchSize, Math.floor(wanted)));
}

function isTooLarge(err: unknown): boolean {
  return (
    err instanceof WooHttpError &&
    (err.status === 413 || err.code === WOO_ERROR_CODES.batchTooLarge)
  );
}

function collectChunk<T, TCreate, TUpdate extends Identified>(
  result: BatchResult<T>,
  chunk: BatchChunk<TCreate, TUpdate>,
  answer: z.infer<typeof batchResponseSchema>,
  request: BatchRequest<TCreate, TUpdate>,
  itemSchema: z.ZodType<T>,
  info: WooRequestInfo,
): void {
  const positionInOp: Record<BatchOperation, number> = { create: 0, update: 0, delete: 0 };
  for (const ref of chunk.refs) {
    const position = positionInOp[ref.op]++;
    const raw = answer[ref.op]?.[position];
    const requested: unknown =
      ref.op === 'create'
        ? request.create?.[ref.index]
        : ref.op === 'update'
          ? request.update?.[ref.index]
          : request.delete?.[ref.index];
    const requestedId =
      ref.op === 'delete'
        ? (requested as number)
        : ref.op === 'update'
          ? (requested as Identified).id
          : undefined;
    const sku = ref.op === 'delete' ? undefined : skuOf(requested);
    const base = {
      op: ref.op,
      index: ref.index,
      ...(requestedId !== undefined ? { id: requestedId } : {}),
      ...(sku !== undefined ? { sku } : {}),
    };
    const itemInfo = { method: info.method, path: `${info.path} ${ref.op}[${ref.index}]` };

    if (raw === undefined) {
      result.items.push({
        ...base,
        ok: false,
        error: new WooValidationError(['item missing from the batch answer'], itemInfo),
      });
      result.failed += 1;
      continue;
    }
    const failure = batchItemErrorSchema.safeParse(raw);
    if (failure.success) {
      const { code, message, data } = failure.data.error;
      const { status, ...extra } = data ?? {};
      result.items.push({
        ...base,
        ok: false,
        error: new WooItemError(code, status, message, extra, itemInfo),
      });
      result.failed += 1;
      continue;
    }
    const parsed = itemSchema.safeParse(raw);
    if (!parsed.success) {
      result.items.push({
        ...base,
        ok: false,
        error: new WooValidationError(formatIssues(parsed.error), itemInfo),
      });
      result.failed += 1;
      continue;
    }
    const value = parsed.data;
    const id = (value as Partial<Identified>).id ?? requestedId ?? 0;
    result.items.push({
      ...base,
      ok: true,
      id,
      value,
      ...(sku === undefined && skuOf(value) ? { sku: skuOf(value) } : {}),
    });
    result.succeeded += 1;
  }
}
