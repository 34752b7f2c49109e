import { durationToMs } from '../../shared/config';
import type { StoredCustomerPricing } from '../../shared/price-sync/customer-projector';
import { IncrementalPriceProjection } from '../../shared/price-sync/incremental-projection';
import {
  ASLEEP_STORED_PAYLOAD,
  asleepCustomerMeta,
  customerPricingMeta,
  productPricesMeta,
} from '../../shared/price-sync/payload';
import { countPriceChanges } from '../../shared/price-sync/price-changes';
import { emptyPriceCounts } from '../../shared/price-sync/page-result';
import { previousDay } from '../../shared/price-sync/business-day';
import type { PricingCustomer } from '../../shared/price-engine/types';
import type { ActivityDeps } from '../deps';
import { readDatesReached } from '../sage/scheduled-prices';
import { loadIncrementalPriceData } from './load-price-data';
import { readPriceChanges, readPriceMarks } from './price-changes';
import { customerTargets, productTargets, type ProductTarget } from './shop-targets';
import {
  PRICE_HASH_KINDS,
  clearAsleep,
  reportAsleep,
  PRICE_PAYLOAD_KIND,
  writeAndRemember,
  type PriceCounts,
  type Projected,
} from './sync-page';

export interface IncrementalPriceCounts {
  /** Price rows changed since the watermark (every table). */
  changedRows: number;
  /** Products and variations projected again (linked ones). */
  products: number;
  /** Customers whose meta moved (linked ones): projected again, and to write unless unchanged. */
  customers: number;
  /** Of those, customers with new conditions (or none stored): projected whole again. */
  customersWhole: number;
  /** Whether price data was read (not when nothing changed). */
  priceDataRead: boolean;
  /**
   * Articles whose price rows were read: those the changes touch and, for customers projected
   * whole, their exception articles and those that may lack a price rule; `all` when one of
   * them needed every article (no price category, or a rate outside 0…100 %).
   */
  articlesRead: number | 'all';
}

export interface IncrementalPriceResult extends PriceCounts {
  /** Why this run must be a full one instead; `null` when it ran incrementally. */
  fullRunNeeded: string | null;
  counts: IncrementalPriceCounts;
  failures: { key: string; message: string }[];
  /** The watermark to store once the run is done (JSON). */
  marks: string | null;
  /** Articles and customers in the price data read (only the articles the run evaluates). */
  articles: number;
  customerCount: number;
}

/**
 * The incremental price sync, in one activity (what changes in an hour is small): reads the
 * price rows changed since the watermark, maps them onto the articles and customers they may
 * change (shared/price-sync/price-changes.ts), projects only those again from today's price data
 * and writes what differs from the last push (content hashes). A run without a watermark, or
 * whose price categories moved (the product meta's keys), says a full run is needed instead.
 * Nothing changed: only the changed-rows queries run.
 */
