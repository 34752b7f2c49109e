import type { ActivityDeps } from '../deps';
import { readDepots } from '../sage/stock';
import type { ReconcileSystems } from './reconcile';

/**
 * The systems the customer activities use, opened lazily once per worker: both flows need the
 * Sage company and the shop together (they compare and write both), so they run on the `sage`
 * queue, whose workers sit next to Sage and reach the shop over HTTPS.
 */
export function customerSystems(deps: ActivityDeps): () => Promise<ReconcileSystems> {
  return async () => {
    const [sage, woo, state, snapshotStore] = await Promise.all([
      deps.sageDb(),
      deps.woo(),
      deps.stateStore(),
      deps.snapshots(),
    ]);
    return {
      sage,
      woo,
      state,
      snapshots: snapshotStore,
      config: deps.config.customers,
      creatorTag: deps.config.sage.writer.creatorTag,
      clearableFields: deps.config.sage.writer.clearableFields,
      // Read per activity: 8 rows, and a depot added in Sage is seen without a restart.
      depots: await readDepots(sage),
    };
  };
}
