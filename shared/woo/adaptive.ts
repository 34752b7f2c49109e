/**
 * Adaptive batch size and concurrency for one shop: pure logic, fed with the outcome of every
 * request attempt. Real stores vary a lot (a 100-item batch takes 5 s, then 30 s), so a fixed
 * batch size either wastes requests or runs into timeouts.
 *
 * - Batch size: the per-item latency of batches (an average that follows rises at once and
 *   falls slowly, each sample weighted by how full its batch was) caps the size so that a batch
 *   is expected to last at most `targetMs`; below the cap the size grows additively after each
 *   healthy batch, and it is halved on overload.
 * - Concurrency: halved on overload (429, 5xx, timeout, network error) and when even the
 *   smallest batches run over the target; grows by one after a streak of healthy answers.
 * - Retry-After: the shop's asked pause applies to every request of this shop, not only the
 *   refused one.
 * Decreases are at most one per `cooldownMs`: the answers of requests already in flight tell
 * about the load before the decrease, and must not halve again (as TCP does once per RTT).
 */

export interface AdaptiveBounds {
  minBatchSize: number;
  /** The ceiling (`woo.batchSize`); the controller starts there. */
  maxBatchSize: number;
  /** The ceiling (`woo.concurrency`); the controller starts there. */
  maxConcurrency: number;
  /** Expected duration of one batch request to stay under (well under its timeout). */
  targetMs: number;
  /** Longest shop-wide pause a Retry-After may impose (longer waits are left to the caller). */
  maxPauseMs: number;
  /** Healthy answers in a row before the concurrency grows by one. Default 8. */
  growConcurrencyAfter?: number;
  /** Minimal time between two decreases. Default 1000 ms. */
  cooldownMs?: number;
  /**
   * When set, latency shrinks the batch only after a request actually lasted longer than this
   * (a route whose point is few, large requests: the shop plugin's bulk route, sized against its
   * timeout); overloads and timeouts still halve it. Unset: the estimate alone shrinks it.
   */
  shrinkAboveMs?: number;
}

export type AttemptOutcome =
  /** An answer (any status but overload ones); `items` for a batch request. */
  | { kind: 'answered'; ms: number; items?: number }
  /** 429, 5xx, timeout or network failure. */
  | { kind: 'overloaded'; items?: number; retryAfterMs?: number; timedOut?: boolean };

export interface AdaptiveState {
  batchSize: number;
  concurrency: number;
  /** Latency estimate per batch item, ms (undefined before the first batch). */
  perItemMs: number | undefined;
  pausedForMs: number;
}

/** Weight of a new sample when the latency falls (rises of full batches are taken at once). */
const FALL_WEIGHT = 0.3;
/** The first estimate comes from a batch at least this full. */
const MIN_FIRST_WEIGHT = 0.25;

export class AdaptiveController {
  private size: number;
  private limit: number;
  private perItem: number | undefined;
  private healthy = 0;
  private pauseUntil = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly min: number;
  private readonly max: number;
  private readonly step: number;

  constructor(
    private readonly bounds: AdaptiveBounds,
    private readonly now: () => number = Date.now,
  ) {
    this.max = Math.max(1, Math.floor(bounds.maxBatchSize));
    this.min = Math.min(this.max, Math.max(1, Math.floor(bounds.minBatchSize)));
    this.size = this.max;
    this.limit = Math.max(1, Math.floor(bounds.maxConcurrency));
    // Additive increase: a tenth of the ceiling, so recovery from the floor takes ~10 batches.
    this.step = Math.max(1, Math.round(this.max / 10));
  }

  /** Items of the next batch request. */
  get batchSize(): number {
    return this.size;
  }

  /** Requests in flight allowed now. */
  get concurrency(): number {
    return this.limit;
  }

  /** How long to wait before sending (a Retry-After in force), 0 when free to go. */
  pauseMs(): number {
    return Math.max(0, this.pauseUntil - this.now());
  }

  state(): AdaptiveState {
    return {
      batchSize: this.size,
      concurrency: this.limit,
      perItemMs: this.perItem,
      pausedForMs: this.pauseMs(),
    };
  }

  record(outcome: AttemptOutcome): void {
    if (outcome.kind === 'overloaded') this.overloaded(outcome);
    else this.answered(outcome.ms, outcome.items);
  }

  private answered(ms: number, items: number | undefined): void {
    if (items !== undefined && items > 0) this.batchAnswered(ms, items);
    this.healthy += 1;
    if (this.healthy >= (this.bounds.growConcurrencyAfter ?? 8)) {
      this.healthy = 0;
      this.limit = Math.min(this.bounds.maxConcurrency, this.limit + 1);
    }
  }

  private batchAnswered(ms: number, items: number): void {
    // A small batch says little about a full one (its fixed cost weighs more per item): a
    // sample counts in proportion to how full the batch was.
    const weight = Math.min(1, items / this.size);
    const sample = Math.max(0, ms) / items;
    if (this.perItem === undefined) {
      if (weight >= MIN_FIRST_WEIGHT) this.perItem = sample;
    } else {
      const w = sample >= this.perItem ? weight : weight * FALL_WEIGHT;
      this.perItem += (sample - this.perItem) * w;
    }
    const cap =
      this.perItem !== undefined && this.perItem > 0
        ? Math.floor(this.bounds.targetMs / this.perItem)
        : this.max;
    const slow = this.bounds.shrinkAboveMs === undefined || ms > this.bounds.shrinkAboveMs;
    if (cap < this.size && slow) {
      // Expected over the target: down to what fits at once (latency says how much).
      this.size = clamp(cap, this.min, this.max);
      this.healthy = 0;
    } else if (ms <= this.bounds.targetMs && weight >= 0.5) {
      // Healthy at (about) the current size: try a little more.
      this.size = clamp(Math.min(cap, this.size + this.step), this.min, this.max);
    }
    if (ms > this.bounds.targetMs && items <= this.min) {
      // Even the smallest batches are slow: the shop is saturated, send fewer at once.
      this.healthy = 0;
      this.decrease(false, true);
    }
  }

  private overloaded(outcome: Extract<AttemptOutcome, { kind: 'overloaded' }>): void {
    this.healthy = 0;
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 0) {
      const pause = Math.min(outcome.retryAfterMs, this.bounds.maxPauseMs);
      this.pauseUntil = Math.max(this.pauseUntil, this.now() + pause);
    }
    // A timed-out batch was too big for the shop's pace, whatever the estimate said.
    this.decrease(outcome.items !== undefined || outcome.timedOut === true, true);
  }

  private decrease(batch: boolean, concurrency: boolean): void {
    const now = this.now();
    if (now - this.lastDecrease < (this.bounds.cooldownMs ?? 1000)) return;
    this.lastDecrease = now;
    if (batch) this.size = clamp(Math.floor(this.size / 2), this.min, this.max);
    if (concurrency) this.limit = Math.max(1, Math.floor(this.limit / 2));
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
