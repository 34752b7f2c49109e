/**
 * Pricing engine throughput: evaluations per second on one core (the main JS thread) over the
 * customer-scale demo company, random customer × article pairs (seeded), after a warm-up.
 * Writes bench/results/pricing.json, merging into what is there (the price sync adds `sync.*`).
 *
 * `SWS_BENCH_SAGE_PATH=file.sqlite` reuses an existing demo company instead of generating one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Big from 'big.js';
import { openEmbeddedSageDb, type SageDb } from '../activities/sage/db';
import { loadIncrementalPriceData, loadPriceData } from '../activities/price-sync/load-price-data';
import { latestPriceMarks, readPriceChanges } from '../activities/price-sync/price-changes';
import { buildPriceSnapshot } from '../activities/price-sync/price-snapshot';
import { sortedCustomers } from '../activities/price-sync/sync-page';
import { Rng } from '../sandbox/sage/prng';
import { configSchema } from '../shared/config/schema';
import {
  buildPriceIndex,
  evaluatePrice,
  type PriceQuery,
  type PricingData,
} from '../shared/price-engine';
import { quantityBreaks } from '../shared/price-engine/quantity-tiers';
import type { StoredCustomerPricing } from '../shared/price-sync/customer-projector';
import { IncrementalPriceProjection } from '../shared/price-sync/incremental-projection';
import { compareOne, parityQuantities, scheduledPriceKeys } from '../shared/price-sync/parity';
import { customerPricingMeta, productPricesMeta } from '../shared/price-sync/payload';
import { customerPricing } from '../shared/price-sync/projection';
import { TASK_QUEUES } from '../shared/task-queues';
import { catalogSync, customerSync, priceSync } from '../workflows';
import { prefillShopFromSage, startConnectorUnderTest } from '../test/helpers/connector';

export interface PricingBenchResult {
  /** Evaluations per second of CPU time of the (single-threaded) evaluation loop. */
  evaluationsPerSecond: number;
  /** Evaluations per second of elapsed time (lower when other processes share the core). */
  wallEvaluationsPerSecond: number;
  measuredCpuMs: number;
  measuredWallMs: number;
  /** 1-minute load average when the measure ended: how shared the machine was. */
  loadAverage: number;
  evaluations: number;
  customers: number;
  articles: number;
  wallMs: number;
  warmupEvaluations: number;
  indexBuildMs: number;
  loadMs: number;
  priceRows: number;
  seed: number;
  strategy: string;
  /** Share of the query pool per winning rule, and with discounts (what the measure covers). */
  ruleMix: Record<string, number>;
  node: string;
  cpu: string;
}

export interface PricingBenchOptions {
  seed?: number;
  /** Measured evaluations (default 5,000,000). */
  evaluations?: number;
  warmupEvaluations?: number;
  resultPath?: string;
}

const RESULT_PATH = join(__dirname, 'results', 'pricing.json');
/** Distinct prepared queries cycled through (so the loop measures the engine, not the set-up). */
const QUERY_POOL = 1 << 18;

