import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import type { IncrementalPriceCounts } from '../activities/price-sync/incremental-sync';
import {
  emptyPriceSyncTotals,
  type PriceFailure,
  type PricePageResult,
  type PricePhase,
  type PriceSyncTotals,
} from '../shared/price-sync/page-result';
import { addCounts } from '../shared/runs/page-counts';
import {
  SyncKind,
  SyncPagesDone,
  SyncPushed,
  SyncState,
  SyncUnchanged,
} from '../shared/search-attributes';
import { syncPageActivities } from './catalog-sync';
import { runPages, type RunState } from './paged-sync';

const prices = proxyActivities<SageActivities>(syncPageActivities);

export type { PriceSyncTotals } from '../shared/price-sync/page-result';

/**
 * Carried across continue-as-new. Its shape is that of the runs continued before the loop was
 * shared (`workflows/paged-sync.ts`): such inputs are taken as they are.
 */
export interface PriceSyncCarry {
  snapshot: string;
  date: string;
  phase: PricePhase;
  offset: number;
  pagesDone: number;
  pagesPerRun: number;
  runs: number;
  totals: PriceSyncTotals;
  failures: PriceFailure[];
  articles: number;
  customers: number;
  /** The watermark stored at the end (absent in runs continued from before it existed). */
  marks?: string;
}

export interface PriceSyncInput {
  /**
   * `incremental`: only the price rows changed since the last run's watermark, and the
   * articles and customers they touch, are projected and written (a full run when there is no
   * watermark yet, or with `force` / `compareShop`, which need every entity). Default `full`.
   */
  mode?: 'full' | 'incremental';
  /** Forget the pushed hashes and write every product and customer again. */
  force?: boolean;
  /** Count what would be written, write nothing. */
  dryRun?: boolean;
  /**
   * Also compare the products, variations and customers whose hash is unchanged with the price
   * meta the shop holds now, and write again those edited in the shop (counted in `drift`,
   * reported under problem `drift`); costs one read per page. Without it the hashes are trusted.
   */
  compareShop?: boolean;
  /** Carried across continue-as-new; callers leave it out. */
  carry?: PriceSyncCarry;
}

export interface PriceSyncProgress {
  state: RunState;
  /** What ran: an incremental run that needed a full one says why in `fullRunReason`. */
  mode?: 'full' | 'incremental';
  fullRunReason?: string;
  /** An incremental run's changed rows and the entities it projected again. */
  incremental?: IncrementalPriceCounts;
  /** Why a `skipped` run did nothing: another price sync was in progress. */
  skipped?: string;
  phase: PricePhase;
  pagesDone: number;
  runs: number;
  articles: number;
  customers: number;
  totals: PriceSyncTotals;
  failures: PriceFailure[];
}

export const priceSyncProgressQuery = defineQuery<PriceSyncProgress>('progress');

/**
 * Sage prices → the shop's pricing data (README "Prices"): first every article's category prices
 * (product / variation meta), then every customer's family discounts and customer-specific
 * prices (customer meta), page by page (the paged-sync loop, `workflows/paged-sync.ts`, phases
 * `products` then `customers`). Only what changed since the last push is written (content
 * hashes), so a run with no price change makes no write request; with `compareShop`, also what
 * the shop holds otherwise (drift). An incremental run does its work in one activity, without
 * pages. The workflow holds an offset into the run's snapshot and counters, nothing more.
 * Search attributes: none as a run opens, then kind, state, pages done, pushed and unchanged at
 * every moment.
 */
