/**
 * Times the generation of the customer-scale demo company (15,000 articles, 3,000 customers,
 * 120,000 stock rows) into a SQLite file, as `ensureDemoCompany` does at first start.
 * `npm run bench -- sage-generator` or `npx tsx bench/sage-generator.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoCompany } from '../sandbox/sage/generator';

export interface SageGeneratorBenchResult {
  articles: number;
  customers: number;
  stockRows: number;
  wallMs: number;
  peakRssMb: number;
}

export function runSageGeneratorBench(): SageGeneratorBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'sage-bench-'));
  try {
    const started = process.hrtime.bigint();
    const counts = generateDemoCompany({
      path: join(dir, 'demo.sqlite'),
      size: 'customer',
      seed: 42,
    });
    const wallMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const result: SageGeneratorBenchResult = {
      articles: counts.articles,
      customers: counts.customers,
      stockRows: counts.stockRows,
      wallMs,
      // maxRSS is the process peak (kilobytes), generation included.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    const resultsDir = join(__dirname, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'sage-generator.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const result = runSageGeneratorBench();
  console.log(
    `customer-scale demo company: ${result.articles} articles, ${result.customers} customers, ` +
      `${result.stockRows} stock rows in ${result.wallMs} ms (peak RSS ${result.peakRssMb} MB)`,
  );
}
