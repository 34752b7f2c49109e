import {
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  defineQuery,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import type { PriceCounts, PricePageResult, PricePhase } from '../activities/price-sync/sync-page';
import type { IncrementalPriceCounts } from '../activities/price-sync/incremental-sync';
import {
  SyncKind,
  SyncPagesDone,
  SyncPushed,
  SyncState,
  SyncUnchanged,
} from '../shared/search-attributes';
import { syncPageActivities } from './catalog-sync';
import { anotherRunInProgress } from './one-run';

const prices = proxyActivities<SageActivities>(syncPageActivities);

export interface PriceSyncTotals extends PriceCounts {
  /** With `compareShop`: entities written again because the shop held other price meta. */
  drift: number;
  /** With `compareShop`: read requests of the drift check. */
  shopReads: number;
}

export interface PriceSyncCarry {
  snapshot: string;
  date: string;
  phase: PricePhase;
  offset: number;
  pagesDone: number;
  pagesPerRun: number;
  runs: number;
  totals: PriceSyncTotals;
  failures: { key: string; message: string }[];
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
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';
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
  failures: { key: string; message: string }[];
}

export const priceSyncProgressQuery = defineQuery<PriceSyncProgress>('progress');

const emptyTotals = (): PriceSyncTotals => ({
  read: 0,
  pushed: 0,
  unchanged: 0,
  failed: 0,
  missing: 0,
  writeRequests: 0,
  customerPrices: 0,
  drift: 0,
  shopReads: 0,
});

/**
 * Sage prices → the shop's pricing data (README "Prices"): first every article's category prices
 * (product / variation meta), then every customer's family discounts and customer-specific
 * prices (customer meta), page by page. Only what changed since the last push is written
 * (content hashes), so a run with no price change makes no write request; with `compareShop`,
 * also what the shop holds otherwise (drift). The workflow holds
 * an offset into the run's snapshot and counters, nothing more.
 */
export async function priceSync(input: PriceSyncInput = {}): Promise<PriceSyncProgress> {
  const dryRun = input.dryRun ?? false;
  let carry = input.carry;
  const progress: PriceSyncProgress = {
    state: 'running',
    ...(carry ? { mode: 'full' as const } : {}),
    phase: carry?.phase ?? 'products',
    pagesDone: carry?.pagesDone ?? 0,
    runs: carry?.runs ?? 1,
    articles: carry?.articles ?? 0,
    customers: carry?.customers ?? 0,
    totals: carry?.totals ?? emptyTotals(),
    failures: carry?.failures ?? [],
  };
  setHandler(priceSyncProgressQuery, () => progress);
  const publish = () =>
    upsertSearchAttributes([
      { key: SyncKind, value: 'prices' },
      { key: SyncState, value: progress.state },
      { key: SyncPagesDone, value: progress.pagesDone },
      { key: SyncPushed, value: progress.totals.pushed },
      { key: SyncUnchanged, value: progress.totals.unchanged },
    ]);

  try {
    if (!carry) {
      const busy = await anotherRunInProgress();
      if (busy !== null) {
        progress.state = 'skipped';
        progress.skipped = busy;
        setCurrentDetails(`Skipped: ${busy}.`);
        publish();
        return progress;
      }
      // Only new inputs reach this branch (`mode` did not exist before): the commands of runs
      // in flight, and of full runs, are unchanged, so no patch is needed.
      const incremental = input.mode === 'incremental' && !input.force && !input.compareShop;
      if (incremental) {
        progress.mode = 'incremental';
        publish();
        const run = await prices.priceSyncIncremental({ dryRun });
        if (run.fullRunNeeded === null) {
          progress.incremental = run.counts;
          progress.articles = run.articles;
          progress.customers = run.customerCount;
          progress.totals = {
            ...emptyTotals(),
            read: run.read,
            pushed: run.pushed,
            unchanged: run.unchanged,
            failed: run.failed,
            missing: run.missing,
            writeRequests: run.writeRequests,
            customerPrices: run.customerPrices,
          };
          progress.failures = run.failures;
          if (!dryRun) {
            await prices.priceSyncFinish({
              articles: progress.articles,
              customers: progress.customers,
              ...progress.totals,
              failures: progress.failures,
              marks: run.marks,
            });
          }
          progress.state = 'done';
          publish();
          return progress;
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
    }
    publish();
    let phase = carry.phase;
    let offset: number | null = carry.offset;
    for (let pagesThisRun = 0; ; pagesThisRun += 1) {
      if (offset === null) {
        if (phase === 'customers') break;
        phase = 'customers';
        offset = 0;
      }
      const suggested = pagesThisRun > 0 && workflowInfo().continueAsNewSuggested;
      if (pagesThisRun >= carry.pagesPerRun || suggested) {
        return await continueAsNew<typeof priceSync>({
          ...input,
          carry: {
            ...carry,
            phase,
            offset,
            pagesDone: progress.pagesDone,
            runs: carry.runs + 1,
            totals: progress.totals,
            failures: progress.failures,
          },
        });
      }
      progress.phase = phase;
      const page: PricePageResult = await prices.priceSyncPage({
        snapshot: carry.snapshot,
        date: carry.date,
        phase,
        offset,
        dryRun,
        compareShop: input.compareShop ?? false,
      });
      progress.pagesDone += 1;
      // A run continued from before a total existed starts it at 0.
      const totals = { ...emptyTotals(), ...progress.totals };
      for (const key of Object.keys(totals) as (keyof PriceSyncTotals)[]) totals[key] += page[key];
      progress.totals = totals;
      progress.failures = [...progress.failures, ...page.failures].slice(0, 50);
      offset = page.nextOffset;
      publish();
    }
    if (!dryRun) {
      await prices.priceSyncFinish({
        articles: progress.articles,
        customers: progress.customers,
        ...progress.totals,
        failures: progress.failures,
        // Failed writes keep the watermark: the entities they concern are not in step.
        marks: progress.totals.failed === 0 ? carry.marks : undefined,
      });
    }
    progress.state = 'done';
    publish();
    return progress;
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    progress.state = isCancellation(err) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(async () => publish());
    throw err;
  }
}
