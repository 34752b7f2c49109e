import { z } from 'zod';

export const stateStoreConfigSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('sqlite'),
      sqlite: z.object({ path: z.string().min(1).default('data/state.sqlite') }).prefault({}),
    }),
    z.object({
      kind: z.literal('postgres'),
      postgres: z.object({
        /** postgres://user:password@host:5432/db (secret: the password is masked when printed). */
        connectionString: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case identifier')
          .default('sage_woo_sync'),
      }),
    }),
  ])
  .prefault({ kind: 'sqlite' });

export type StateStoreConfig = z.infer<typeof stateStoreConfigSchema>;
