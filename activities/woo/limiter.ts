/**
 * A counting semaphore limiting requests in flight against one shop, shared by every client
 * of the same shop in this process (keyed by the shop URL).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1: ${limit}`);
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
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // Hand the slot over directly so that a newcomer cannot overtake the queue.
    if (next) next();
    else this.active -= 1;
  }
}

interface SharedLimiter {
  semaphore: Semaphore;
  users: number;
}

const limiters = new Map<string, SharedLimiter>();

/** Normalised key of a shop: origin + path, without credentials, query or trailing slash. */
export function shopKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The semaphore of a shop. The first client of a shop sets the limit; later clients share it.
 * Call `release()` when the client closes; the semaphore is forgotten when nobody uses it.
 */
export function acquireShopLimiter(
  url: string,
  concurrency: number,
): { semaphore: Semaphore; release: () => void } {
  const key = shopKey(url);
  let shared = limiters.get(key);
  if (!shared) {
    shared = { semaphore: new Semaphore(concurrency), users: 0 };
    limiters.set(key, shared);
  }
  shared.users += 1;
  const entry = shared;
  let released = false;
  return {
    semaphore: entry.semaphore,
    release: () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users === 0 && limiters.get(key) === entry) limiters.delete(key);
    },
  };
}
