import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import type { SageDb } from './sage/db';
import type { SnapshotStore } from './state/snapshots';
import type { StateStore } from './state/store';
import type { WooClient } from './woo';

/**
 * What activities need from the worker process, built once at start and shared by every
 * activity execution. Connections are opened lazily, so a worker that serves only the `woo`
 * queue never connects to Sage and the other way round.
 */
export interface ActivityDeps {
  config: Config;
  logger: Logger;
  stateStore: () => Promise<StateStore>;
  /** Snapshots of both sides (3-way merges) and operator reports, in the same database. */
  snapshots: () => Promise<SnapshotStore>;
  sageDb: () => Promise<SageDb>;
  woo: () => Promise<WooClient>;
}

/** Memoises an async factory: the first call opens, later calls share the same result. */
export function lazy<T>(open: () => Promise<T>): { get: () => Promise<T>; opened: () => boolean } {
  let value: Promise<T> | undefined;
  return {
    get: () => {
      if (!value) {
        value = open();
        // A failed open is retried on the next call instead of poisoning the worker.
        value.catch(() => (value = undefined));
      }
      return value;
    },
    opened: () => value !== undefined,
  };
}
