import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  AdaptiveController,
  type AdaptiveBounds,
  type AttemptOutcome,
} from '../../../shared/woo/adaptive';
import { acquireShopLimiter, Semaphore } from '../../../activities/woo/limiter';

const BOUNDS: AdaptiveBounds = {
  minBatchSize: 5,
  maxBatchSize: 100,
  maxConcurrency: 4,
  targetMs: 10_000,
  maxPauseMs: 10_000,
};

/** A controller on a fake clock (`tick` advances it). */
function controller(bounds: Partial<AdaptiveBounds> = {}) {
  let now = 1_000_000;
  const c = new AdaptiveController({ ...BOUNDS, ...bounds }, () => now);
  return {
    c,
    tick(ms: number) {
      now += ms;
    },
    /** A full batch at the current size taking `perItemMs` per item. */
    batch(perItemMs: number) {
      const items = c.batchSize;
      c.record({ kind: 'answered', ms: items * perItemMs, items });
      now += items * perItemMs;
    },
  };
}

describe('adaptive batch size and concurrency', () => {
  it('starts at the ceilings and stays there on a healthy shop', () => {
    const { c, batch } = controller();
    assert.equal(c.batchSize, 100);
    assert.equal(c.concurrency, 4);
    for (let i = 0; i < 20; i++) batch(60); // 6 s per 100 items, target 10 s
    assert.equal(c.batchSize, 100);
    assert.equal(c.concurrency, 4);
  });

  it('shrinks at once when batches get slow, so the next one fits the target', () => {
    const { c, batch } = controller();
    batch(300); // 100 items in 30 s
    assert.equal(c.batchSize, 33);
    assert.ok(c.batchSize * 300 <= BOUNDS.targetMs);
    batch(300);
    assert.equal(c.batchSize, 33);
  });

  it('grows back additively when the shop is fast again, up to the ceiling', () => {
    const { c, batch } = controller();
    batch(300);
    const sizes: number[] = [];
    for (let i = 0; i < 30 && c.batchSize < 100; i++) {
      batch(50);
      sizes.push(c.batchSize);
    }
    assert.equal(c.batchSize, 100);
    // Never more than one step (a tenth of the ceiling) at a time.
    [33, ...sizes].reduce((previous, size) => {
      assert.ok(size - previous <= 10, `${previous} → ${size}`);
      return size;
    });
  });

  it('does not let small batches (fixed cost per request) drag the size down', () => {
    const { c } = controller();
    for (let i = 0; i < 50; i++) c.record({ kind: 'answered', ms: 400, items: 1 });
    assert.equal(c.batchSize, 100);
  });

  it('halves batch size and concurrency on 429 and honours Retry-After for every request', () => {
    const { c, tick } = controller();
    c.record({ kind: 'overloaded', items: 100, retryAfterMs: 3_000 });
    assert.equal(c.batchSize, 50);
    assert.equal(c.concurrency, 2);
    assert.equal(c.pauseMs(), 3_000);
    tick(1_000);
    assert.equal(c.pauseMs(), 2_000);
    tick(2_000);
    assert.equal(c.pauseMs(), 0);
  });

  it('backs off once per burst: answers of requests already in flight do not halve again', () => {
    const { c, tick } = controller();
    for (let i = 0; i < 4; i++) c.record({ kind: 'overloaded', items: 100 });
    assert.equal(c.batchSize, 50);
    assert.equal(c.concurrency, 2);
    tick(1_500);
    c.record({ kind: 'overloaded', items: 50 });
    assert.equal(c.batchSize, 25);
    assert.equal(c.concurrency, 1);
  });

  it('on 503 and timeouts of other requests, lowers the concurrency; timeouts the size too', () => {
    const { c, tick } = controller();
    c.record({ kind: 'overloaded' });
    assert.equal(c.batchSize, 100);
    assert.equal(c.concurrency, 2);
    tick(2_000);
    c.record({ kind: 'overloaded', timedOut: true });
    assert.equal(c.batchSize, 50);
    assert.equal(c.concurrency, 1);
  });

  it('caps a Retry-After pause at maxPauseMs', () => {
    const { c } = controller();
    c.record({ kind: 'overloaded', retryAfterMs: 3_600_000 });
    assert.equal(c.pauseMs(), 10_000);
  });

  it('recovers its concurrency after a streak of healthy answers', () => {
    const { c, batch } = controller({ growConcurrencyAfter: 8 });
    c.record({ kind: 'overloaded', items: 100 });
    assert.equal(c.concurrency, 2);
    for (let i = 0; i < 16; i++) batch(50);
    assert.equal(c.concurrency, 4);
    for (let i = 0; i < 40; i++) batch(50);
    assert.equal(c.concurrency, 4);
  });

  it('sends fewer at once when even the smallest batches run over the target', () => {
    const { c, batch } = controller();
    batch(5_000); // 100 items in 500 s: down to the floor
    assert.equal(c.batchSize, 5);
    batch(5_000); // 5 items in 25 s, over the 10 s target at the floor
    assert.equal(c.concurrency, 2);
  });

  it('never leaves its bounds, whatever the shop answers', () => {
    const outcome: fc.Arbitrary<AttemptOutcome> = fc.oneof(
      fc.record({
        kind: fc.constant('answered' as const),
        ms: fc.nat(200_000),
        items: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant('overloaded' as const),
        items: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        retryAfterMs: fc.option(fc.nat(100_000), { nil: undefined }),
        timedOut: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.tuple(outcome, fc.nat(5_000)), { maxLength: 200 }),
        (a, b, maxConcurrency, steps) => {
          const [minBatchSize, maxBatchSize] = a <= b ? [a, b] : [b, a];
          const { c, tick } = controller({ minBatchSize, maxBatchSize, maxConcurrency });
          for (const [o, wait] of steps) {
            c.record(o);
            tick(wait);
            assert.ok(c.batchSize >= minBatchSize && c.batchSize <= maxBatchSize, `${c.batchSize}`);
            assert.ok(Number.isInteger(c.batchSize));
            assert.ok(c.concurrency >= 1 && c.concurrency <= maxConcurrency);
            assert.ok(c.pauseMs() <= BOUNDS.maxPauseMs);
          }
        },
      ),
    );
  });
});

