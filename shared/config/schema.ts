import { z } from 'zod';
import { temporalConfigSchema } from './temporal';
import { stateStoreConfigSchema } from './state-store';
import { schedulesConfigSchema } from './schedules';
import { sageConfigSchema } from './sage';
import { wooConfigSchema } from './woo';
import { webhookConfigProblems, webhooksConfigSchema } from './webhooks';
import { customersConfigSchema } from './customers';
import { catalogConfigSchema, stockConfigSchema } from './catalog';
import { ordersConfigSchema } from './orders';
import { sellerConfigProblems } from './invoice-seller';
import { pricingConfigSchema } from './pricing';
import { pricesConfigSchema } from './prices';
import { positiveInt } from './primitives';
import { metricsConfigSchema } from './metrics';

export const workerRoles = ['workflows', 'sage', 'woo'] as const;
export type WorkerRole = (typeof workerRoles)[number];

/**
 * A section chosen by `kind` gets its default kind when only its settings are given, so that
 * `SWS_SAGE__EMBEDDED__PATH=x` alone works without also setting `SWS_SAGE__KIND`.
 */
function withDefaultKind<T extends z.ZodType>(schema: T, kind: string) {
  return z.preprocess(
    (value) =>
      typeof value === 'object' && value !== null && !('kind' in value)
        ? { ...value, kind }
        : value,
    schema,
  );
}

const configObject = z.object({
  /** Folder for the embedded default's logs (the dev server's output goes to temporal.log). */
  dataDir: z.string().min(1).default('data'),
  temporal: temporalConfigSchema,
  sage: withDefaultKind(sageConfigSchema, 'embedded'),
  woo: withDefaultKind(wooConfigSchema, 'sandbox'),
  stateStore: withDefaultKind(stateStoreConfigSchema, 'sqlite'),
  schedules: schedulesConfigSchema,
  customers: customersConfigSchema,
  catalog: catalogConfigSchema,
  stock: stockConfigSchema,
  orders: ordersConfigSchema,
  pricing: pricingConfigSchema,
  prices: pricesConfigSchema,
  workers: z
    .object({
      roles: z
        .array(z.enum(workerRoles))
        .min(1)
        .default([...workerRoles]),
      /** Small by default: Sage runs on the customer's server and must stay responsive. */
      sageConcurrency: positiveInt.default(4),
      wooConcurrency: positiveInt.default(8),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
    })
    .prefault({}),
  webhooks: webhooksConfigSchema,
  metrics: metricsConfigSchema,
});

/**
 * Rules across sections: what webhooks need from the shop settings; the seller identity a
 * generated invoice needs with a real Sage company (the demo company prints a demo seller).
 */
export const configSchema = configObject.superRefine((config, ctx) => {
  for (const [path, message] of webhookConfigProblems(config.webhooks, config.woo)) {
    ctx.addIssue({ code: 'custom', path, message });
  }
  for (const [field, message] of sellerConfigProblems(config.orders.invoicePdf, config.sage.kind)) {
    ctx.addIssue({ code: 'custom', path: ['orders', 'invoicePdf', 'company', field], message });
  }
});

export type Config = z.infer<typeof configSchema>;
/** What a configuration file may contain: every field optional where a default exists. */
export type ConfigInput = z.input<typeof configSchema>;
