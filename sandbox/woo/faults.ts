import type { FaultConfig } from './types';

/**
 * Fault injection, decided before a request reaches its handler (so a faulted write is never
 * applied) — except `timeoutAfterApplyRate`, which applies the write and then loses the answer.
 * A seeded PRNG makes a test's sequence of faults repeatable.
 */

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error5xx'; status: 500 | 502 | 503 }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'timeout-after-apply'; holdMs: number };

/** mulberry32: small, fast, good enough for fault rates */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private config: FaultConfig;
  private readonly random: () => number;

  constructor(config: FaultConfig = {}, seed = 1) {
    this.config = { ...config };
    this.random = seededRandom(seed);
  }

  set(config: FaultConfig): void {
    this.config = { ...config };
  }

  get(): FaultConfig {
    return { ...this.config };
  }

  /** latency to add before answering, batch items included */
  latencyMs(batchItems: number): number {
    return (this.config.latencyMs ?? 0) + batchItems * (this.config.batchLatencyMsPerItem ?? 0);
  }

  decide(isWrite: boolean): FaultDecision {
    const c = this.config;
    const holdMs = c.timeoutMs ?? 30_000;
    if (c.timeoutRate && this.random() < c.timeoutRate) return { kind: 'timeout', holdMs };
    if (c.errorRate5xx && this.random() < c.errorRate5xx) {
      const statuses = [500, 502, 503] as const;
      return { kind: 'error5xx', status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    if (c.rate429 && this.random() < c.rate429)
      return { kind: 'rate-limited', retryAfterSeconds: c.retryAfterSeconds ?? 1 };
    if (isWrite && c.timeoutAfterApplyRate && this.random() < c.timeoutAfterApplyRate)
      return { kind: 'timeout-after-apply', holdMs };
    return { kind: 'none' };
  }
}
