import { z } from 'zod';
import { wooIdSchema } from './common';

/** A media attachment as `POST /wp-json/wp/v2/media` returns it (main fields only). */
export const mediaSchema = z.object({
  id: wooIdSchema,
  date_gmt: z.string().optional(),
  slug: z.string(),
  status: z.string(),
  type: z.string(),
  link: z.string().optional(),
  title: z.object({ raw: z.string().optional(), rendered: z.string() }),
  mime_type: z.string(),
  media_type: z.string().optional(),
  /** Public URL of the file. */
  source_url: z.string(),
});
export type Media = z.infer<typeof mediaSchema>;
