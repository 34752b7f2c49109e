import { z } from 'zod';
import { wooErrorBodySchema } from './error-body';

/** A failed item inside a 200 batch response; failed creates carry `id: 0`. */
export const batchItemErrorSchema = z.object({
  id: z.number().int(),
  error: wooErrorBodySchema,
});
export type BatchItemError = z.infer<typeof batchItemErrorSchema>;

/**
 * A batch response (`POST …/batch`) before the items are validated: only the requested
 * sections are present. Items are either the full resource or `{id, error}`.
 */
export const batchResponseSchema = z.object({
  create: z.array(z.unknown()).optional(),
  update: z.array(z.unknown()).optional(),
  delete: z.array(z.unknown()).optional(),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

export type BatchOperation = 'create' | 'update' | 'delete';

/** A batch request. `delete` takes ids. */
export interface BatchRequest<TCreate, TUpdate> {
  create?: TCreate[];
  update?: TUpdate[];
  delete?: number[];
}

/** WooCommerce refuses batches above 100 items, counted across create, update and delete. */
export const WOO_MAX_BATCH_ITEMS = 100;

export function isBatchItemError(item: unknown): item is BatchItemError {
  return batchItemErrorSchema.safeParse(item).success;
}
