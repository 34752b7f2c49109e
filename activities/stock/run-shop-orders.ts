import type { ActivityDeps } from '../deps';
import { startShopOrdersRead, type ShopOrdersRead } from './web-orders';

/**
 * The shop's open orders read once per stock sync run, not once per page. Kept in the worker
 * (not passed through the workflow: a thousand open orders in every page's input would bloat
 * the history), keyed by the workflow run: a new run (scheduled or continued as new) reads
 * again, so no run works from another's snapshot.
 *
 * A snapshot may age within a run: an order placed after it and not imported yet when a page
 * pushes is missed by that page (the figure errs high until the order's import pushes its
 * articles again, seconds later). So a snapshot serves at most SNAPSHOT_MAX_AGE_MS after its
 * read started; other changes since the read (an order imported, validated or cancelled) are
 * seen by the Sage reads each page still makes, or make the figure err low, never high.
 */

/** Longest a run's snapshot of the shop's open orders serves its pages. */
export const SNAPSHOT_MAX_AGE_MS = 60_000;
/** Runs remembered per worker (runs of other workflows or workers only cost a read). */
const RUNS_KEPT = 8;

interface Snapshot {
  startedAt: number;
  read: ShopOrdersRead;
}

const snapshots = new WeakMap<ActivityDeps, Map<string, Snapshot>>();

/**
 * The shop's open orders for a page of the run `runKey` (workflow id and run id): the read an
 * earlier page of the same run started, while fresh, or a new one. A failed read is forgotten,
 * so the page's retry reads again. Without a run key (outside a workflow), a fresh read.
 */
export function shopOrdersOfRun(
  deps: ActivityDeps,
  runKey: string | undefined,
  now: () => number = Date.now,
): ShopOrdersRead {
  if (runKey === undefined || !deps.config.stock.available.minusWebOrders) {
    return startShopOrdersRead(deps);
  }
  const runs = snapshots.get(deps) ?? new Map<string, Snapshot>();
  snapshots.set(deps, runs);
  const at = now();
  for (const [key, snapshot] of runs) {
    if (at - snapshot.startedAt > SNAPSHOT_MAX_AGE_MS) runs.delete(key);
  }
  const kept = runs.get(runKey);
  if (kept) return kept.read;
  const read = startShopOrdersRead(deps);
  const snapshot = { startedAt: at, read };
  runs.set(runKey, snapshot);
  read.catch(() => {
    if (runs.get(runKey) === snapshot) runs.delete(runKey);
  });
  while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value as string);
  return read;
}
