import { z } from 'zod';
import { wooDateSchema, wooIdSchema } from './common';

/** An order note (`/wc/v3/orders/{id}/notes`); the list is not paginated and newest first. */
export const orderNoteSchema = z.object({
  id: wooIdSchema,
  author: z.string(),
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  note: z.string(),
  customer_note: z.boolean(),
});
export type OrderNote = z.infer<typeof orderNoteSchema>;

export interface OrderNoteCreate {
  note: string;
  /** `true` e-mails the note to the customer and shows it in their account. */
  customer_note?: boolean;
  added_by_user?: boolean;
}