describe('adaptive lane of the bulk route (sized against its timeout)', () => {
  const lane = { name: 'sws-bulk', ceiling: 250, timeoutMs: 120_000 };

  function bulkLane() {
    const limiter = acquireShopLimiter(`https://lane-${Math.random()}.example`, 4, BOUNDS);
    const c = limiter.lane(lane);
    assert.ok(c);
    return { c, release: limiter.release };
  }

  it('keeps full requests while they last well under the timeout, however slow per item', () => {
    const { c, release } = bulkLane();
    try {
      assert.equal(c.batchSize, 250);
      // 250 items in 40 s: four times the REST batches' target (10 s), a third of the timeout.
      for (let i = 0; i < 10; i++) c.record({ kind: 'answered', ms: 40_000, items: 250 });
      assert.equal(c.batchSize, 250);
      // The REST batches' controller, with the same bounds, would have shrunk at the first one.
      const rest = new AdaptiveController({ ...BOUNDS, maxBatchSize: 250 });
      rest.record({ kind: 'answered', ms: 40_000, items: 250 });
      assert.ok(rest.batchSize < 100, `${rest.batchSize}`);
    } finally {
      release();
    }
  });

  it('shrinks when a request actually nears the timeout, and halves on a timeout', () => {
    const { c, release } = bulkLane();
    try {
      c.record({ kind: 'answered', ms: 75_000, items: 250 }); // 62 % of the timeout
      // Down to what is expected to last 40 % of the timeout: 48 s at 0.3 s per item.
      assert.equal(c.batchSize, 160);
      const before = c.batchSize;
      c.record({ kind: 'overloaded', items: before, timedOut: true });
      assert.equal(c.batchSize, Math.floor(before / 2));
    } finally {
      release();
    }
  });
});

describe('semaphore with a changing limit', () => {
  it('admits no newcomer until fewer than a lowered limit are in flight, then more when raised', async () => {
    const s = new Semaphore(3);
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const task = (n: number) =>
      s.run(
        () =>
          new Promise<void>((resolve) => {
            started.push(n);
            releases.push(resolve);
          }),
      );
    const runs = [1, 2, 3, 4, 5].map(task);
    await Promise.resolve();
    assert.deepEqual(started, [1, 2, 3]);
    s.setLimit(1);
    releases.shift()!();
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [1, 2, 3]);
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [1, 2, 3, 4]);
    s.setLimit(3);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    assert.equal(s.inFlight, 2);
    while (releases.length > 0) releases.shift()!();
    await Promise.all(runs);
    assert.equal(s.inFlight, 0);
  });
});
