import { strict as assert } from 'node:assert';
import { runSandboxBench } from '../../../bench/sandbox';

/** The benchmark runs end to end (a short run; the figure comes from `npx tsx bench/sandbox.ts`). */
describe('WooCommerce sandbox benchmark', () => {
  it('measures batch updates of 100 products per second', async () => {
    const r = await runSandboxBench({ products: 200, batches: 5, concurrency: 2 });
    assert.equal(r.batches, 5);
    assert.ok(r.seconds > 0 && r.latencyMs.p50 > 0 && r.batchesPerSecond > 0);
    // 100 products per batch (both figures are rounded)
    assert.ok(Math.abs(r.productUpdatesPerSecond - r.batchesPerSecond * 100) <= 10);
  });
});
