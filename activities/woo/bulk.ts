import { z } from 'zod';
import { SHOP_PLUGIN_FEATURES } from '../../shared/woo/plugin';
import { runBatch, type BatchResult } from './batch-runner';
import { WooHttpError } from './errors';
import type { AdaptiveLane, WooHttp } from './http';
import type { ShopPlugin } from './plugin';

/**
 * The shop plugin's bulk route (`POST /wp-json/wc-sage-woo-sync/v1/products/bulk`,
 * shop-plugin/sage-woo-sync/includes/bulk.php): updates of products AND variations of any
 * parents in one request, up to the limit the plugin advertises in its status
 * (`features: ["bulk"]`, `bulk: {limit}`; 250 by default) where REST v3 needs one products batch
 * of 100 plus one variations batch per parent. Only updates: creates stay on REST v3.
 *
 * Whether the shop offers it comes from the client's one plugin detector (activities/woo/plugin.ts:
 * cached, asked again after `woo.pluginRecheck` or after a plugin route answered 404; never with
 * `woo.plugin: "off"`; a status that fails for a transient reason means REST v3 for a minute).
 * The route is reached under the plugin's API base of the client's transport (`api: 'plugin'`),
 * so it shares its keys, retries, concurrency limit and error types; its chunk size has its own
 * adaptive lane whose ceiling is the advertised limit. Per-item results keep the batch semantics
 * (`BatchResult`, op `update`, index in the caller's array; errors `{id, error}` in their place).
 */

/** Path of the bulk route under the plugin's namespace. */
export const BULK_ENDPOINT = '/products/bulk';
/** Adaptive lane of the bulk route (its own batch size, the shop's concurrency). */
export const BULK_LANE = 'sws-bulk';
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

export function createShopPluginBulk(
  http: WooHttp,
  plugin: ShopPlugin,
  settings: { timeoutMs: number },
): ShopPluginBulk {
  return {
    mode: plugin.mode,
    async route() {
      const status = await plugin.statusOrNull();
      return status?.features.includes(SHOP_PLUGIN_FEATURES.bulk)
        ? { limit: status.bulk?.limit ?? DEFAULT_BULK_LIMIT }
        : null;
    },
    async update(route, updates) {
      // Full requests of the route's limit unless one actually nears the timeout.
      const lane: AdaptiveLane = {
        name: BULK_LANE,
        ceiling: route.limit,
        timeoutMs: settings.timeoutMs,
      };
      try {
        return await runBatch(
          http,
          BULK_ENDPOINT,
          bulkItemSchema,
          { update: [...updates] },
          {
            batchSize: route.limit,
            timeoutMs: settings.timeoutMs,
            endpoint: BULK_ENDPOINT,
            api: 'plugin',
            lane,
            nextSize: () => http.adaptiveLaneSize(lane),
          },
        );
      } catch (err) {
        // A plugin route answering 404: the detector asks the status again at the next use.
        if (err instanceof WooHttpError && err.status === 404) plugin.forget();
        throw err;
      }
    },
    forget() {
      plugin.forget();
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
    // The plugin is asked again now (the writes that follow know at once), then REST v3.
    shop.bulk.forget();
    await shop.bulk.route();
    return viaRest();
  }
}
