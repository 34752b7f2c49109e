import { z } from 'zod';
import {
  SHOP_PLUGIN_FEATURES,
  SHOP_PLUGIN_NAMESPACE,
  shopPluginStatusSchema,
} from '../../shared/woo/plugin';
import { runBatch, type BatchResult } from './batch-runner';
import {
  WooAuthError,
  WooError,
  WooHttpError,
  WooNotFoundError,
  WooValidationError,
} from './errors';
import type { AdaptiveLane, WooHttp } from './http';

/**
 * The shop plugin's bulk route (`POST /wp-json/wc-sage-woo-sync/v1/products/bulk`,
 * shop-plugin/sage-woo-sync/includes/bulk.php): updates of products AND variations of any
 * parents in one request, up to the limit the plugin advertises in its status
 * (`features: ["bulk"]`, `bulk: {limit}`; 250 by default) where REST v3 needs one products batch
 * of 100 plus one variations batch per parent. Only updates: creates stay on REST v3.
 *
 * The plugin is detected once per client (`GET …/status`; 404, 401/403 or an answer that is not
 * the plugin's: no plugin, asked again after 5 minutes), unless `woo.plugin` is `off`. The route
 * is reached through the client's transport (path climbing out of `/wp-json/wc/v3`, as
 * activities/orders/invoice-upload.ts does), so it shares its keys, retries, concurrency limit
 * and error types; its chunk size has its own adaptive lane whose ceiling is the advertised limit.
 * Per-item results keep the batch semantics (`BatchResult`, op `update`, index in the caller's
 * array; errors `{id, error}` in their place).
 */

const PLUGIN_BASE = `/../../${SHOP_PLUGIN_NAMESPACE}`;
export const BULK_ENDPOINT = `${PLUGIN_BASE}/products/bulk`;
/** Adaptive lane of the bulk route (its own batch size, the shop's concurrency). */
export const BULK_LANE = 'sws-bulk';
/** A shop found without the plugin (or without `bulk`) is asked again after this long. */
const ABSENT_RECHECK_MS = 5 * 60_000;
/** A status that failed for a transient reason is asked again after this long. */
const FAILED_RECHECK_MS = 60_000;
/** The plugin's default `sws_bulk_limit` (a status without `bulk.limit`). */
export const DEFAULT_BULK_LIMIT = 250;

/** Fields the bulk route writes; an update carrying any other field goes through REST v3. */
export const BULK_FIELDS: ReadonlySet<string> = new Set([
  'regular_price',
  'sale_price',
  'status',
  'catalog_visibility',
  'manage_stock',
  'stock_quantity',
  'stock_status',
  'backorders',
  'meta_data',
]);

/** Whether an update's fields (without `id`) can all go through the bulk route. */
export function bulkWritable(fields: Record<string, unknown>): boolean {
  return Object.keys(fields).every((key) => BULK_FIELDS.has(key));
}

/** One update: a product, or a variation with its parent (`parent_id`, checked by the plugin). */
export interface BulkUpdate {
  id: number;
  parent_id?: number;
  [field: string]: unknown;
}

/** An updated item as the bulk route answers it (`meta_data`: only the keys written). */
export const bulkItemSchema = z.looseObject({
  id: z.number().int().positive(),
  sku: z.string(),
  type: z.string(),
  parent_id: z.number().int().nonnegative(),
  status: z.string(),
  regular_price: z.string(),
  price: z.string(),
  stock_quantity: z.number().nullable(),
  stock_status: z.string(),
  meta_data: z.array(z.looseObject({ key: z.string(), value: z.unknown() })),
});
export type BulkItem = z.infer<typeof bulkItemSchema>;

/** What the plugin advertises of its bulk route. */
export interface BulkRoute {
  /** Items accepted per request (the adaptive lane's ceiling). */
  limit: number;
}

