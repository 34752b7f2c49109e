import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import { lazy, type ActivityDeps } from '../activities/deps';
import { createSageDb } from '../activities/sage/db';
import { openSnapshotStore } from '../activities/state/snapshots';
import { openStateStore } from '../activities/state/store';
import { createWooClient } from '../activities/woo';

/** Builds the activities' dependencies for one worker process, and closes what was opened. */
export function buildActivityDeps(
  config: Config,
  logger: Logger,
): { deps: ActivityDeps; close: () => Promise<void> } {
  const stateStore = lazy(() => openStateStore(config.stateStore));
  const snapshots = lazy(() => openSnapshotStore(config.stateStore));
  const sageDb = lazy(async () => createSageDb(config.sage));
  const woo = lazy(async () => createWooClient(config.woo, { logger }));
  return {
    deps: {
      config,
      logger,
      stateStore: stateStore.get,
      snapshots: snapshots.get,
      sageDb: sageDb.get,
      woo: woo.get,
    },
    async close() {
      if (stateStore.opened()) await (await stateStore.get()).close();
      if (snapshots.opened()) await (await snapshots.get()).close();
      if (sageDb.opened()) await (await sageDb.get()).destroy();
      if (woo.opened()) (await woo.get()).close();
    },
  };
}
