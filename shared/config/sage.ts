import { z } from 'zod';
import { SAGE_WRITABLE_FIELDS } from '../sage/write-guard';
import { bool } from './primitives';

/**
 * A free-field column name on F_ARTICLE. Sage names these columns after their label (spaces and
 * accents allowed); the query layer quotes them, so only the characters that would break
 * quoting or table.column splitting are refused.
 */
const freeFieldColumn = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^".[\]]+$/, 'must be a column name without quotes, brackets or dots');

const attributePair = z.object({ name: freeFieldColumn, value: freeFieldColumn });

const defaultAttributes = [1, 2, 3, 4, 5].map((n) => ({
  name: `ATTRIBUT_${n}`,
  value: `VALEUR_${n}`,
}));

/** Free fields of F_ARTICLE that group articles into one variable product. */
export const freeFieldsSchema = z
  .object({
    /** Column holding the master (parent product) reference; blank = a simple product. */
    masterReference: freeFieldColumn.default('REF_MAITRE'),
    /** Up to five attribute name/value column pairs (attribute 1..5 / value 1..5). */
    attributes: z.array(attributePair).max(5).default(defaultAttributes),
  })
  .prefault({});

export type FreeFieldsConfig = z.infer<typeof freeFieldsSchema>;

const commonFields = {
  freeFields: freeFieldsSchema,
  /** Decimals of computed money amounts (line totals, document totals); rounding is half-up. */
  moneyDecimals: z.coerce.number().int().min(0).max(6).default(2),
  /** Rows per page of the keyset readers. */
  pageSize: z.coerce.number().int().min(1).max(5000).default(500),
  writer: z
    .object({
      /** cbCreateur written on rows the connector creates (Sage user code, 4 chars max). */
      creatorTag: z.string().min(1).max(4).default('WOO'),
      /** Numbering series (DO_Souche, 0-based) of the quotes the connector writes. */
      quoteSeries: z.coerce.number().int().min(0).max(49).default(0),
      /** VAT rate (%) applied to quote lines when the order does not give one. */
      defaultVatRate: z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'must be a decimal percentage such as "20"')
        .default('20'),
      /**
       * Shop-edited fields an empty shop value may clear in Sage (e.g. "customer.line2"). By
       * default none: an empty shop value leaves the Sage value as it is and is reported.
       */
      clearableFields: z.array(z.enum(SAGE_WRITABLE_FIELDS)).default([]),
    })
    .prefault({}),
};

const embeddedSchema = z.object({
  kind: z.literal('embedded'),
  embedded: z
    .object({
      /** SQLite file of the demo company; ':memory:' for a throw-away one. */
      path: z.string().min(1).default('data/sage-demo.sqlite'),
    })
    .prefault({}),
  demo: z
    .object({
      seed: z.coerce.number().int().default(42),
      size: z.enum(['customer', 'medium', 'small', 'tiny']).default('customer'),
    })
    .prefault({}),
  ...commonFields,
});

const sqlServerSchema = z.object({
  kind: z.literal('sqlserver'),
  sqlserver: z.object({
    server: z.string().min(1, 'sage.sqlserver.server is required'),
    port: z.coerce.number().int().min(1).max(65535).default(1433),
    database: z.string().min(1, 'sage.sqlserver.database is required'),
    user: z.string().min(1, 'sage.sqlserver.user is required'),
    password: z
      .string({ error: 'sage.sqlserver.password is required when sage.kind is "sqlserver"' })
      .min(1, 'sage.sqlserver.password is required when sage.kind is "sqlserver"'),
    encrypt: bool.default(true),
    trustServerCertificate: bool.default(false),
    /** Small pool: Sage runs on the customer's server and must stay responsive. */
    poolMax: z.coerce.number().int().min(1).max(50).default(4),
    requestTimeoutMs: z.coerce.number().int().positive().default(30_000),
  }),
  ...commonFields,
});

export const sageConfigSchema = z
  .discriminatedUnion('kind', [embeddedSchema, sqlServerSchema])
  .prefault({ kind: 'embedded' });

export type SageConfig = z.infer<typeof sageConfigSchema>;
export type EmbeddedSageConfig = Extract<SageConfig, { kind: 'embedded' }>;
export type SqlServerSageConfig = Extract<SageConfig, { kind: 'sqlserver' }>;
export type DemoSize = EmbeddedSageConfig['demo']['size'];
