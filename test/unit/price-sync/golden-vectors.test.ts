import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  buildGoldenFile,
  goldenPrice,
  serialise,
  VECTORS_FILE,
  type GoldenFile,
} from '../../../scripts/golden-price-vectors';

const run = promisify(execFile);
const HARNESS = resolve(__dirname, '../../../shop-plugin/sage-woo-sync/tests/golden.php');

function phpBinary(): Promise<string | undefined> {
  const candidates = [process.env.SWS_REAL_SHOP_PHP, 'php8.2', 'php'].filter(
    (c): c is string => c !== undefined && c !== '',
  );
  return candidates.reduce<Promise<string | undefined>>(
    (found, candidate) =>
      found.then(
        (bin) =>
          bin ??
          run(candidate, ['-r', 'echo PHP_VERSION_ID;']).then(
            ({ stdout }) => (Number(stdout) >= 80100 ? candidate : undefined),
            () => undefined,
          ),
      ),
    Promise.resolve(undefined),
  );
}

describe('golden vectors of the shop price formula', function () {
  this.timeout(120_000);
  const golden = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as GoldenFile;

  it('are what scripts/golden-price-vectors.ts generates today (engine-checked)', () => {
    // Regenerating also checks every engine vector against shared/price-engine's evaluatePrice.
    const text = serialise(buildGoldenFile());
    assert.ok(
      text === readFileSync(VECTORS_FILE, 'utf8'),
      'test/fixtures/price-vectors.json is stale: node --import tsx scripts/golden-price-vectors.ts',
    );
  });

  it('cover strategies, rounding modes, decimals, variations, nulls and engine data', () => {
    const formulas = Object.values(golden.formulas);
    for (const strategy of ['highest', 'priority', 'cumulative', 'cascade']) {
      assert.ok(
        formulas.some((f) => f.strategy === strategy),
        strategy,
      );
    }
    for (const mode of ['half-up', 'half-even', 'down', 'up']) {
      assert.ok(
        formulas.some((f) => f.rounding === mode),
        mode,
      );
    }
    assert.deepEqual([...new Set(formulas.map((f) => f.decimals))].sort(), [0, 2, 3, 4, 6]);
    assert.ok(Object.values(golden.products).some((p) => p.kind === 'variation'));
    assert.ok(golden.counts.engine >= 500, `engine vectors: ${golden.counts.engine}`);
    // Quantities on each side of tier starts, with grids of the engine behind them.
    const withQuantity = golden.vectors.filter((v) => v.quantity !== undefined);
    assert.ok(withQuantity.length > 1000, `quantity vectors: ${withQuantity.length}`);
    assert.ok(withQuantity.some((v) => v.product.startsWith('g') && v.expected !== null));
    assert.ok(golden.counts.nonNull > 1000 && golden.counts.nonNull < golden.counts.vectors);
    assert.equal(golden.vectors.length, golden.counts.vectors);
  });

  it('the TypeScript formula reproduces every vector', () => {
    let checked = 0;
    for (const v of golden.vectors) {
      const got = goldenPrice(
        golden.products[v.product],
        golden.customers[v.customer],
        golden.formulas[v.formula],
        v.quantity,
      );
      assert.equal(
        got,
        v.expected,
        `${v.product} × ${v.customer} × ${v.quantity ?? 1} (${v.formula})`,
      );
      checked++;
    }
    assert.equal(checked, golden.counts.vectors);
  });

  it('the shop plugin (PHP, includes/pricing-formula.php) reproduces every vector', async function () {
    const php = await phpBinary();
    if (php === undefined) {
      const why = 'PHP 8.1+ is not installed: the plugin half of the golden vectors is skipped';
      if (process.env.SWS_REAL_SHOP === 'required') assert.fail(why);
      console.log(`      (${why})`);
      this.skip();
    }
    const { stdout } = await run(php, [HARNESS, VECTORS_FILE], { maxBuffer: 16 << 20 });
    const out = JSON.parse(stdout) as { php: string; prices: (string | null)[] };
    assert.equal(out.prices.length, golden.vectors.length);
    const mismatches = golden.vectors
      .map((v, i) => ({ ...v, php: out.prices[i] }))
      .filter((v) => v.php !== v.expected);
    assert.deepEqual(
      mismatches.slice(0, 20),
      [],
      `${mismatches.length} mismatches (PHP ${out.php})`,
    );
  });
});
