import { z } from 'zod';
import { port } from './primitives';

export const temporalConfigSchema = z
  .object({
    /** `embedded`: the main command starts `temporal server start-dev`; `external`: connect to `address`. */
    mode: z.enum(['embedded', 'external']).default('embedded'),
    address: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')
      .default('127.0.0.1:7233'),
    namespace: z.string().min(1).default('default'),
    /** Temporal Cloud API key (secret). */
    apiKey: z.string().min(1).optional(),
    tls: z.boolean().default(false),
    /** Web UI address printed for operators (derived from the embedded server when unset). */
    uiUrl: z.url().optional(),
    embedded: z
      .object({
        ip: z.string().default('127.0.0.1'),
        port: port.default(7233),
        uiPort: port.default(8233),
        /** SQLite file of the dev server, so workflow history survives restarts. */
        dbFile: z.string().default('data/temporal.sqlite'),
      })
      .prefault({}),
  })
  .prefault({});

export type TemporalConfig = z.infer<typeof temporalConfigSchema>;
