import {
  CancelledFailure,
  CancellationScope,
  ContinueAsNew,
  defineQuery,
  isCancellation,
  setHandler,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { SyncStart, SyncStartInput } from '../activities/catalog/activities';
import {
  emptySamples,
  emptySyncTotals,
  type ReportSamples,
  type SyncPageResult,
  type SyncTotals,
} from '../shared/catalog/page-result';
import { addCounts } from '../shared/runs/page-counts';
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
 * The one loop of the paged syncs (catalog, stock, prices, customers). A run holds only cursors,
 * counters and bounded samples: each page is one activity (read Sage, project, diff, write the
 * shop) that returns its counts, which the run sums (`shared/runs/page-counts.ts`). A worker
 * crash resumes at the last completed page (the cursor is in history); the run continues as new
 * after `pagesPerRun` pages, or earlier when the server suggests it (never before its first page).
 *
 * Runs in flight replay on this loop: it issues the commands each sync issued before the loop
 * was shared (issue 18), in the same order. What differs between kinds is declared by the kind:
 * its search attributes at each moment (`PagedRun.searchAttributes`, an empty list issues no
 * command), its phases, and its continue-as-new input, whose shape is unchanged (`carry` of
 * catalog, stock and prices, `resume` of customers): inputs of runs continued by older code are
 * taken as they are (docs/architecture.md, "Paged syncs").
 */

/** A run's state, as the search attribute `SyncState` and the progress queries say it. */
export type RunState = 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

/**
 * Where a run may publish search attributes: `opened` as each workflow run starts (new or
 * continued), `skipped`, `started` before its first page (new or continued), `page` after each
 * page, `done`, `failed` (failed or cancelled: the state set says which).
 */
export type RunMoment = 'opened' | 'skipped' | 'started' | 'page' | 'done' | 'failed';

/** One kind of paged sync as the loop drives it; the kind holds its cursor, phase and counts. */
export interface PagedRun<P> {
  /** Started by continue-as-new: no one-run check, no start step, the carried cursor goes on. */
  continued: boolean;
  /**
   * What the kind shows in the workflow list at a moment (none: no command). Runs in flight
   * replay these commands: change a kind's list only behind `patched()`.
   */
  searchAttributes(moment: RunMoment, page?: P): SearchAttributeUpdatePair[];
  /** Sets the state in the kind's progress (and why a skipped run did nothing). */
  setState(state: RunState, skipped?: string): void;
  /**
   * A new run's start, after the one-run check: fixes what to read. False: no page to read (an
   * incremental price run did its work in one activity), the run finishes at once.
   */
  start(publishRunning: () => void): Promise<boolean>;
  /** Pages one workflow run handles before continue-as-new. */
  pagesPerRun(): number;
  /** One page: one activity. */
  page(): Promise<P>;
  /** Sums the page's counts and samples into the progress, moves the cursor (no command). */
  add(page: P): void;
  /**
   * Whether pages remain: the phase goes on, or the next phase starts (a phase added later is
   * entered behind `patched()`, called here, after the page's search attributes).
   */
  more(page: P): boolean;
  /** Ends a run whose pages are all read (watermarks, unless a dry run). */
  finish(): Promise<void>;
  /** Continues as new with the cursor and progress carried. */
  continueAsNew(): Promise<never>;
}

/** Runs a paged sync to its end (or to continue-as-new, which throws); returns its state. */
export async function runPages<P>(run: PagedRun<P>): Promise<RunState> {
  const publish = (moment: RunMoment, page?: P): void => {
    const pairs = run.searchAttributes(moment, page);
    if (pairs.length > 0) upsertSearchAttributes(pairs);
  };
  publish('opened');
  try {
    let paged = true;
    if (!run.continued) {
      const busy = await anotherRunInProgress();
      if (busy !== null) {
        run.setState('skipped', busy);
        setCurrentDetails(`Skipped: ${busy}.`);
        publish('skipped');
        return 'skipped';
      }
      paged = await run.start(() => publish('started'));
    }
    if (paged) {
      publish('started');
      for (let pagesThisRun = 0; ; pagesThisRun += 1) {
        const suggested = pagesThisRun > 0 && workflowInfo().continueAsNewSuggested;
        if ((pagesThisRun > 0 && pagesThisRun >= run.pagesPerRun()) || suggested) {
          // A cancel that came in with the last page's result would otherwise be dropped by the
          // continue-as-new, and the next run would go on as if none had been asked for.
          if (CancellationScope.current().consideredCancelled) {
            throw new CancelledFailure('cancelled before continuing as new');
          }
          return await run.continueAsNew();
        }
        const page = await run.page();
        run.add(page);
        publish('page', page);
        if (!run.more(page)) break;
      }
    }
    await run.finish();
    run.setState('done');
    publish('done');
    return 'done';
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    run.setState(isCancellation(err) ? 'cancelled' : 'failed');
    await CancellationScope.nonCancellable(async () => publish('failed'));
    throw err;
  }
}

// --- The catalog and stock syncs (`catalogSync`, `stockSync`) ---

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

export type { SyncTotals } from '../shared/catalog/page-result';

export interface SyncProgress {
  kind: string;
  state: RunState;
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

function addSamples(samples: ReportSamples, page: ReportSamples, limit: number): ReportSamples {
  return {
    issues: [...samples.issues, ...page.issues].slice(0, limit),
    missing: [...samples.missing, ...page.missing].slice(0, limit),
    diff: [...samples.diff, ...page.diff].slice(0, limit),
  };
}

/**
 * Catalog or stock: one phase of pages from the start's cursor. Search attributes: the kind as
 * each run opens, then state, pages done / total, pushed, unchanged, failed at every moment but
 * after the last page (the `done` ones follow at once).
 */
export async function runPagedSync(
  steps: SyncSteps,
  input: SyncInput,
  continueWith: (input: SyncInput) => Promise<never>,
): Promise<SyncProgress> {
  const mode = input.mode ?? 'incremental';
  const dryRun = input.dryRun ?? false;
  const force = input.force ?? false;
  const full = mode === 'full' || force;
  const progress: SyncProgress = {
    kind: steps.kind,
    state: 'running',
    mode,
    dryRun,
    pagesDone: input.carry?.pagesDone ?? 0,
    pagesTotal: input.carry?.pagesTotal ?? 0,
    runs: input.carry?.runs ?? 1,
    totals: input.carry?.totals ?? emptySyncTotals(),
    samples: input.carry?.samples ?? emptySamples(),
  };
  // Registered first: the query answers even while the start step runs.
  setHandler(progressQuery, () => progress);
  // Set by the start step in a new run; the cursor (`after`, `lastKey`) moves with every page.
  let carry = input.carry as SyncCarry;

  await runPages<SyncPageResult>({
    continued: input.carry !== undefined,
    searchAttributes: (moment, page) => {
      if (moment === 'opened') return [{ key: SyncKind, value: steps.kind }];
      if (moment === 'page' && !page?.nextKey) return [];
      return [
        { key: SyncState, value: progress.state },
        { key: SyncPagesDone, value: progress.pagesDone },
        { key: SyncPagesTotal, value: progress.pagesTotal },
        { key: SyncPushed, value: progress.totals.pushed },
        { key: SyncUnchanged, value: progress.totals.unchanged },
        { key: SyncFailed, value: progress.totals.failed },
      ];
    },
    setState: (state, skipped) => {
      progress.state = state;
      if (skipped !== undefined) progress.skipped = skipped;
    },
    async start() {
      const start = await steps.start({ full, force, dryRun });
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
      return true;
    },
    pagesPerRun: () => carry.pagesPerRun,
    page: () =>
      steps.page({
        since: carry.since,
        after: carry.after,
        dryRun,
        ignoreHashes: force && dryRun,
        full,
      }),
    add(page) {
      progress.pagesDone += 1;
      // Rows changed during the run extend it: the total never shows less than done.
      progress.pagesTotal = Math.max(
        progress.pagesTotal,
        progress.pagesDone + (page.nextKey ? 1 : 0),
      );
      progress.totals = addCounts(emptySyncTotals, progress.totals, page);
      progress.samples = addSamples(progress.samples, page.samples, carry.sampleSize);
      carry = { ...carry, after: page.nextKey, lastKey: page.lastKey ?? carry.lastKey };
    },
    more: (page) => page.nextKey !== null,
    async finish() {
      if (!dryRun) await steps.finish(carry.lastKey);
    },
    continueAsNew: () =>
      continueWith({
        mode,
        force,
        dryRun,
        carry: {
          ...carry,
          pagesDone: progress.pagesDone,
          pagesTotal: progress.pagesTotal,
          runs: carry.runs + 1,
          totals: progress.totals,
          samples: progress.samples,
        },
      }),
  });
  return progress;
}
