import assert from 'node:assert/strict';
import { wooConfigSchema, type WooConfigInput } from '../../../shared/config/woo';
import { createWooClient, type WooClient } from '../../../activities/woo/client';
import { WooTimeoutError } from '../../../activities/woo/errors';
import { startSandbox } from '../../../sandbox/woo';

/**
 * Adaptive batches against the sandbox slowing down (latency injected per batch item): the
 * batches shrink as the shop slows, so that no request reaches the batch timeout, where fixed
 * batches of 100 do; on 429 the concurrency backs off and the work still completes.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const BATCH_TIMEOUT_MS = 1_500;
const PRODUCTS = 200;

describe('woo client: adaptive batch size against a slowing shop', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let ids: number[];
  const clients: WooClient[] = [];
  /** Durations of the batch requests of the client under test. */
  let batchMs: number[] = [];

  function client(overrides: Partial<WooConfigInput> = {}): WooClient {
    const woo = createWooClient(
      wooConfigSchema.parse({
        kind: 'sandbox',
        url: sandbox.url,
        consumerKey: 'ck_sandbox',
        consumerSecret: 'cs_sandbox',
        timeoutMs: 3_000,
        batchTimeoutMs: BATCH_TIMEOUT_MS,
        batchSize: 100,
        concurrency: 4,
        // No in-client retry: a timeout would surface at once.
        retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 2_000 },
        ...overrides,
      }),
      {
        logger: {
          debug: (obj: { path?: string; ms?: number }) => {
            if (obj.path?.includes('/batch') && obj.ms !== undefined) batchMs.push(obj.ms);
          },
          warn: () => undefined,
        },
      },
    );
    clients.push(woo);
    return woo;
  }

  const update = (woo: WooClient, price: number) =>
    woo.products.batch({
      update: ids.map((id) => ({ id, regular_price: price.toFixed(2) })),
    });

  before(async () => {
    sandbox = await startSandbox({ seed: 7 });
    const setup = client({ adaptive: false });
    const created = await setup.products.batch({
      create: Array.from({ length: PRODUCTS }, (_, i) => ({
        name: `Article ${i}`,
        sku: `ADP-${i}`,
        regular_price: '1.00',
      })),
    });
    ids = created.items.map((item) => (item.ok ? item.id : 0));
    assert.ok(ids.every((id) => id > 0));
    setup.close();
  });
  after(async () => {
    for (const c of clients) c.close();
    await sandbox?.close();
  });

  it('shrinks its batches as the shop slows down, so no request reaches the timeout', async () => {
    const woo = client();
    batchMs = [];
    // Per-item latency doubling between rounds: 100 items would take 0.5 s, then 1 s, 2 s, 4 s.
    for (const [round, perItem] of [5, 10, 20, 40].entries()) {
      sandbox.setFaults({ batchLatencyMsPerItem: perItem });
      sandbox.resetCounters();
      const result = await update(woo, round + 2);
      assert.equal(result.failed, 0);
      assert.equal(result.succeeded, PRODUCTS);
      const state = woo.http.adaptiveState()!;
      // The next batch is expected within the target (a third of the batch timeout).
      assert.ok(state.batchSize * perItem <= BATCH_TIMEOUT_MS / 3, JSON.stringify(state));
    }
    assert.deepEqual(woo.stats().failures, {});
    const slowest = Math.max(...batchMs);
    assert.ok(slowest < BATCH_TIMEOUT_MS, `slowest batch ${slowest} ms`);
    // At 40 ms per item, batches of about 12 after the first: 200 items took many more
    // requests than the 2 of fixed batches.
    assert.ok((sandbox.counters()['POST /products/batch'] ?? 0) >= 12);
    const priced = sandbox.store.all('product').filter((p) => p.sku.startsWith('ADP-'));
    assert.ok(priced.every((p) => p.regular_price === '5.00'));
  });

  it('where fixed batches of 100 time out at the same pace', async () => {
    // The shop's controller lives as long as a client of the shop does: close them first.
    for (const c of clients) c.close();
    const fixed = client({ adaptive: false });
    sandbox.setFaults({ batchLatencyMsPerItem: 40 });
    await assert.rejects(update(fixed, 9), (err) => err instanceof WooTimeoutError);
    fixed.close();
  });

  it('backs off its concurrency on 429 and still completes every write', async () => {
    sandbox.setFaults({ rate429: 0.3, retryAfterSeconds: 1 });
    const woo = client({ retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 2_000 } });
    const parts = [0, 1, 2, 3].map((k) => ids.filter((_, i) => i % 4 === k));
    const results = await Promise.all(
      parts.map((part) =>
        woo.products.batch({ update: part.map((id) => ({ id, regular_price: '7.00' })) }),
      ),
    );
    assert.ok(results.every((r) => r.failed === 0 && r.succeeded === PRODUCTS / 4));
    assert.ok((sandbox.counters()['fault:rate-limited'] ?? 0) > 0);
    assert.ok(woo.http.adaptiveState()!.concurrency < 4);
    sandbox.setFaults({});
  });
});