export async function priceSync(input: PriceSyncInput = {}): Promise<PriceSyncProgress> {
  const dryRun = input.dryRun ?? false;
  let carry = input.carry as PriceSyncCarry;
  const progress: PriceSyncProgress = {
    state: 'running',
    ...(input.carry ? { mode: 'full' as const } : {}),
    phase: input.carry?.phase ?? 'products',
    pagesDone: input.carry?.pagesDone ?? 0,
    runs: input.carry?.runs ?? 1,
    articles: input.carry?.articles ?? 0,
    customers: input.carry?.customers ?? 0,
    totals: input.carry?.totals ?? emptyPriceSyncTotals(),
    failures: input.carry?.failures ?? [],
  };
  setHandler(priceSyncProgressQuery, () => progress);
  // The watermark the finish stores (none in a dry run, or after failed writes).
  let marks: string | null | undefined;

  await runPages<PricePageResult>({
    continued: input.carry !== undefined,
    searchAttributes: (moment) =>
      moment === 'opened'
        ? []
        : [
            { key: SyncKind, value: 'prices' },
            { key: SyncState, value: progress.state },
            { key: SyncPagesDone, value: progress.pagesDone },
            { key: SyncPushed, value: progress.totals.pushed },
            { key: SyncUnchanged, value: progress.totals.unchanged },
          ],
    setState: (state, skipped) => {
      progress.state = state;
      if (skipped !== undefined) progress.skipped = skipped;
    },
    async start(publishRunning) {
      // Only new inputs reach this branch (`mode` did not exist before): the commands of runs
      // in flight, and of full runs, are unchanged, so no patch is needed.
      const incremental = input.mode === 'incremental' && !input.force && !input.compareShop;
      if (incremental) {
        progress.mode = 'incremental';
        publishRunning();
        const run = await prices.priceSyncIncremental({ dryRun });
        if (run.fullRunNeeded === null) {
          progress.incremental = run.counts;
          progress.articles = run.articles;
          progress.customers = run.customerCount;
          progress.totals = addCounts(emptyPriceSyncTotals, {}, run);
          progress.failures = run.failures;
          marks = run.marks;
          return false;
        }
        progress.fullRunReason = run.fullRunNeeded;
      }
      progress.mode = 'full';
      const start = await prices.priceSyncStart({ force: input.force ?? false, dryRun });
      progress.articles = start.articles;
      progress.customers = start.customers;
      carry = {
        snapshot: start.snapshot,
        date: start.date,
        phase: 'products',
        offset: 0,
        pagesDone: 0,
        pagesPerRun: start.pagesPerRun,
        runs: 1,
        totals: progress.totals,
        failures: [],
        articles: start.articles,
        customers: start.customers,
        ...(start.marks === undefined ? {} : { marks: start.marks }),
      };
      return true;
    },
    pagesPerRun: () => carry.pagesPerRun,
    page() {
      progress.phase = carry.phase;
      return prices.priceSyncPage({
        snapshot: carry.snapshot,
        date: carry.date,
        phase: carry.phase,
        offset: carry.offset,
        dryRun,
        compareShop: input.compareShop ?? false,
      });
    },
    add(page) {
      progress.pagesDone += 1;
      progress.totals = addCounts(emptyPriceSyncTotals, progress.totals, page);
      progress.failures = [...progress.failures, ...page.failures].slice(0, 50);
    },
    more(page) {
      if (page.nextOffset !== null) carry = { ...carry, offset: page.nextOffset };
      else if (carry.phase === 'products') carry = { ...carry, phase: 'customers', offset: 0 };
      else return false;
      return true;
    },
    async finish() {
      if (dryRun) return;
      await prices.priceSyncFinish({
        articles: progress.articles,
        customers: progress.customers,
        ...progress.totals,
        failures: progress.failures,
        // Failed writes keep the watermark: the entities they concern are not in step.
        marks: marks !== undefined ? marks : progress.totals.failed === 0 ? carry.marks : undefined,
      });
    },
    continueAsNew: () =>
      continueAsNew<typeof priceSync>({
        ...input,
        carry: {
          ...carry,
          pagesDone: progress.pagesDone,
          runs: carry.runs + 1,
          totals: progress.totals,
          failures: progress.failures,
        },
      }),
  });
  return progress;
}
