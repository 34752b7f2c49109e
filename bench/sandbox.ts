import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, startSandbox } from '../sandbox/woo';

/**
 * Benchmark of the WooCommerce sandbox: batch updates of 100 products (price, stock, stock per
 * depot) over loopback, one client connection after the other (sequential, like one activity) and
 * with a few in parallel (like several workers). The figure tells later benchmarks that the
 * sandbox is not their bottleneck (a real WooCommerce store took 5–6.5 s per such batch).
 *
 *   npx tsx bench/sandbox.ts [--batches 200] [--concurrency 4]
 */

export interface SandboxBenchOptions {
  products?: number;
  batches?: number;
  concurrency?: number;
  storage?: 'memory' | 'file';
}

export interface SandboxBenchResult {
  storage: 'memory' | 'file';
  products: number;
  batches: number;
  concurrency: number;
  seconds: number;
  batchesPerSecond: number;
  productUpdatesPerSecond: number;
  latencyMs: { p50: number; p95: number; max: number };
}

const AUTH = `Basic ${Buffer.from(`${DEFAULT_CONSUMER_KEY}:${DEFAULT_CONSUMER_SECRET}`).toString('base64')}`;

function post(
  agent: http.Agent,
  port: number,
  p: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/wp-json/wc/v3${p}`,
        agent,
        headers: {
          Authorization: AUTH,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function runSandboxBench(opts: SandboxBenchOptions = {}): Promise<SandboxBenchResult> {
  const products = opts.products ?? 1000;
  const batches = opts.batches ?? 200;
  const concurrency = opts.concurrency ?? 1;
  const storage = opts.storage ?? 'memory';
  const dir = storage === 'file' ? mkdtempSync(path.join(tmpdir(), 'woo-bench-')) : undefined;
  const sb = await startSandbox({ dbPath: dir ? path.join(dir, 'shop.db') : ':memory:' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const ids: number[] = [];
    for (let start = 0; start < products; start += 100) {
      const create = Array.from({ length: Math.min(100, products - start) }, (_, i) => ({
        name: `Bench ${start + i}`,
        sku: `BENCH-${String(start + i).padStart(6, '0')}`,
        regular_price: '10.00',
        manage_stock: true,
        stock_quantity: 10,
      }));
      const res = await post(agent, sb.port, '/products/batch', { create });
      for (const p of (res.json as { create: { id: number }[] }).create) ids.push(p.id);
    }
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batches) {
        const n = next++;
        const update = Array.from({ length: 100 }, (_, i) => {
          const id = ids[(n * 100 + i) % ids.length];
          return {
            id,
            regular_price: `${10 + (n % 7)}.50`,
            stock_quantity: (n + i) % 30,
            meta_data: [{ key: 'sage_stock_by_depot', value: { '1': (n + i) % 20, '2': n % 5 } }],
          };
        });
        const started = performance.now();
        const res = await post(agent, sb.port, '/products/batch', { update });
        latencies.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      storage,
      products,
      batches,
      concurrency,
      seconds: Math.round(seconds * 1000) / 1000,
      batchesPerSecond: round(batches / seconds),
      productUpdatesPerSecond: Math.round((batches * 100) / seconds),
      latencyMs: {
        p50: round(percentile(latencies, 0.5)),
        p95: round(percentile(latencies, 0.95)),
        max: round(latencies[latencies.length - 1]),
      },
    };
  } finally {
    agent.destroy();
    await sb.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const batches = arg('batches') ?? 200;
  const concurrency = arg('concurrency') ?? 4;
  const runs = [
    await runSandboxBench({ batches, concurrency: 1, storage: 'memory' }),
    await runSandboxBench({ batches, concurrency, storage: 'memory' }),
    await runSandboxBench({ batches, concurrency: 1, storage: 'file' }),
  ];
  for (const r of runs)
    console.log(
      `sandbox ${r.storage.padEnd(6)} concurrency ${r.concurrency}: ${r.batchesPerSecond} batch updates of 100 products/s ` +
        `(${r.productUpdatesPerSecond} product updates/s), latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms`,
    );
  const out = path.resolve(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'sandbox.json'),
    JSON.stringify(
      {
        benchmark: 'sandbox batch updates of 100 products',
        node: process.version,
        date: new Date().toISOString(),
        runs,
      },
      null,
      2,
    ) + '\n',
  );
}

if (require.main === module) void main();
