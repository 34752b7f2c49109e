/**
 * Catalog and stock sync at the first customer's scale (15,000 articles), against the shop
 * sandbox with a fixed added latency per request:
 *   1. full catalog sync (update mode, shop pre-filled with the SKUs as the customer's is);
 *   2. the same full sync again with nothing changed (must write nothing; it reads the shop back
 *      by SKU, 100 a request, for the drift check of full runs, and looks no id up), then
 *      a forced one (`force: true`: every entity written again, the mappings kept);
 *   3. an incremental catalog sync after 1 % of the articles changed price;
 *   4. an initial stock sync, then an incremental one after 150 stock rows changed.
 * The connector runs as a separate worker process (`workers/worker.ts`, every role), so its CPU
 * time and peak memory are its own, not the sandbox's. `npm run bench -- catalog`.
 * The sandbox emulates the shop plugin (updates through its bulk route, up to 250 items of
 * products and variations of any parents a request); `plugin: false` measures REST v3 alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogSync, stockSync } from '../workflows';
import type { SyncInput, SyncProgress } from '../workflows/paged-sync';
import { parseConfig } from '../shared/config';
import { projectCatalog } from '../shared/catalog/projection';
import { TASK_QUEUES } from '../shared/task-queues';
import { createSageDb } from '../activities/sage/db';
import { generateDemoCompany } from '../sandbox/sage/generator';
import { mutatePrices, mutateStock } from '../sandbox/sage/mutations';
import { startSandbox, type RunningSandbox } from '../sandbox/woo';
import { DEFAULT_BULK_LIMIT } from '../sandbox/woo/plugin-bulk';
import { demoConfigInput, prefillShopFromSage } from '../test/helpers/connector';
import { startTemporal } from '../test/helpers/temporal';
import { startWorkerProcess } from '../test/helpers/worker-process';

export interface CatalogBenchOptions {
  latencyMs?: number;
  seed?: number;
  /** The shop plugin's bulk route (sandbox emulation); default true. */
  plugin?: boolean;
}

interface RunFigures {
  writeRequests: number;
  /**
   * Reads by SKU (`GET /products?sku=…`): id lookups (only SKUs without mapping, once) and, in
   * full runs, the drift check (every entity whose hash is unchanged, 100 SKUs a request).
   */
  lookups: number;
  productBatches: number;
  variationBatches: number;
  /** Requests to the shop plugin's bulk route (updates of products and variations together). */
  bulkRequests: number;
  wallMs: number;
  cpuMs: number;
  pushed: number;
  unchanged: number;
  failed: number;
  missing: number;
}

export interface CatalogBenchResult {
  latencyMs: number;
  /** Whether the shop had the plugin (bulk route, `bulkLimit` items a request). */
  plugin: boolean;
  bulkLimit: number;
  articles: number;
  entities: number;
  products: number;
  variations: number;
  variableParents: number;
  writeRequestTarget: number;
  full: RunFigures & { peakRssMb: number; rssAfterMb: number; pages: number; runs: number };
  rerun: RunFigures;
  /** A forced full sync: every entity written again (the real store's "full rewrite"). */
  forced: RunFigures & { pages: number };
  incremental: RunFigures & { changed: number };
  stockInitial: RunFigures;
  stock: RunFigures & { changed: number; articles: number };
  maxHistoryEvents: number;
}

