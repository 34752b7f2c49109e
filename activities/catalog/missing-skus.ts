import type { StateStore } from '../state/store';

/**
 * SKUs the shop did not have when they were last looked up, remembered with the time of that
 * lookup, so that a run does not ask the shop again for them: in update mode they are never
 * written, hence never hashed, and would otherwise be looked up on every run. A marker is
 * trusted for `recheckMs`; forced runs distrust the markers written before they started.
 * Markers live in their own mapping kind: the product/variation mappings stay numeric ids.
 */

export const MISSING_KIND = 'sku-missing';

/** Markers written before this time (ISO) are stale: set when a forced run starts. */
export const MISSING_RECHECK_WATERMARK = 'catalog.missingRecheckFrom';

/** Value of a marker that no longer holds (the store cannot delete rows). */
const CLEARED = '0';

export interface MissingPolicy {
  /** How long "not in the shop" is trusted (`catalog.missingSkuRecheck`). */
  recheckMs: number;
  /** Ignore every marker (dry run of a forced resync). */
  recheckAll?: boolean;
}

/** Whether a marker value still says "missing" at `now`. */
export function isKnownMissing(
  value: string | undefined,
  now: number,
  recheckMs: number,
  staleBefore?: string,
): boolean {
  if (value === undefined || value === CLEARED) return false;
  const at = Date.parse(value);
  if (Number.isNaN(at) || now - at >= recheckMs) return false;
  return staleBefore === undefined || value >= staleBefore;
}

/** The SKUs among `skus` known to be missing in the shop (no lookup needed). */
export async function knownMissing(
  store: StateStore,
  skus: readonly string[],
  policy: MissingPolicy,
  now = Date.now(),
): Promise<Set<string>> {
  if (skus.length === 0 || policy.recheckAll) return new Set();
  const [markers, staleBefore] = await Promise.all([
    store.getMappings(MISSING_KIND, skus),
    store.getWatermark(MISSING_RECHECK_WATERMARK),
  ]);
  return new Set(
    skus.filter((sku) => isKnownMissing(markers.get(sku), now, policy.recheckMs, staleBefore)),
  );
}

export async function markMissing(
  store: StateStore,
  skus: readonly string[],
  now = Date.now(),
): Promise<void> {
  if (skus.length === 0) return;
  const at = new Date(now).toISOString();
  await store.putMappings(
    MISSING_KIND,
    skus.map((sku) => ({ sageKey: sku, wooId: at })),
  );
}

/** Found or created after all: the mapping is what counts, the marker is dropped for clarity. */
export async function clearMissing(store: StateStore, skus: readonly string[]): Promise<void> {
  if (skus.length === 0) return;
  const markers = await store.getMappings(MISSING_KIND, skus);
  const set = [...markers].filter(([, value]) => value !== CLEARED).map(([sku]) => sku);
  if (set.length === 0) return;
  await store.putMappings(
    MISSING_KIND,
    set.map((sku) => ({ sageKey: sku, wooId: CLEARED })),
  );
}

/** Starts a forced run: markers written before now are looked up again. */
export async function recheckMissingFromNow(store: StateStore, now = Date.now()): Promise<void> {
  await store.putWatermark(MISSING_RECHECK_WATERMARK, new Date(now).toISOString());
}
