import { z } from 'zod';
import { wooDateSchema, wooIdSchema, wooNullableDateSchema } from './common';

export type WebhookStatus = 'active' | 'paused' | 'disabled';

/** A webhook (`/wc/v3/webhooks`). The secret is never returned. */
export const webhookSchema = z.object({
  id: wooIdSchema,
  name: z.string(),
  status: z.string(),
  topic: z.string(),
  resource: z.string(),
  event: z.string(),
  hooks: z.array(z.string()),
  delivery_url: z.string(),
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  date_modified: wooNullableDateSchema,
  date_modified_gmt: wooNullableDateSchema,
});
export type Webhook = z.infer<typeof webhookSchema>;

export interface WebhookCreate {
  name?: string;
  topic: string;
  delivery_url: string;
  secret?: string;
  /** Ignored by WooCommerce on create (a new webhook is always active); honoured on update. */
  status?: WebhookStatus;
}

export type WebhookUpdate = Partial<WebhookCreate>;
