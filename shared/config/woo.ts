import { z } from 'zod';
import { bool, duration, isHttpUrl, isLoopbackUrl, port, positiveInt } from './primitives';

/** WooCommerce refuses batches above 100 items (create + update + delete together). */
const WOO_BATCH_LIMIT = 100;

/** The shop's home URL, e.g. `https://shop.example.com` (the REST base is derived from it). */
const shopUrl = z
  .string({ error: 'woo.url must be a valid http(s) URL such as https://shop.example.com' })
  .trim()
  .refine(isHttpUrl, {
    message: 'woo.url must be a valid http(s) URL such as https://shop.example.com',
  })
  .transform((value) => value.replace(/\/+$/, ''));

const secret = (field: string) =>
  z.string({ error: `${field} is required` }).min(1, `${field} must not be empty`);

const commonFields = {
  /**
   * `basic`: Authorization header (HTTPS only). `query`: `consumer_key`/`consumer_secret` in the
   * query string, for hosts that strip the Authorization header.
   */
  authMode: z.enum(['basic', 'query']).default('basic'),
  /** Per-request timeout of ordinary calls. */
  timeoutMs: positiveInt.default(30_000),
  /** Timeout of one batch request (100 product creates take 10 s on a real store). */
  batchTimeoutMs: positiveInt.default(120_000),
  /** Requests in flight at once against this shop, shared by every client of the same shop. */
  concurrency: positiveInt.default(4),
  /** Items per batch request, counted across create, update and delete (the ceiling when adaptive). */
  batchSize: positiveInt
    .max(WOO_BATCH_LIMIT, `woo.batchSize must be at most ${WOO_BATCH_LIMIT} (WooCommerce limit)`)
    .default(WOO_BATCH_LIMIT),
  /**
   * Adapt the batch size and the concurrency to the shop's pace (per shop, in memory): batches
   * shrink so that one lasts about `batchTargetMs` at most, both halve on 429/5xx/timeouts and
   * grow back step by step; `batchSize` and `concurrency` stay the ceilings.
   */
  adaptive: bool.default(true),
  /** Smallest batch the adaptive sizing goes down to. */
  minBatchSize: positiveInt.max(WOO_BATCH_LIMIT).default(5),
  /** Duration one batch request should stay under; default a third of the smaller timeout. */
  batchTargetMs: positiveInt.optional(),
  /**
   * Bounded retry inside the client for 429/5xx/network errors (honouring Retry-After), before
   * the error reaches Temporal, which retries the activity. `maxAttempts: 1` leaves all retrying
   * to Temporal. Writes that are not idempotent are only retried when the shop refused them (429).
   */
  retry: z
    .object({
      maxAttempts: positiveInt.max(10).default(3),
      baseDelayMs: positiveInt.default(250),
      /** A Retry-After longer than this is not waited for in-process; Temporal waits instead. */
      maxDelayMs: positiveInt.default(10_000),
    })
    .prefault({}),
  /** Shared secret of the webhooks the connector registers (HMAC-SHA256 signature). */
  webhookSecret: secret('woo.webhookSecret').optional(),
  /**
   * WordPress Application Password of a user allowed to upload files: consumer keys do not
   * authenticate `/wp-json/wp/v2/media`. Without it, media uploads use the consumer key.
   */
  media: z
    .object({
      username: z.string().min(1, 'woo.media.username must not be empty'),
      applicationPassword: secret('woo.media.applicationPassword'),
    })
    .optional(),
  /**
   * The shop plugin (shop-plugin/sage-woo-sync): `auto` asks its status route (one detector per
   * client, see `pluginRecheck`) and, when it offers the `bulk` feature, sends catalog, stock and
   * price UPDATES through its bulk route (products and variations of many parents in one
   * request), and invoices to its protected storage when it offers `invoices`; `off` never asks,
   * keeps every write on REST v3 and invoices in the media library.
   */
  plugin: z.enum(['auto', 'off']).default('auto'),
  /**
   * How long what the plugin's status said (found or not) is trusted before it is asked again;
   * a plugin route answering 404 has it asked again at once.
   */
  pluginRecheck: duration.default('5m'),
  userAgent: z.string().min(1).default('sage-woo-sync'),
  sandbox: z
    .object({
      /** Fixed by default so the demo shop keeps its URL across restarts; 0 = any free port. */
      port: port.default(8234),
      dbPath: z.string().min(1).default('data/woo-sandbox.sqlite'),
    })
    .prefault({}),
};