export async function runPricingBench(
  options: PricingBenchOptions = {},
): Promise<PricingBenchResult> {
  const seed = options.seed ?? 42;
  const evaluations = options.evaluations ?? 5_000_000;
  const warmupEvaluations = options.warmupEvaluations ?? 1_000_000;
  const started = performance.now();

  const { data, loadMs } = await loadDemoPriceData(seed);
  const buildStarted = performance.now();
  const index = buildPriceIndex(data);
  const indexBuildMs = performance.now() - buildStarted;

  const queries = randomQueries(data, seed, QUERY_POOL);
  let checksum = run(index, queries, warmupEvaluations);
  const cpuStarted = process.cpuUsage();
  const measureStarted = process.hrtime.bigint();
  checksum += run(index, queries, evaluations);
  const measuredNs = Number(process.hrtime.bigint() - measureStarted);
  const cpu = process.cpuUsage(cpuStarted);
  if (checksum === 0) throw new Error('no price evaluated');
  // The loop runs on the main thread: the process's CPU time is that one core's busy time (plus
  // the GC helper threads, which only makes the figure lower). On a shared machine, wall time
  // also counts the time other processes held the core, so both are reported.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const result: PricingBenchResult = {
    evaluationsPerSecond: Math.round(evaluations / cpuSeconds),
    wallEvaluationsPerSecond: Math.round(evaluations / (measuredNs / 1e9)),
    measuredCpuMs: Math.round(cpuSeconds * 1000),
    measuredWallMs: Math.round(measuredNs / 1e6),
    loadAverage: Number(loadavg()[0].toFixed(2)),
    evaluations,
    customers: data.customers.length,
    articles: data.articles.length,
    wallMs: Math.round(performance.now() - started),
    warmupEvaluations,
    indexBuildMs: Math.round(indexBuildMs),
    loadMs: Math.round(loadMs),
    priceRows:
      data.articlePrices.length +
      data.familyCategoryPrices.length +
      data.familyCustomerDiscounts.length +
      data.quantityRanges.length +
      data.packagingPrices.length,
    seed,
    strategy: index.options.strategy,
    ruleMix: ruleMix(index, queries),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
  };
  mergeResult(options.resultPath ?? RESULT_PATH, result);
  return result;
}

/** Runs `count` evaluations over the pool; returns a checksum so the work cannot be elided. */
function run(
  index: ReturnType<typeof buildPriceIndex>,
  queries: PriceQuery[],
  count: number,
): number {
  let checksum = 0;
  const mask = queries.length - 1;
  for (let i = 0; i < count; i++) {
    checksum += evaluatePrice(index, queries[i & mask]).netPrice.length;
  }
  return checksum;
}

function ruleMix(
  index: ReturnType<typeof buildPriceIndex>,
  queries: PriceQuery[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const query of queries) {
    const result = evaluatePrice(index, query);
    count(result.rule);
    if (result.appliedDiscounts.length > 0) count('withDiscount');
    if (result.appliedDiscounts.some((d) => d.source.endsWith('-grid'))) count('quantityGrid');
    if (result.viaCentral) count('viaCentral');
  }
  const shares: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts).sort())
    shares[key] = Number((n / queries.length).toFixed(4));
  return shares;
}

function randomQueries(data: PricingData, seed: number, count: number): PriceQuery[] {
  const rng = Rng.fork(seed, 'pricing-bench');
  // The pool owns copies of the keys, as a caller would (an order's SKUs, a sync's page): lookups
  // then compare string contents instead of relying on the index's own string objects.
  const customers = JSON.parse(JSON.stringify(data.customers.map((c) => c.account))) as string[];
  const articles = JSON.parse(JSON.stringify(data.articles.map((a) => a.reference))) as string[];
  const queries: PriceQuery[] = [];
  for (let i = 0; i < count; i++) {
    queries.push({
      customer: rng.pick(customers),
      article: rng.pick(articles),
      // Mostly small quantities, some large ones to reach the upper ranges of quantity grids.
      quantity: rng.chance(0.9) ? rng.int(1, 12) : rng.int(13, 500),
      date: '2026-03-15',
    });
  }
  return queries;
}

/** Generates (or reuses) the customer-scale demo company and reads its prices through the Sage readers. */
async function loadDemoPriceData(seed: number): Promise<{ data: PricingData; loadMs: number }> {
  return withDemoCompany(seed, async (db) => {
    const started = performance.now();
    const data = await loadPriceData(db);
    return { data, loadMs: performance.now() - started };
  });
}