export async function syncPricesIncrementally(
  deps: ActivityDeps,
  input: { dryRun: boolean; date: string },
): Promise<IncrementalPriceResult> {
  const settings = deps.config.prices;
  const store = await deps.stateStore();
  const result: IncrementalPriceResult = {
    fullRunNeeded: null,
    counts: {
      changedRows: 0,
      products: 0,
      customers: 0,
      customersWhole: 0,
      priceDataRead: false,
      articlesRead: 0,
    },
    ...emptyPriceCounts(),
    failures: [],
    marks: null,
    articles: 0,
    customerCount: 0,
  };
  const previous = await readPriceMarks(store);
  if (previous === null) return { ...result, fullRunNeeded: 'no price watermark yet' };
  const db = await deps.sageDb();
  const read = await readPriceChanges(db, previous.tables, durationToMs(settings.changeOverlap));
  // Scheduled prices due since the last run's day (the first run after midnight finds them).
  const lastDay = previous.day ?? previousDay(input.date);
  if (lastDay < input.date)
    read.changes.datesReached = await readDatesReached(db, lastDay, input.date);
  result.counts.changedRows = countPriceChanges(read.changes);
  result.marks = JSON.stringify({
    tables: read.tables,
    categories: previous.categories,
    day: input.date,
  });
  if (result.counts.changedRows === 0) return result;

  // Only the customers linked to the shop are projected, from their last projected meta; the
  // price rows read are those of the articles the changes and those customers need.
  let linked = new Map<string, number>();
  let stored = new Map<string, string>();
  let candidates: PricingCustomer[] = [];
  const loaded = await loadIncrementalPriceData(db, {
    changes: read.changes,
    previousCategories: previous.categories,
    date: input.date,
    freeFields: deps.config.sage.freeFields,
    candidatesOf: async (customers) => {
      linked = await customerTargets(store, customers.map((c) => c.account).sort());
      stored = await store.getHashes(PRICE_PAYLOAD_KIND, [...linked.keys()]);
      candidates = customers
        .filter((c) => linked.has(c.account))
        .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
      // A sleeping account gets no price: nothing to read for it.
      return candidates
        .filter((customer) => customer.sleeping !== true)
        .map((customer) => ({ customer, stored: parsePayload(stored.get(customer.account)) }));
    },
  });
  result.counts.priceDataRead = true;
  if (loaded.fullRunNeeded !== null) {
    return { ...result, marks: null, fullRunNeeded: loaded.fullRunNeeded };
  }
  const { data, categories } = loaded;
  result.counts.articlesRead = loaded.everyArticle ? 'all' : data.articles.length;
  const projection = new IncrementalPriceProjection(
    data,
    categories,
    read.changes,
    deps.config.pricing,
    input.date,
  );
  result.articles = data.articles.length;
  result.customerCount = data.customers.length;

  // Products: the changed articles, every category.
  const references = projection.productReferences();
  for (let i = 0; i < references.length; i += settings.productPageSize) {
    const slice = references.slice(i, i + settings.productPageSize);
    const targets = await productTargets(store, slice);
    const projected: Projected<ProductTarget>[] = slice.flatMap((reference) => {
      const target = targets.get(reference);
      const pricing = projection.product(reference);
      if (!target || !pricing) return [];
      return [{ key: reference, target, ...productPricesMeta(settings.meta, pricing) }];
    });
    result.read += slice.length;
    result.missing += slice.length - projected.length;
    result.counts.products += projected.length;
    await push(deps, 'products', projected, input.dryRun, result);
  }

  // Customers: those whose conditions or touched articles may have moved their meta.
  const reprojected: { key: string; hash: string }[] = [];
  let page: Projected<number>[] = [];
  const asleep: string[] = [];
  /** Awake customers priced again, and those whose write failed (still without a price). */
  const priced: string[] = [];
  const failed = new Set<string>();
  for (const customer of candidates) {
    if (customer.sleeping) {
      // Already removed by an earlier run: nothing to do until it wakes up.
      if (stored.get(customer.account) === ASLEEP_STORED_PAYLOAD) continue;
      // Its pricing meta leaves the shop (written unless the content hash says it is gone).
      asleep.push(customer.account);
      reprojected.push({ key: customer.account, hash: ASLEEP_STORED_PAYLOAD });
      page.push({
        key: customer.account,
        target: linked.get(customer.account) as number,
        ...asleepCustomerMeta(settings.meta),
      });
      if (page.length >= settings.customerPageSize) {
        for (const key of await push(deps, 'customers', page, input.dryRun, result))
          failed.add(key);
        page = [];
      }
      continue;
    }
    const repriced = projection.customer(customer, parsePayload(stored.get(customer.account)));
    if (repriced === null) continue;
    const { payload, whole } = repriced;
    if (whole) result.counts.customersWhole += 1;
    result.counts.customers += 1;
    result.read += 1;
    result.customerPrices += Object.keys(payload.customerPrices).length;
    reprojected.push({ key: customer.account, hash: JSON.stringify(repriced.stored) });
    priced.push(customer.account);
    page.push({
      key: customer.account,
      target: linked.get(customer.account) as number,
      ...customerPricingMeta(settings.meta, payload),
    });
    if (page.length >= settings.customerPageSize) {
      for (const key of await push(deps, 'customers', page, input.dryRun, result)) failed.add(key);
      page = [];
    }
  }
  for (const key of await push(deps, 'customers', page, input.dryRun, result)) failed.add(key);
  if (!input.dryRun) await store.putHashes(PRICE_PAYLOAD_KIND, reprojected);
  if (!input.dryRun) await reportAsleep(deps, asleep);
  if (!input.dryRun)
    await clearAsleep(
      deps,
      priced.filter((key) => !failed.has(key)),
    );
  // A failed write keeps the watermark where it was: the next run reads the same rows again.
  if (result.failed > 0) result.marks = null;
  return result;
}

function parsePayload(value: string | undefined): StoredCustomerPricing | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<StoredCustomerPricing>;
    return typeof parsed.effectiveAccount === 'string' && parsed.payload
      ? (parsed as StoredCustomerPricing)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drops what did not change since the last push, writes the rest, records their hashes; returns
 * the keys whose write failed.
 */
async function push(
  deps: ActivityDeps,
  phase: 'products' | 'customers',
  projected: Projected<unknown>[],
  dryRun: boolean,
  result: IncrementalPriceResult,
): Promise<string[]> {
  if (projected.length === 0) return [];
  const store = await deps.stateStore();
  const kind = phase === 'products' ? PRICE_HASH_KINDS.product : PRICE_HASH_KINDS.customer;
  const known = await store.getHashes(
    kind,
    projected.map((p) => p.key),
  );
  const changed = projected.filter((p) => known.get(p.key) !== p.hash);
  result.unchanged += projected.length - changed.length;
  if (changed.length === 0) return [];
  if (dryRun) {
    result.pushed += changed.length;
    return [];
  }
  const outcome = await writeAndRemember(deps, phase === 'products', changed);
  result.pushed += outcome.written.length;
  result.failed += outcome.failed.length;
  result.writeRequests += outcome.requests;
  result.failures = [...result.failures, ...outcome.failed].slice(0, 50);
  return outcome.failed.map((f) => f.key);
}
