import { z } from 'zod';

/**
 * The error body of the WordPress REST API: `{code, message, data: {status, ...}}`.
 * `data` carries extras such as `resource_id`/`unique_sku` (duplicate SKU) or
 * `params`/`details` (parameter validation).
 */
export const wooErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z
    .looseObject({
      status: z.number().int().optional(),
      resource_id: z.number().int().optional(),
      unique_sku: z.string().optional(),
      params: z.unknown().optional(),
      details: z.unknown().optional(),
    })
    .nullable()
    .optional(),
});
export type WooErrorBody = z.infer<typeof wooErrorBodySchema>;

/** Error codes the connector reacts to. */
export const WOO_ERROR_CODES = {
  duplicateSku: 'product_invalid_sku',
  batchTooLarge: 'woocommerce_rest_request_entity_too_large',
  emailExists: 'registration-error-email-exists',
  invalidParam: 'rest_invalid_param',
} as const;