/** The embedded sandbox shop: url and keys are filled in when the sandbox starts. */
const sandboxSchema = z.object({
  kind: z.literal('sandbox'),
  url: shopUrl.optional(),
  consumerKey: secret('woo.consumerKey').optional(),
  consumerSecret: secret('woo.consumerSecret').optional(),
  ...commonFields,
});

const remoteSchema = z
  .object({
    kind: z.literal('remote'),
    url: shopUrl,
    consumerKey: secret('woo.consumerKey'),
    consumerSecret: secret('woo.consumerSecret'),
    /**
     * Plain `http://` sends the keys in clear: refused for any host but this machine's loopback
     * (a shop on this machine) unless set, e.g. for a staging shop on a private network.
     */
    allowHttp: bool.default(false),
    ...commonFields,
  })
  .superRefine((woo, ctx) => {
    if (woo.url.startsWith('http://') && !woo.allowHttp && !isLoopbackUrl(woo.url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          'woo.url is plain http:// and would send the REST keys in clear: use https://, or set woo.allowHttp: true for a shop on a trusted network',
      });
    }
  });

export const wooConfigSchema = z
  .discriminatedUnion('kind', [sandboxSchema, remoteSchema])
  .prefault({ kind: 'sandbox' });

export type WooConfig = z.infer<typeof wooConfigSchema>;
export type WooConfigInput = z.input<typeof wooConfigSchema>;
export type RemoteWooConfig = Extract<WooConfig, { kind: 'remote' }>;
export type SandboxWooConfig = Extract<WooConfig, { kind: 'sandbox' }>;

/** A WooCommerce configuration whose url and keys are known (remote, or a started sandbox). */
export type ResolvedWooConfig = WooConfig & {
  url: string;
  consumerKey: string;
  consumerSecret: string;
};

/** Fills in the url and keys of a started sandbox. */
export function resolveSandboxWooConfig(
  config: WooConfig,
  sandbox: { url: string; consumerKey: string; consumerSecret: string },
): ResolvedWooConfig {
  return {
    ...config,
    url: config.url ?? sandbox.url.replace(/\/+$/, ''),
    consumerKey: config.consumerKey ?? sandbox.consumerKey,
    consumerSecret: config.consumerSecret ?? sandbox.consumerSecret,
  };
}

/** Bounds of the adaptive batch size and concurrency, or undefined when `woo.adaptive` is off. */
export function adaptiveBounds(config: WooConfig):
  | {
      minBatchSize: number;
      maxBatchSize: number;
      maxConcurrency: number;
      targetMs: number;
      maxPauseMs: number;
    }
  | undefined {
  if (!config.adaptive) return undefined;
  return {
    minBatchSize: Math.min(config.minBatchSize, config.batchSize),
    maxBatchSize: config.batchSize,
    maxConcurrency: config.concurrency,
    targetMs:
      config.batchTargetMs ?? Math.floor(Math.min(config.timeoutMs, config.batchTimeoutMs) / 3),
    maxPauseMs: config.retry.maxDelayMs,
  };
}

/** Secret values of a WooCommerce configuration, to scrub from anything that leaves the process. */
export function wooSecretValues(config: WooConfig): string[] {
  return [
    config.consumerKey,
    config.consumerSecret,
    config.webhookSecret,
    config.media?.applicationPassword,
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}