export interface ShopPluginBulk {
  readonly mode: 'auto' | 'off';
  /** The bulk route when the shop's plugin offers it, else null (cached per client). */
  route(): Promise<BulkRoute | null>;
  /** Sends updates in chunks of at most the route's limit (adaptive), one result per update. */
  update(route: BulkRoute, updates: readonly BulkUpdate[]): Promise<BatchResult<BulkItem>>;
  /** The route answered 404 (the plugin was deactivated): REST v3 until it is asked again. */
  forget(): void;
}

interface Detection {
  route: BulkRoute | null;
  at: number;
  recheckMs: number;
}

export function createShopPluginBulk(
  http: WooHttp,
  settings: { mode: 'auto' | 'off'; timeoutMs: number },
  now: () => number = Date.now,
): ShopPluginBulk {
  let known: Detection | undefined;
  let asking: Promise<BulkRoute | null> | undefined;

  const detect = async (): Promise<BulkRoute | null> => {
    try {
      const { data } = await http.request({
        method: 'GET',
        path: `${PLUGIN_BASE}/status`,
        schema: shopPluginStatusSchema,
        idempotent: true,
      });
      const route = data.features.includes(SHOP_PLUGIN_FEATURES.bulk)
        ? { limit: data.bulk?.limit ?? DEFAULT_BULK_LIMIT }
        : null;
      known = { route, at: now(), recheckMs: ABSENT_RECHECK_MS };
      return route;
    } catch (err) {
      if (
        err instanceof WooNotFoundError ||
        err instanceof WooAuthError ||
        err instanceof WooValidationError
      ) {
        known = { route: null, at: now(), recheckMs: ABSENT_RECHECK_MS };
        return null;
      }
      if (!(err instanceof WooError)) throw err;
      // The shop is having a bad moment: REST v3 for now, asked again soon.
      known = { route: null, at: now(), recheckMs: FAILED_RECHECK_MS };
      return null;
    }
  };

  return {
    mode: settings.mode,
    async route() {
      if (settings.mode === 'off') return null;
      if (known && (known.route !== null || now() - known.at < known.recheckMs)) return known.route;
      asking ??= detect().finally(() => (asking = undefined));
      return asking;
    },
    update(route, updates) {
      const lane: AdaptiveLane = { name: BULK_LANE, ceiling: route.limit };
      return runBatch(
        http,
        BULK_ENDPOINT,
        bulkItemSchema,
        { update: [...updates] },
        {
          batchSize: route.limit,
          timeoutMs: settings.timeoutMs,
          endpoint: BULK_ENDPOINT,
          lane,
          nextSize: () => http.adaptiveLaneSize(lane),
        },
      );
    },
    forget() {
      // As a shop found without the plugin: asked again after a while.
      known = { route: null, at: now(), recheckMs: ABSENT_RECHECK_MS };
    },
  };
}

/** The bulk route answered "no such route": the plugin is gone. */
export function isNoRoute(err: unknown): boolean {
  return err instanceof WooHttpError && err.status === 404 && err.code === 'rest_no_route';
}

/** The bulk route of a client's shop, or null (no plugin, `woo.plugin: off`, a test double). */
export async function bulkRouteOf(shop: { bulk?: ShopPluginBulk }): Promise<BulkRoute | null> {
  return shop.bulk ? shop.bulk.route() : null;
}

/**
 * Runs `viaBulk` when the shop's plugin offers the bulk route, else `viaRest`; also `viaRest`
 * when the route turns out gone (404 rest_no_route: the plugin was deactivated since it was
 * detected; the updates it may have applied are applied again, which changes nothing).
 */
export async function withBulkRoute<T>(
  shop: { bulk?: ShopPluginBulk },
  viaBulk: (bulk: ShopPluginBulk, route: BulkRoute) => Promise<T>,
  viaRest: () => Promise<T>,
): Promise<T> {
  const route = await bulkRouteOf(shop);
  if (!route || !shop.bulk) return viaRest();
  try {
    return await viaBulk(shop.bulk, route);
  } catch (err) {
    if (!isNoRoute(err)) throw err;
    shop.bulk.forget();
    return viaRest();
  }
}
