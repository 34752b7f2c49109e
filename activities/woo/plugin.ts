import {
  SHOP_PLUGIN_FEATURES,
  shopPluginStatusSchema,
  type ShopPluginStatus,
} from '../../shared/woo/plugin';
import { WooAuthError, WooError, WooNotFoundError, WooValidationError } from './errors';
import type { WooHttp, WooRequest, WooResponse } from './http';

/**
 * The one detector of the shop plugin (shop-plugin/sage-woo-sync), shared by everything that
 * uses its routes (the bulk route of the catalog, stock and price syncs, the invoice storage of
 * the orders, the health check): `GET /wp-json/wc-sage-woo-sync/v1/status`, read through the
 * client's transport under the plugin's own API base (`api: 'plugin'`: same keys, retries,
 * redaction, concurrency limit and adaptive controller as REST v3).
 *
 * - Cached per client; asked again after `recheckMs` (`woo.pluginRecheck`, default 5 minutes)
 *   whether the plugin was found or not, and at the next use after a plugin route answered 404
 *   (the plugin was deactivated or updated).
 * - No plugin: a 404 (no route), 401/403 (the key's user may not use it) or an answer that is not
 *   the plugin's status: `null`, cached.
 * - A transient failure (5xx, 429, timeout, network) is thrown, never cached as "no plugin":
 *   the invoice upload fails and is retried rather than falling back to the public media
 *   library. The bulk route treats it as "REST v3 for now" for `failedRecheckMs`.
 * - `woo.plugin: "off"`: never asked, `null` for everyone (REST v3, media library).
 */

export type ShopPluginMode = 'auto' | 'off';

export interface ShopPluginSettings {
  mode: ShopPluginMode;
  /** How long a status (found or not) is trusted. */
  recheckMs: number;
  /** How long a transient failure of the status keeps the bulk route off. Default 60 s. */
  failedRecheckMs?: number;
}

export const DEFAULT_PLUGIN_RECHECK_MS = 5 * 60_000;
const DEFAULT_FAILED_RECHECK_MS = 60_000;

export interface ShopPlugin {
  readonly mode: ShopPluginMode;
  /**
   * The plugin's status, or null (no usable plugin, or `woo.plugin: "off"`). Transient failures
   * are thrown.
   */
  status(): Promise<ShopPluginStatus | null>;
  /**
   * The status for callers that fall back to REST v3 on any doubt: a transient failure is null,
   * and the status is not asked again for a short while.
   */
  statusOrNull(): Promise<ShopPluginStatus | null>;
  /** Whether the plugin offers a feature (`SHOP_PLUGIN_FEATURES`); transient failures thrown. */
  has(feature: ShopPluginFeature): Promise<boolean>;
  /** A request to a plugin route (`path` under `/wp-json/wc-sage-woo-sync/v1`); 404 → forget. */
  request<T>(request: Omit<WooRequest<T>, 'api'>): Promise<WooResponse<T>>;
  /** Forget what is known: the next use asks the status again. */
  forget(): void;
}

export type ShopPluginFeature = (typeof SHOP_PLUGIN_FEATURES)[keyof typeof SHOP_PLUGIN_FEATURES];

interface Known {
  status: ShopPluginStatus | null;
  at: number;
  /** Generation of the process-wide reset (tests) it was learnt in. */
  generation: number;
}

/** Bumped by `forgetAllShopPlugins` (tests): every client's cache is then stale. */
let generation = 0;

/** Every client asks its shop's status again at its next use (tests, operator tools). */
export function forgetAllShopPlugins(): void {
  generation += 1;
}

export function createShopPlugin(
  http: WooHttp,
  settings: ShopPluginSettings,
  now: () => number = Date.now,
): ShopPlugin {
  const failedRecheckMs = settings.failedRecheckMs ?? DEFAULT_FAILED_RECHECK_MS;
  let known: Known | undefined;
  let failedAt: number | undefined;
  let asking: Promise<ShopPluginStatus | null> | undefined;

  const fresh = (): Known | undefined =>
    known && known.generation === generation && now() - known.at < settings.recheckMs
      ? known
      : undefined;

  const ask = async (): Promise<ShopPluginStatus | null> => {
    const askedIn = generation;
    let status: ShopPluginStatus | null;
    try {
      status = (
        await http.request({
          method: 'GET',
          api: 'plugin',
          path: '/status',
          schema: shopPluginStatusSchema,
          idempotent: true,
        })
      ).data;
    } catch (err) {
      if (
        err instanceof WooNotFoundError ||
        err instanceof WooAuthError ||
        err instanceof WooValidationError
      ) {
        status = null;
      } else {
        if (err instanceof WooError) failedAt = now();
        throw err;
      }
    }
    failedAt = undefined;
    known = { status, at: now(), generation: askedIn };
    return status;
  };

  const status = async (): Promise<ShopPluginStatus | null> => {
    if (settings.mode === 'off') return null;
    const current = fresh();
    if (current) return current.status;
    asking ??= ask().finally(() => (asking = undefined));
    return asking;
  };

  return {
    mode: settings.mode,
    status,
    async statusOrNull() {
      if (settings.mode === 'off') return null;
      if (!fresh() && failedAt !== undefined && now() - failedAt < failedRecheckMs) return null;
      try {
        return await status();
      } catch (err) {
        if (err instanceof WooError) return null;
        throw err;
      }
    },
    async has(feature) {
      return (await status())?.features.includes(feature) ?? false;
    },
    async request<T>(request: Omit<WooRequest<T>, 'api'>): Promise<WooResponse<T>> {
      try {
        return await http.request({ ...request, api: 'plugin' });
      } catch (err) {
        if (err instanceof WooNotFoundError) known = undefined;
        throw err;
      }
    },
    forget() {
      known = undefined;
    },
  };
}
