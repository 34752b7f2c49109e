import { AdaptiveController, type AdaptiveBounds } from '../../shared/woo/adaptive';

/**
 * A counting semaphore limiting requests in flight against one shop, shared by every client
 * of the same shop in this process (keyed by the shop URL). Its limit can change while in use
 * (adaptive concurrency): lowered, it lets running requests finish and admits no new one until
 * fewer than the new limit are in flight.
 */
export class Semaphore {
  private active = 0;
  private max: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    checkLimit(limit);
    this.max = limit;
  }

  get limit(): number {
    return this.max;
  }

  setLimit(limit: number): void {
    checkLimit(limit);
    this.max = limit;
    this.admit();
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    // A newcomer never overtakes the queue.
    if (this.active < this.max && this.waiting.length === 0) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.active -= 1;
    this.admit();
  }

  private admit(): void {
    while (this.active < this.max && this.waiting.length > 0) {
      this.active += 1;
      (this.waiting.shift() as () => void)();
    }
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1: ${limit}`);
}

/** A batch lane: its name, its ceiling, and the timeout of its requests when it sizes by it. */
export interface LaneSpec {
  name: string;
  ceiling: number;
  /**
   * Timeout of the lane's requests: latency shrinks its batches only when a request lasts more
   * than half of it (see AdaptiveBounds.shrinkAboveMs).
   */
  timeoutMs?: number;
}

interface SharedLimiter {
  semaphore: Semaphore;
  /** Adaptive batch size and concurrency of the shop, when enabled (in memory, per process). */
  controller?: AdaptiveController;
  /** The bounds the controller was made with (lanes derive theirs from them). */
  bounds?: AdaptiveBounds;
  /**
   * Batch sizes of other batch routes with another ceiling (the shop plugin's bulk route):
   * their own size, from their own latencies; the concurrency stays the shop controller's.
   */
  lanes: Map<string, { controller: AdaptiveController; ceiling: number; timeoutMs?: number }>;
  users: number;
}

const limiters = new Map<string, SharedLimiter>();

/** Normalised key of a shop: origin + path, without credentials, query or trailing slash. */
export function shopKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The semaphore of a shop, and its adaptive controller when `adaptive` is given. The first
 * client of a shop sets the limit and the bounds; later clients share them. Call `release()`
 * when the client closes; both are forgotten when nobody uses them.
 */
export function acquireShopLimiter(
  url: string,
  concurrency: number,
  adaptive?: AdaptiveBounds,
): {
  semaphore: Semaphore;
  controller?: AdaptiveController;
  /** The controller of a batch lane with its own ceiling (undefined when not adaptive). */
  lane: (lane: LaneSpec) => AdaptiveController | undefined;
  release: () => void;
} {
  const key = shopKey(url);
  let shared = limiters.get(key);
  if (!shared) {
    shared = {
      semaphore: new Semaphore(concurrency),
      ...(adaptive ? { controller: new AdaptiveController(adaptive), bounds: adaptive } : {}),
      lanes: new Map(),
      users: 0,
    };
    limiters.set(key, shared);
  }
  shared.users += 1;
  const entry = shared;
  let released = false;
  return {
    semaphore: entry.semaphore,
    ...(entry.controller ? { controller: entry.controller } : {}),
    lane: ({ name, ceiling, timeoutMs }) => {
      if (!entry.bounds) return undefined;
      const current = entry.lanes.get(name);
      if (current && current.ceiling === ceiling && current.timeoutMs === timeoutMs) {
        return current.controller;
      }
      // A new lane, or its ceiling changed (the plugin's limit): it starts over at the ceiling.
      const controller = new AdaptiveController({
        ...entry.bounds,
        maxBatchSize: ceiling,
        minBatchSize: Math.min(entry.bounds.minBatchSize, ceiling),
        // A lane with a request timeout keeps full requests until one actually lasts more than
        // half of it, then aims at 40 % of it (latency alone, well under the timeout, is no
        // reason to send more requests).
        ...(timeoutMs !== undefined
          ? {
              targetMs: Math.max(entry.bounds.targetMs, Math.floor(timeoutMs * 0.4)),
              shrinkAboveMs: Math.floor(timeoutMs / 2),
            }
          : {}),
      });
      entry.lanes.set(name, {
        controller,
        ceiling,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      return controller;
    },
    release: () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users === 0 && limiters.get(key) === entry) limiters.delete(key);
    },
  };
}
