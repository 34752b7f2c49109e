import {
  CancellationScope,
  ContinueAsNew,
  defineQuery,
  isCancellation,
  setHandler,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SyncStart, SyncStartInput } from '../activities/catalog/activities';
import type { ReportSamples, SyncPageResult } from '../activities/catalog/report';
import type { ChangeKey } from '../shared/sage/types';
import {
  SyncFailed,
  SyncKind,
  SyncPagesDone,
  SyncPagesTotal,
  SyncPushed,
  SyncState,
  SyncUnchanged,
} from '../shared/search-attributes';
import { anotherRunInProgress } from './one-run';

/**
 * The loop shared by the catalog and stock syncs. The workflow holds only a cursor, counters
 * and bounded samples: each page is one activity (read Sage, project, diff, write the shop).
 * A worker crash resumes at the last completed page (the cursor is in history); the run
 * continues as new after `pagesPerRun` pages, or earlier when the server suggests it.
 */

export interface SyncInput {
  /** `incremental` (default) reads rows changed since the last run; `full` reads everything. */
  mode?: 'full' | 'incremental';
  /** Forced full resync: forget the pushed hashes, write every entity again. */
  force?: boolean;
  /** Compute the diff (counts and a bounded sample) without writing anything. */
  dryRun?: boolean;
  /** Carried across continue-as-new; callers leave it out. */
  carry?: SyncCarry;
}

export interface SyncTotals {
  read: number;
  entities: number;
  pushed: number;
  unchanged: number;
  failed: number;
  missing: number;
  created: number;
  issues: number;
  writeRequests: number;
  /** Full runs: entities the shop held otherwise than last pushed, written again. */
  drift: number;
  /** Full runs: read requests of the drift check. */
  shopReads: number;
}

export interface SyncProgress {
  kind: string;
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';
  /** Why a `skipped` run did nothing: another run of the same kind was in progress. */
  skipped?: string;
  mode: 'full' | 'incremental';
  dryRun: boolean;
  pagesDone: number;
  pagesTotal: number;
  /** Workflow runs so far (1 + continue-as-new count). */
  runs: number;
  totals: SyncTotals;
  samples: ReportSamples;
}

export interface SyncCarry {
  since: string | null;
  after: ChangeKey | null;
  lastKey: ChangeKey | null;
  pagesDone: number;
  pagesTotal: number;
  runs: number;
  pagesPerRun: number;
  sampleSize: number;
  totals: SyncTotals;
  samples: ReportSamples;
}

export const progressQuery = defineQuery<SyncProgress>('progress');

export interface SyncSteps {
  kind: 'catalog' | 'stock';
  start(input: SyncStartInput): Promise<SyncStart>;
  page(input: {
    since: string | null;
    after: ChangeKey | null;
    dryRun: boolean;
    ignoreHashes: boolean;
    /** Full run: every page compares with what the shop holds (drift), not only the hashes. */
    full: boolean;
  }): Promise<SyncPageResult>;
  finish(lastKey: ChangeKey | null): Promise<void>;
}

const emptyTotals = (): SyncTotals => ({
  read: 0,
  entities: 0,
  pushed: 0,
  unchanged: 0,
  failed: 0,
  missing: 0,
  created: 0,
  issues: 0,
  writeRequests: 0,
  drift: 0,
  shopReads: 0,
});

function addTotals(totals: SyncTotals, page: SyncPageResult): SyncTotals {
  // Totals carried from a run started before a count existed lack it: it starts at 0.
  const out = { ...emptyTotals(), ...totals };
  for (const key of Object.keys(out) as (keyof SyncTotals)[]) out[key] += page[key] ?? 0;
  return out;
}

function addSamples(samples: ReportSamples, page: ReportSamples, limit: number): ReportSamples {
  return {
    issues: [...samples.issues, ...page.issues].slice(0, limit),
    missing: [...samples.missing, ...page.missing].slice(0, limit),
    diff: [...samples.diff, ...page.diff].slice(0, limit),
  };
}

function publish(progress: SyncProgress): void {
  upsertSearchAttributes([
    { key: SyncState, value: progress.state },
    { key: SyncPagesDone, value: progress.pagesDone },
    { key: SyncPagesTotal, value: progress.pagesTotal },
    { key: SyncPushed, value: progress.totals.pushed },
    { key: SyncUnchanged, value: progress.totals.unchanged },
    { key: SyncFailed, value: progress.totals.failed },
  ]);
}

export async function runPagedSync(
  steps: SyncSteps,
  input: SyncInput,
  continueWith: (input: SyncInput) => Promise<never>,
): Promise<SyncProgress> {
  const mode = input.mode ?? 'incremental';
  const dryRun = input.dryRun ?? false;
  const force = input.force ?? false;
  const progress: SyncProgress = {
    kind: steps.kind,
    state: 'running',
    mode,
    dryRun,
    pagesDone: input.carry?.pagesDone ?? 0,
    pagesTotal: input.carry?.pagesTotal ?? 0,
    runs: input.carry?.runs ?? 1,
    totals: input.carry?.totals ?? emptyTotals(),
    samples: input.carry?.samples ?? { issues: [], missing: [], diff: [] },
  };
  // Registered first: the query answers even while the start step runs.
  setHandler(progressQuery, () => progress);
  upsertSearchAttributes([{ key: SyncKind, value: steps.kind }]);

  try {
    let carry = input.carry;
    if (!carry) {
      const busy = await anotherRunInProgress();
      if (busy !== null) {
        progress.state = 'skipped';
        progress.skipped = busy;
        setCurrentDetails(`Skipped: ${busy}.`);
        publish(progress);
        return progress;
      }
      const start = await steps.start({ full: mode === 'full' || force, force, dryRun });
      progress.pagesTotal = Math.ceil(start.rows / start.pageSize);
      carry = {
        since: start.since,
        after: start.after,
        lastKey: start.after,
        pagesDone: 0,
        pagesTotal: progress.pagesTotal,
        runs: 1,
        pagesPerRun: start.pagesPerRun,
        sampleSize: start.sampleSize,
        totals: progress.totals,
        samples: progress.samples,
      };
    }
    publish(progress);

    let after = carry.after;
    let lastKey = carry.lastKey;
    for (let pagesThisRun = 0; ; pagesThisRun += 1) {
      const suggested = pagesThisRun > 0 && workflowInfo().continueAsNewSuggested;
      if (pagesThisRun >= carry.pagesPerRun || suggested) {
        return await continueWith({
          mode,
          force,
          dryRun,
          carry: {
            ...carry,
            after,
            lastKey,
            pagesDone: progress.pagesDone,
            pagesTotal: progress.pagesTotal,
            runs: carry.runs + 1,
            totals: progress.totals,
            samples: progress.samples,
          },
        });
      }
      const page = await steps.page({
        since: carry.since,
        after,
        dryRun,
        ignoreHashes: force && dryRun,
        full: mode === 'full' || force,
      });
      progress.pagesDone += 1;
      // Rows changed during the run extend it: the total never shows less than done.
      progress.pagesTotal = Math.max(
        progress.pagesTotal,
        progress.pagesDone + (page.nextKey ? 1 : 0),
      );
      progress.totals = addTotals(progress.totals, page);
      progress.samples = addSamples(progress.samples, page.samples, carry.sampleSize);
      lastKey = page.lastKey ?? lastKey;
      after = page.nextKey;
      if (!page.nextKey) break;
      publish(progress);
    }
    if (!dryRun) await steps.finish(lastKey);
    progress.state = 'done';
    publish(progress);
    return progress;
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    progress.state = isCancellation(err) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(async () => publish(progress));
    throw err;
  }
}