/** CPU time (user + system, ms) of a process, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Resident memory (MB) of a process from /proc: `VmHWM` is the peak, `VmRSS` the current. */
function rssMbOf(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

function counts(shop: RunningSandbox): { products: number; variations: number; bulk: number } {
  const counters = shop.counters();
  return {
    bulk: counters['POST /products/bulk'] ?? 0,
    products: counters['POST /products/batch'] ?? 0,
    variations: Object.entries(counters)
      .filter(([key]) => /^POST \/products\/.+\/variations\/batch$/.test(key))
      .reduce((sum, [, n]) => sum + n, 0),
  };
}

function writes(shop: RunningSandbox): number {
  return Object.entries(shop.counters())
    .filter(([key]) => /^(POST|PUT|PATCH|DELETE) /.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
}

export async function runCatalogBench(
  options: CatalogBenchOptions = {},
): Promise<CatalogBenchResult> {
  const latencyMs = options.latencyMs ?? 50;
  const seed = options.seed ?? 42;
  const plugin = options.plugin ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'sws-catalog-bench-'));
  const say = (line: string) => process.stderr.write(`   ${line}\n`);
  const cleanups: (() => Promise<void>)[] = [];
  try {
    generateDemoCompany({ path: join(dir, 'sage.sqlite'), size: 'customer', seed });
    const shop = await startSandbox({ shopPlugin: plugin });
    cleanups.push(() => shop.close());
    const temporal = await startTemporal();
    cleanups.push(() => temporal.stop());
    const { client } = temporal;

    const configInput = {
      ...demoConfigInput(dir, 'customer', temporal.server, { shop }),
      log: { level: 'warn' },
    };
    const config = parseConfig(configInput);
    const sage = createSageDb(config.sage);
    cleanups.push(() => sage.destroy());
    const { articles } = await prefillShopFromSage(shop, config);
    const projection = projectCatalog(articles, config.catalog);
    const variations = projection.entities.filter((e) => e.kind === 'variation');
    const entities = projection.entities.length;
    say(`${articles.length} articles → ${entities} entities (${variations.length} variations)`);

    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(configInput));
    const { child: worker, ready } = startWorkerProcess(configPath);
    cleanups.push(async () => {
      worker.kill('SIGTERM');
    });
    await ready;
    const pid = worker.pid as number;
    shop.setFaults({ latencyMs });

    const workflowIds: string[] = [];
    const run = async (
      workflow: 'catalog' | 'stock',
      input: SyncInput,
    ): Promise<{ figures: RunFigures; result: SyncProgress }> => {
      shop.resetCounters();
      const workflowId = `bench-${workflow}-${workflowIds.length + 1}-${Date.now()}`;
      workflowIds.push(workflowId);
      const cpuBefore = cpuMsOf(pid);
      const started = Date.now();
      const result = await client.workflow.execute(
        workflow === 'catalog' ? catalogSync : stockSync,
        {
          taskQueue: TASK_QUEUES.workflows,
          workflowId,
          args: [input],
        },
      );
      const batches = counts(shop);
      const figures: RunFigures = {
        writeRequests: writes(shop),
        lookups: shop.counters()['GET /products'] ?? 0,
        productBatches: batches.products,
        variationBatches: batches.variations,
        bulkRequests: batches.bulk,
        wallMs: Date.now() - started,
        cpuMs: Math.round(cpuMsOf(pid) - cpuBefore),
        pushed: result.totals.pushed,
        unchanged: result.totals.unchanged,
        failed: result.totals.failed,
        missing: result.totals.missing,
      };
      say(`${workflow} ${JSON.stringify(input)}: ${JSON.stringify(figures)}`);
      return { figures, result };
    };

    const full = await run('catalog', { mode: 'full' });
    // The peak includes the worker's start (workflow bundling); the current RSS is after the sync.
    const peakRssMb = rssMbOf(pid, 'VmHWM');
    const rssAfterMb = rssMbOf(pid, 'VmRSS');
    const rerun = await run('catalog', { mode: 'full' });
    const forced = await run('catalog', { mode: 'full', force: true });
    const changedPrices = await mutatePrices(sage, {
      count: Math.round(articles.length / 100),
      seed,
    });
    const changedArticles = new Set(changedPrices.map((c) => c.articleReference)).size;
    const incremental = await run('catalog', {});
    const stockInitial = await run('stock', {});
    const changedStock = await mutateStock(sage, { count: 150, seed });
    const stock = await run('stock', {});

    let maxHistoryEvents = 0;
    for (const workflowId of workflowIds) {
      for await (const execution of client.workflow.list({
        query: `WorkflowId = "${workflowId}"`,
      })) {
        const history = await client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
        maxHistoryEvents = Math.max(maxHistoryEvents, history.events?.length ?? 0);
      }
    }

    const result: CatalogBenchResult = {
      latencyMs,
      plugin,
      bulkLimit: plugin ? DEFAULT_BULK_LIMIT : 0,
      articles: articles.length,
      entities,
      products: entities - variations.length,
      variations: variations.length,
      variableParents: new Set(variations.map((v) => v.parentSku)).size,
      // Bulk requests of 250 with the plugin, batches of 100 (and one per parent) without.
      writeRequestTarget: Math.floor(
        1.1 * Math.ceil(entities / (plugin ? DEFAULT_BULK_LIMIT : 100)),
      ),
      full: {
        ...full.figures,
        peakRssMb,
        rssAfterMb,
        pages: full.result.pagesDone,
        runs: full.result.runs,
      },
      rerun: rerun.figures,
      forced: { ...forced.figures, pages: forced.result.pagesDone },
      incremental: { ...incremental.figures, changed: changedArticles },
      stockInitial: stockInitial.figures,
      stock: {
        ...stock.figures,
        changed: changedStock.length,
        articles: new Set(changedStock.map((c) => c.articleReference)).size,
      },
      maxHistoryEvents,
    };
    const resultsDir = join(__dirname, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'catalog.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runCatalogBench().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
