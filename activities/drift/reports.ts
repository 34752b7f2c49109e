import {
  DRIFT_AREAS,
  DRIFT_EXAMPLES,
  DRIFT_FLOW,
  type DriftArea,
  type DriftEntry,
} from '../../shared/drift/report';
import type { ActivityDeps } from '../deps';
import type { SnapshotStore } from '../state/snapshots';

/** Records drifted entities of an area as operator reports (flow `drift`, problem the area). */
export async function recordDrift(
  snapshots: SnapshotStore,
  area: DriftArea,
  entries: readonly DriftEntry[],
): Promise<void> {
  await snapshots.putReports(
    DRIFT_FLOW,
    entries.map((e) => ({ key: e.key, problem: area, detail: e.detail })),
  );
}

export interface SettledDrift {
  /** Reports of the area seen since the mark: this run's drift. */
  current: number;
  examples: DriftEntry[];
  /** Older reports of the area, resolved since: forgotten. */
  cleared: number;
}

/**
 * The drift reports of an area around one check: `driftMark` before it, `settleDrift` after it.
 * A report seen since the mark is this check's; an older one was not seen again (repaired, or
 * edited back) and is forgotten, so that the list shows what drifts now. Report times are
 * stamped by the activity workers' clocks, as the mark is (hosts in time with each other).
 */
export function createDriftReportActivities(deps: ActivityDeps) {
  return {
    async driftMark(): Promise<string> {
      return new Date().toISOString();
    },

    async settleDrift(input: { area: DriftArea; since: string }): Promise<SettledDrift> {
      const snapshots = await deps.snapshots();
      const reports = await snapshots.listReports(DRIFT_FLOW, {
        problem: input.area,
        limit: 1_000_000,
      });
      const current = reports.filter((r) => r.lastSeen >= input.since);
      const stale = reports.filter((r) => r.lastSeen < input.since).map((r) => r.key);
      // The other areas' reports of the same keys (a SKU drifting in catalog and stock) stay.
      const others = DRIFT_AREAS.filter((a) => a !== input.area);
      if (stale.length > 0) await snapshots.clearReports(DRIFT_FLOW, stale, others);
      return {
        current: current.length,
        examples: current.slice(0, DRIFT_EXAMPLES).map((r) => ({ key: r.key, detail: r.detail })),
        cleared: stale.length,
      };
    },
  };
}
