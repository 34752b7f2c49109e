import { wooSecretValues } from '../../shared/config/woo';
import { dayInTimeZone } from '../../shared/price-sync/business-day';
import type { ActivityDeps } from '../deps';
import { countedPage } from '../metrics';
import { withHeartbeat } from '../catalog/heartbeat';
import { expectedLinePrices, type ExpectedLinePricesInput } from './expected-line-prices';
import { checkPriceParity, type ParityInput, type ParityResult } from './parity-check';
import { syncPricesIncrementally, type IncrementalPriceResult } from './incremental-sync';
import { latestPriceMarks, writePriceMarks } from './price-changes';
import { buildPriceSnapshot, PriceSnapshotCache } from './price-snapshot';
import {
  PRICE_HASH_KINDS,
  sortedCustomers,
  syncPricePage,
  type PriceCounts,
  type PricePageInput,
  type PricePageResult,
} from './sync-page';

export interface PriceSyncStartInput {
  /** Forget the pushed hashes first, so everything is written again. */
  force: boolean;
  dryRun: boolean;
}

export interface PriceSyncStart {
  /** Identifies the run's price snapshot (pages of one run share one build per worker). */
  snapshot: string;
  /** Day the prices are computed for. */
  date: string;
  articles: number;
  customers: number;
  productPageSize: number;
  customerPageSize: number;
  pagesPerRun: number;
  /**
   * The price tables' last changes before the snapshot was read, and its price categories
   * (JSON): stored at the end of a successful run, where the next incremental run starts.
   */
  marks?: string;
}

export interface PriceSyncSummary extends Omit<PriceCounts, 'read'> {
  articles: number;
  customers: number;
  drift: number;
  shopReads: number;
  failures: { key: string; message: string }[];
  /** The watermark to store (a run that wrote everything it had to, not a dry run). */
  marks?: string | null;
}

/** Today in the company's time zone (scheduled prices switch at its midnight), or the test clock. */
export function pricingDay(settings: { timeZone: string; today?: string }, now = new Date()) {
  return settings.today ?? dayInTimeZone(now, settings.timeZone);
}

/**
 * Price activities, on the `sage` queue (they read every price table of Sage): the price sync's
 * start / page / finish, the parity check and the expected prices of web order lines.
 */
export function createPricingActivities(deps: ActivityDeps) {
  // Separate caches: a parity check or an order import never evicts a running sync's snapshot.
  const syncCache = new PriceSnapshotCache(deps.config, deps.sageDb);
  const lineCache = new PriceSnapshotCache(deps.config, deps.sageDb);
  const secrets = wooSecretValues(deps.config.woo);
  const settings = deps.config.prices;
  return {
    // Reading every price table takes seconds at scale: heartbeats keep the activity alive.
    priceSyncStart: (input: PriceSyncStartInput): Promise<PriceSyncStart> =>
      withHeartbeat(async () => {
        const store = await deps.stateStore();
        if (input.force && !input.dryRun) {
          await store.clearHashes(PRICE_HASH_KINDS.product);
          await store.clearHashes(PRICE_HASH_KINDS.customer);
        }
        const date = pricingDay(settings);
        const snapshot = `${date}-${Date.now()}`;
        // Read before the data: a change made while the snapshot loads is read again next time.
        const tables = await latestPriceMarks(await deps.sageDb());
        const built = await syncCache.get(snapshot, date);
        return {
          marks: JSON.stringify({ tables, categories: built.categories, day: date }),
          snapshot,
          date,
          articles: built.articles.length,
          customers: sortedCustomers(built).length,
          productPageSize: settings.productPageSize,
          customerPageSize: settings.customerPageSize,
          pagesPerRun: settings.pagesPerRun,
        };
      }, secrets),
    priceSyncPage: (input: PricePageInput): Promise<PricePageResult> =>
      withHeartbeat(
        async () => syncPricePage(deps, await syncCache.get(input.snapshot, input.date), input),
        secrets,
      ).then(countedPage('prices')),
    /** The incremental run, whole (shared/price-sync/price-changes.ts says what a change touches). */
    priceSyncIncremental: (input: { dryRun: boolean }): Promise<IncrementalPriceResult> =>
      withHeartbeat(
        async () =>
          syncPricesIncrementally(deps, { dryRun: input.dryRun, date: pricingDay(settings) }),
        secrets,
      ),
    async priceSyncFinish(summary: PriceSyncSummary): Promise<void> {
      if (summary.marks) await writePriceMarks(await deps.stateStore(), summary.marks);
      await (
        await deps.snapshots()
      ).putReports(
        'prices',
        summary.failures.map((f) => ({ key: f.key, problem: 'write-failed', detail: f.message })),
      );
      deps.logger.info(
        { flow: 'prices', ...summary, failures: undefined, marks: undefined },
        'price sync done',
      );
    },
    priceParityCheck: (input: ParityInput): Promise<ParityResult> =>
      withHeartbeat(async () => {
        // Always Sage as it is now: parity compares the shop with today's Sage, not a run's copy.
        const date = pricingDay(settings);
        const snapshot = await buildPriceSnapshot(
          deps.config,
          await deps.sageDb(),
          `parity-${Date.now()}`,
          date,
        );
        return checkPriceParity(deps, snapshot, input);
      }, secrets),
    /** Expected net unit price of each web order line (order issue: price differences on the quote). */
    async computeExpectedLinePrices(input: ExpectedLinePricesInput) {
      return expectedLinePrices(await lineCache.fresh(settings.indexMaxAgeMs, input.date), input);
    },
  };
}