/** Runs `use` on the customer-scale demo company (generated, or SWS_BENCH_SAGE_PATH), then cleans up. */
async function withDemoCompany<T>(seed: number, use: (db: SageDb) => Promise<T>): Promise<T> {
  const reuse = process.env.SWS_BENCH_SAGE_PATH;
  const folder = reuse ? null : mkdtempSync(join(tmpdir(), 'sws-pricing-bench-'));
  const path = reuse ?? join(folder as string, 'sage-demo.sqlite');
  try {
    if (!reuse || !existsSync(path)) generateInChildProcess(path, seed);
    const db = openEmbeddedSageDb(path);
    try {
      return await use(db);
    } finally {
      await closeDb(db);
    }
  } finally {
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

export interface PriceProjectionBenchResult {
  projection: {
    company: string;
    customers: number;
    articles: number;
    /** Price categories × articles with a price rule in `sage_price_rules` (share of all). */
    ruleCoverage: number;
    /** Building the snapshot: every price table read, index, category prices and rules. */
    snapshotMs: number;
    /** All customers' pricing meta, sharing work between customers of the same conditions. */
    customersCpuMs: number;
    customersWallMs: number;
    conditionSets: number;
    /** The same meta computed customer by customer (measured on a sample, per customer). */
    unsharedMsPerCustomer: number;
    sharedMsPerCustomer: number;
    customerPrices: number;
    customerPricesPerCustomer: number;
    /** Customer-specific prices / (customers × articles). */
    customerPriceShare: number;
    /** Largest customer-specific price map of one customer. */
    maxCustomerPrices: number;
  };
}

/**
 * The price sync's projection at customer scale, without the shop: the snapshot a run builds,
 * then every customer's pricing meta as the customers pages compute it. Shows how much the
 * contract carries (customer-specific prices) and what a full run costs in CPU. Merges
 * `projection` into bench/results/pricing.json.
 */
export async function runPriceProjectionBench(
  options: { seed?: number; resultPath?: string } = {},
): Promise<PriceProjectionBenchResult> {
  const seed = options.seed ?? 42;
  const projection = await withDemoCompany(seed, async (db) => {
    const started = performance.now();
    const snapshot = await buildPriceSnapshot(configSchema.parse({}), db, 'bench', '2026-03-15');
    const snapshotMs = performance.now() - started;
    const customers = sortedCustomers(snapshot);
    const articles = snapshot.articles.length;

    const cpuStarted = process.cpuUsage();
    const wallStarted = performance.now();
    let customerPrices = 0;
    let maxCustomerPrices = 0;
    for (const customer of customers) {
      const count = Object.keys(snapshot.customers.pricing(customer).customerPrices).length;
      customerPrices += count;
      maxCustomerPrices = Math.max(maxCustomerPrices, count);
    }
    const cpu = process.cpuUsage(cpuStarted);
    const customersWallMs = performance.now() - wallStarted;
    const customersCpuMs = (cpu.user + cpu.system) / 1000;

    const sample = customers.filter((_, i) => i % Math.ceil(customers.length / 20) === 0);
    const unsharedStarted = performance.now();
    for (const customer of sample) {
      customerPricing(
        snapshot.index,
        snapshot.data,
        customer,
        snapshot.articles,
        snapshot.products,
        snapshot.date,
        snapshot.formula,
      );
    }
    const unsharedMsPerCustomer = (performance.now() - unsharedStarted) / sample.length;

    let slots = 0;
    let ruled = 0;
    for (const pricing of snapshot.products.values()) {
      slots += Object.keys(pricing.prices).length;
      ruled += Object.keys(pricing.rules).length;
    }
    return {
      company: `customer-scale demo company (seed ${seed})`,
      customers: customers.length,
      articles,
      ruleCoverage: Number((ruled / slots).toFixed(4)),
      snapshotMs: Math.round(snapshotMs),
      customersCpuMs: Math.round(customersCpuMs),
      customersWallMs: Math.round(customersWallMs),
      conditionSets: snapshot.customers.conditionSets,
      unsharedMsPerCustomer: Number(unsharedMsPerCustomer.toFixed(1)),
      sharedMsPerCustomer: Number((customersWallMs / customers.length).toFixed(2)),
      customerPrices,
      customerPricesPerCustomer: Number((customerPrices / customers.length).toFixed(2)),
      customerPriceShare: Number((customerPrices / (customers.length * articles)).toFixed(6)),
      maxCustomerPrices,
    };
  });
  const result = { projection };
  mergeResult(options.resultPath ?? RESULT_PATH, result);
  return result;
}

/**
 * The generator runs in a child process: its hundreds of thousands of temporary rows would
 * otherwise stay in this heap and scatter the index the measure then walks.
 */
function generateInChildProcess(path: string, seed: number): void {
  const generator = require.resolve('../sandbox/sage/generator');
  const script = `require(${JSON.stringify(generator)}).generateDemoCompany(${JSON.stringify({ path, size: 'customer', seed })})`;
  execFileSync(process.execPath, [...process.execArgv, '-e', script], { stdio: 'inherit' });
}

async function closeDb(db: SageDb): Promise<void> {
  await db.destroy();
}

function mergeResult(path: string, result: object): void {
  let existing: Record<string, unknown> = {};
  if (existsSync(path)) {
    existing = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...existing, ...result }, null, 2)}\n`);
}

export interface PriceSyncBenchResult {
  sync: {
    /** Shop write requests of the first price sync (products, variations, customers batches). */
    writeRequests: number;
    wallMs: number;
    pushed: number;
    articles: number;
    customers: number;
    /** Customer-specific prices sent (exception prices and what the maps cannot express). */
    customerPrices: number;
    company: string;
  };
  /** The same sync again with nothing changed in Sage: must write nothing. */
  rerun: { writeRequests: number; wallMs: number };
}

/**
 * Price sync on the small demo company, through a Temporal dev server of its own, the shop
 * sandbox and in-process workers (the connector harness of test/helpers/connector.ts): the shop
 * is pre-filled with the company's products, the catalog and customers syncs link them, then
 * the price sync runs twice. Merges `sync` and `rerun` into bench/results/pricing.json.
 */
export async function runPriceSyncBench(
  options: { resultPath?: string } = {},
): Promise<PriceSyncBenchResult> {
  const connector = await startConnectorUnderTest({
    size: 'small',
    config: { customers: { newAccountEmail: 'disable-setting' } },
    temporal: 'own',
  });
  try {
    const { client } = connector.temporal;
    const execute = <A extends unknown[], R>(workflow: (...args: A) => Promise<R>, ...args: A) =>
      client.workflow.execute(workflow, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `bench-${workflow.name}-${Date.now()}`,
        args,
      });
    await prefillShopFromSage(connector.shop, connector.config);
    await execute(catalogSync, { mode: 'full' });
    await execute(customerSync, { mode: 'full' });

    const writes = () =>
      Object.entries(connector.shop.counters())
        .filter(([key]) => /^(POST|PUT|PATCH|DELETE) /.test(key))
        .reduce((sum, [, n]) => sum + n, 0);
    const measure = async () => {
      connector.shop.resetCounters();
      const started = performance.now();
      const progress = await execute(priceSync, {});
      return { progress, wallMs: Math.round(performance.now() - started), writeRequests: writes() };
    };
    const first = await measure();
    const again = await measure();
    const result: PriceSyncBenchResult = {
      sync: {
        writeRequests: first.writeRequests,
        wallMs: first.wallMs,
        pushed: first.progress.totals.pushed,
        articles: first.progress.articles,
        customers: first.progress.customers,
        customerPrices: first.progress.totals.customerPrices,
        company: 'small demo company (seed 7)',
      },
      rerun: { writeRequests: again.writeRequests, wallMs: again.wallMs },
    };
    mergeResult(options.resultPath ?? RESULT_PATH, result);
    return result;
  } finally {
    await connector.stop();
  }
}

export interface IncrementalPriceBenchResult {
  incremental: {
    company: string;
    /** Price rows changed between the full run and the incremental one, by table. */
    changedRows: Record<string, number>;
    /** The full run's work without the shop: marks, snapshot, every product's and customer's meta. */
    full: { cpuMs: number; wallMs: number };
    /** The incremental run's: changed-rows reads, price data, the affected entities' meta. */
    run: { cpuMs: number; wallMs: number };
    cpuShare: number;
    wallShare: number;
    productsProjected: number;
    customersProjected: number;
    customersWhole: number;
    /** Articles whose price rows the incremental run read (`all`: every one). */
    articlesRead: number | 'all';
    /** Entities whose meta the incremental run would write (hash moved since the full run). */
    writes: { products: number; customers: number };
    /** A fresh full run's meta compared with the full run's patched by the incremental one. */
    equalsFullRun: boolean;
    mismatches: number;
    /** Entities whose meta a fresh full run changes: what the incremental run must write. */
    fullRunChanges: number;
    loadAverage: number;
  };
}

/**
 * Incremental against full price sync at customer scale (the projection's work, without the
 * shop, whose writes are the same in both): a full run's projection, 50 price rows of every
 * kind changed in Sage, the incremental run from the full run's watermark and customer meta,
 * then a fresh full projection that the full run's state patched by the incremental run must
 * equal entity by entity. Reads are exact (no overlap): the embedded engine's timestamps have
 * milliseconds. Merges `incremental` into bench/results/pricing.json.
 */
export async function runIncrementalPriceBench(
  options: { seed?: number; resultPath?: string } = {},
): Promise<IncrementalPriceBenchResult> {
  const seed = options.seed ?? 42;
  const config = configSchema.parse({});
  const meta = config.prices.meta;
  const date = '2026-03-15';

  /** What a full run computes: every product's and customer's meta hash, and the watermark. */
  const fullProjection = async (db: SageDb) => {
    const tables = await latestPriceMarks(db);
    const snapshot = await buildPriceSnapshot(config, db, `bench-${Date.now()}`, date);
    const products = new Map<string, string>();
    for (const [reference, pricing] of snapshot.products) {
      products.set(reference, productPricesMeta(meta, pricing).hash);
    }
    const customers = new Map<string, string>();
    const stored = new Map<string, StoredCustomerPricing>();
    // Sleeping accounts get no price (their meta leaves the shop, the same in both runs).
    for (const customer of sortedCustomers(snapshot).filter((c) => c.sleeping !== true)) {
      const payload = snapshot.customers.pricing(customer);
      customers.set(customer.account, customerPricingMeta(meta, payload).hash);
      stored.set(customer.account, snapshot.customers.stored(customer, payload));
    }
    return { tables, categories: snapshot.categories, products, customers, stored };
  };

  const incremental = await withDemoCompany(seed, async (db) => {
    const full = await measured(() => fullProjection(db));
    const changedRows = await changePriceRows(db, seed);
    const run = await measured(async () => {
      const read = await readPriceChanges(db, full.value.tables, 0);
      // Every customer is linked here: each awake one is a candidate, with the full run's meta.
      const loaded = await loadIncrementalPriceData(db, {
        changes: read.changes,
        previousCategories: full.value.categories,
        date,
        candidatesOf: async (customers) =>
          customers
            .filter((customer) => customer.sleeping !== true)
            .map((customer) => ({ customer, stored: full.value.stored.get(customer.account) })),
      });
      if (loaded.fullRunNeeded !== null) throw new Error(`a full run: ${loaded.fullRunNeeded}`);
      const projection = new IncrementalPriceProjection(
        loaded.data,
        loaded.categories,
        read.changes,
        config.pricing,
        date,
      );
      const products = new Map<string, string>();
      for (const reference of projection.productReferences()) {
        products.set(reference, productPricesMeta(meta, projection.product(reference)!).hash);
      }
      const customers = new Map<string, string>();
      let whole = 0;
      for (const { customer, stored } of loaded.candidates) {
        const repriced = projection.customer(customer, stored);
        if (repriced === null) continue;
        if (repriced.whole) whole += 1;
        customers.set(customer.account, customerPricingMeta(meta, repriced.payload).hash);
      }
      const articlesRead: number | 'all' = loaded.everyArticle
        ? 'all'
        : loaded.data.articles.length;
      return { products, customers, whole, articlesRead };
    });

    const fresh = await fullProjection(db);
    const compare = (
      before: Map<string, string>,
      patch: Map<string, string>,
      now: Map<string, string>,
    ) => {
      const patched = new Map([...before, ...patch]);
      const keys = new Set([...patched.keys(), ...now.keys()]);
      let mismatches = 0;
      for (const key of keys) if (patched.get(key) !== now.get(key)) mismatches += 1;
      let writes = 0;
      for (const [key, hash] of patch) if (before.get(key) !== hash) writes += 1;
      let changes = 0;
      for (const key of keys) if (before.get(key) !== now.get(key)) changes += 1;
      return { mismatches, writes, changes };
    };
    const products = compare(full.value.products, run.value.products, fresh.products);
    const customers = compare(full.value.customers, run.value.customers, fresh.customers);
    return {
      company: `customer-scale demo company (seed ${seed})`,
      changedRows,
      full: { cpuMs: full.cpuMs, wallMs: full.wallMs },
      run: { cpuMs: run.cpuMs, wallMs: run.wallMs },
      cpuShare: Number((run.cpuMs / full.cpuMs).toFixed(4)),
      wallShare: Number((run.wallMs / full.wallMs).toFixed(4)),
      productsProjected: run.value.products.size,
      customersProjected: run.value.customers.size,
      customersWhole: run.value.whole,
      articlesRead: run.value.articlesRead,
      writes: { products: products.writes, customers: customers.writes },
      equalsFullRun: products.mismatches + customers.mismatches === 0,
      mismatches: products.mismatches + customers.mismatches,
      fullRunChanges: products.changes + customers.changes,
      loadAverage: Number(loadavg()[0].toFixed(2)),
    };
  });
  const result = { incremental };
  mergeResult(options.resultPath ?? RESULT_PATH, result);
  return result;
}

async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    cpuMs: Math.round((used.user + used.system) / 1000),
    wallMs: Math.round(performance.now() - started),
  };
}

/**
 * 50 price rows of every kind changed the way an operator would (seeded): base prices, category
 * prices, exception prices, customers' global discounts, customers' and categories' family
 * discounts, quantity-grid ranges. Returns the count per table.
 */
async function changePriceRows(db: SageDb, seed: number): Promise<Record<string, number>> {
  const rng = Rng.fork(seed, 'incremental-price-bench');
  const bump = (value: unknown, percent: number) =>
    new Big(String(value))
      .times(100 + percent)
      .div(100)
      .round(2)
      .plus('0.01')
      .toString();
  const ids = async (
    table: 'F_ARTICLE' | 'F_COMPTET' | 'F_ARTCLIENT' | 'F_FAMCLIENT' | 'F_FAMTARIF' | 'F_TARIFQTE',
    count: number,
  ) => {
    const rows = await db
      .selectFrom(table as 'F_ARTCLIENT')
      .select('cbMarq')
      .execute();
    return rng.sample(
      rows.map((r) => r.cbMarq),
      count,
    );
  };
  const counts: Record<string, number> = {};
  const done = (table: string) => (counts[table] = (counts[table] ?? 0) + 1);

  for (const id of await ids('F_ARTICLE', 15)) {
    const row = await db
      .selectFrom('F_ARTICLE')
      .select('AR_PrixVen')
      .where('cbMarq', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('F_ARTICLE')
      .set({ AR_PrixVen: bump(row.AR_PrixVen, rng.int(-8, 8)) })
      .where('cbMarq', '=', id)
      .execute();
    done('F_ARTICLE');
  }
  const priceRows = await db
    .selectFrom('F_ARTCLIENT')
    .select(['cbMarq', 'AC_Categorie', 'AC_PrixVen'])
    .execute();
  const categoryRows = rng.sample(
    priceRows.filter((r) => r.AC_Categorie > 0),
    10,
  );
  const exceptionRows = rng.sample(
    priceRows.filter((r) => r.AC_Categorie === 0),
    8,
  );
  for (const row of [...categoryRows, ...exceptionRows]) {
    await db
      .updateTable('F_ARTCLIENT')
      .set({ AC_PrixVen: bump(row.AC_PrixVen, rng.int(-8, 8)) })
      .where('cbMarq', '=', row.cbMarq)
      .execute();
    done('F_ARTCLIENT');
  }
  const customers = await db
    .selectFrom('F_COMPTET')
    .select(['cbMarq', 'CT_Taux01'])
    .where('CT_Type', '=', 0)
    .execute();
  for (const row of rng.sample(customers, 7)) {
    await db
      .updateTable('F_COMPTET')
      .set({ CT_Taux01: new Big(String(row.CT_Taux01)).plus(rng.int(1, 4)).toString() })
      .where('cbMarq', '=', row.cbMarq)
      .execute();
    done('F_COMPTET');
  }
  for (const id of await ids('F_FAMCLIENT', 5)) {
    const row = await db
      .selectFrom('F_FAMCLIENT')
      .select('FC_Remise')
      .where('cbMarq', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('F_FAMCLIENT')
      .set({ FC_Remise: new Big(String(row.FC_Remise)).plus(1).toString() })
      .where('cbMarq', '=', id)
      .execute();
    done('F_FAMCLIENT');
  }
  for (const id of await ids('F_FAMTARIF', 3)) {
    const row = await db
      .selectFrom('F_FAMTARIF')
      .select('FT_Remise')
      .where('cbMarq', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('F_FAMTARIF')
      .set({ FT_Remise: new Big(String(row.FT_Remise)).plus(1).toString() })
      .where('cbMarq', '=', id)
      .execute();
    done('F_FAMTARIF');
  }
  for (const id of await ids('F_TARIFQTE', 2)) {
    const row = await db
      .selectFrom('F_TARIFQTE')
      .select('TQ_PrixNet')
      .where('cbMarq', '=', id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('F_TARIFQTE')
      .set({ TQ_PrixNet: bump(row.TQ_PrixNet, 5) })
      .where('cbMarq', '=', id)
      .execute();
    done('F_TARIFQTE');
  }
  return counts;
}

export interface DatedParityBenchResult {
  datedParity: {
    company: string;
    /** One entry per day priced: what a full price sync of that day writes, against the engine. */
    days: {
      day: string;
      customers: number;
      articles: number;
      /** Of `articles`: those with a scheduled base price or category/exception row. */
      scheduledArticles: number;
      pairs: number;
      mismatches: number;
    }[];
    wallMs: number;
  };
}

/**
 * Parity of scheduled prices at customer scale, without the shop: for a day after the demo's
 * past schedules and for the day the future ones apply, the meta a full price sync of that day
 * writes (products' and every customer's) gives, through the shop's formula, the engine's price
 * of that day for every customer × (every scheduled article and every 100th other one). Merges
 * `datedParity` into bench/results/pricing.json.
 */
export async function runDatedParityBench(
  options: { seed?: number; resultPath?: string } = {},
): Promise<DatedParityBenchResult> {
  const seed = options.seed ?? 42;
  const started = performance.now();
  const days = await withDemoCompany(seed, async (db) => {
    const out: DatedParityBenchResult['datedParity']['days'] = [];
    for (const day of ['2026-12-01', '2030-01-01']) {
      const snapshot = await buildPriceSnapshot(configSchema.parse({}), db, `dated-${day}`, day);
      const scheduled = scheduledPriceKeys(snapshot.data).articles;
      const articles = snapshot.articles.filter(
        (a, i) => scheduled.has(a.reference) || i % 100 === 0,
      );
      const customers = sortedCustomers(snapshot).filter((c) => c.sleeping !== true);
      let mismatches = 0;
      for (const customer of customers) {
        const meta = snapshot.customers.pricing(customer);
        for (const article of articles) {
          const engine = evaluatePrice(snapshot.index, {
            customer: customer.account,
            article: article.reference,
            quantity: 1,
            date: day,
          });
          const product = snapshot.products.get(article.reference)!;
          if (compareOne(customer.account, engine, product, meta, snapshot.formula)) {
            mismatches += 1;
          }
        }
      }
      out.push({
        day,
        customers: customers.length,
        articles: articles.length,
        scheduledArticles: articles.filter((a) => scheduled.has(a.reference)).length,
        pairs: customers.length * articles.length,
        mismatches,
      });
    }
    return out;
  });
  const result = {
    datedParity: {
      company: `customer-scale demo company (seed ${seed})`,
      days,
      wallMs: Math.round(performance.now() - started),
    },
  };
  mergeResult(options.resultPath ?? RESULT_PATH, result);
  return result;
}

export interface TierParityBenchResult {
  tierParity: {
    company: string;
    day: string;
    /** Products (articles) whose meta carries quantity tiers, and tier lists in all. */
    productsWithTiers: number;
    productTierLists: number;
    /** Customers whose meta carries tiers of their own, and their SKUs with tiers. */
    customersWithTiers: number;
    customerTierSkus: number;
    /** Every non-sleeping customer × every article with a grid, at 1 and at each tier bound. */
    customers: number;
    articles: number;
    prices: number;
    mismatches: number;
    wallMs: number;
  };
}

/**
 * Parity at quantity-tier bounds on the customer-scale demo company: the price sync's projection
 * (product and customer meta, as written) against the engine, for every customer and every
 * article whose price moves with the quantity, at 1 and on each side of every bound where either
 * side's price may change (shared/price-sync/parity.ts `parityQuantities`, as `npm run cli -- parity`
 * does). Merges `tierParity` into bench/results/pricing.json.
 */
export async function runTierParityBench(
  options: { seed?: number; resultPath?: string } = {},
): Promise<TierParityBenchResult> {
  const seed = options.seed ?? 42;
  const day = '2026-12-01';
  const started = performance.now();
  const tierParity = await withDemoCompany(seed, async (db) => {
    const snapshot = await buildPriceSnapshot(configSchema.parse({}), db, 'tier-parity', day);
    const customers = sortedCustomers(snapshot).filter((c) => c.sleeping !== true);
    let productTierLists = 0;
    const gridArticles = new Set<string>();
    for (const [reference, pricing] of snapshot.products) {
      const lists = Object.keys(pricing.tiers ?? {}).length;
      productTierLists += lists;
      if (lists > 0) gridArticles.add(reference);
    }
    const productsWithTiers = gridArticles.size;
    const metas = new Map(customers.map((c) => [c.account, snapshot.customers.pricing(c)]));
    let customersWithTiers = 0;
    let customerTierSkus = 0;
    for (const meta of metas.values()) {
      const skus = Object.keys(meta.customerTiers ?? {});
      if (skus.length > 0) customersWithTiers += 1;
      customerTierSkus += skus.length;
      for (const sku of skus) gridArticles.add(sku);
    }
    // Articles whose engine price moves for some customer (exception grids included).
    for (const article of snapshot.articles) {
      if (gridArticles.has(article.reference)) continue;
      if (
        customers.some(
          (c) => quantityBreaks(snapshot.index, c.account, article.reference, day).length > 0,
        )
      ) {
        gridArticles.add(article.reference);
      }
    }
    let prices = 0;
    let mismatches = 0;
    for (const customer of customers) {
      const meta = metas.get(customer.account)!;
      for (const reference of gridArticles) {
        const product = snapshot.products.get(reference)!;
        for (const quantity of [
          1,
          ...parityQuantities(snapshot.index, customer.account, product, meta, day),
        ]) {
          const engine = evaluatePrice(snapshot.index, {
            customer: customer.account,
            article: reference,
            quantity,
            date: day,
          });
          prices += 1;
          if (compareOne(customer.account, engine, product, meta, snapshot.formula, quantity)) {
            mismatches += 1;
          }
        }
      }
    }
    return {
      company: `customer-scale demo company (seed ${seed})`,
      day,
      productsWithTiers,
      productTierLists,
      customersWithTiers,
      customerTierSkus,
      customers: customers.length,
      articles: gridArticles.size,
      prices,
      mismatches,
      wallMs: 0,
    };
  });
  tierParity.wallMs = Math.round(performance.now() - started);
  const result = { tierParity };
  mergeResult(options.resultPath ?? RESULT_PATH, result);
  return result;
}
