import { durationToMs } from '../../shared/config';
import type { ChangeKey } from '../../shared/sage/types';
import { wooSecretValues } from '../../shared/config/woo';
import type { ActivityDeps } from '../deps';
import { countedPage } from '../metrics';
import {
  CATALOG_HASH_KIND,
  CATALOG_WATERMARK,
  syncCatalogPage,
  type CatalogPageInput,
} from './catalog-page';
import { readCursor, shiftTimestamp, writeCursor } from './cursor';
import { withHeartbeat } from './heartbeat';
import { recheckMissingFromNow } from './missing-skus';
import type { SyncPageResult } from './report';
import { countChangedRows } from '../sage/paging';

export interface SyncStartInput {
  /** Full: every row from the start. Incremental: rows changed after the stored cursor. */
  full: boolean;
  /** Forget the pushed hashes first, so every entity is written again. */
  force: boolean;
  dryRun: boolean;
}

export interface SyncStart {
  /**
   * Lower bound on the modification time (incremental runs with an overlap), kept for every
   * page; `FULL_RUN_SINCE` on full runs (pages then check the shop for drift, see pageScope).
   */
  since: string | null;
  after: ChangeKey | null;
  /** Rows to read, for the progress denominator (rows changed meanwhile may add some). */
  rows: number;
  pageSize: number;
  pagesPerRun: number;
  sampleSize: number;
}

/** Shared start/finish steps of the catalog and stock syncs (they differ by table and kinds). */
export function syncBoundaries(
  deps: ActivityDeps,
  spec: {
    table: 'F_ARTICLE' | 'F_ARTSTOCK';
    hashKind: string;
    watermark: string;
    paging: { pageSize: number; pagesPerRun: number; sampleSize: number };
    overlap?: number | string;
  },
) {
  const overlapMs =
    spec.overlap !== undefined
      ? durationToMs(spec.overlap)
      : deps.config.sage.kind === 'sqlserver'
        ? 120_000
        : 0;
  return {
    async start(input: SyncStartInput): Promise<SyncStart> {
      const store = await deps.stateStore();
      const cursor = input.full ? null : await readCursor(store, spec.watermark);
      const since = cursor && overlapMs > 0 ? shiftTimestamp(cursor.modifiedAt, -overlapMs) : null;
      const after = since === null ? cursor : null;
      if (input.force && !input.dryRun) {
        await store.clearHashes(spec.hashKind);
        await recheckMissingFromNow(store);
      }
      const rows = await countChangedRows(await deps.sageDb(), spec.table, since, after);
      const { pageSize, pagesPerRun, sampleSize } = spec.paging;
      return {
        since,
        after,
        rows,
        pageSize,
        pagesPerRun,
        sampleSize,
      };
    },
    async finish(lastKey: ChangeKey | null): Promise<void> {
      await writeCursor(await deps.stateStore(), spec.watermark, lastKey);
    },
  };
}

/**
 * Catalog activities, served on the `sage` queue: a page reads Sage, then writes the shop, in
 * one activity (activities move data; workflows move cursors). The Sage workers run next to
 * the database, which is the connection that cannot be opened from anywhere, and their small
 * concurrency bounds the load on Sage and on the shop alike.
 */
export function createCatalogActivities(deps: ActivityDeps) {
  const settings = deps.config.catalog;
  const boundaries = syncBoundaries(deps, {
    table: 'F_ARTICLE',
    hashKind: CATALOG_HASH_KIND,
    watermark: CATALOG_WATERMARK,
    paging: settings,
    overlap: settings.incrementalOverlap,
  });
  return {
    catalogStart: (input: SyncStartInput) => boundaries.start(input),
    catalogPage: (input: CatalogPageInput): Promise<SyncPageResult> =>
      withHeartbeat(
        (progress) => syncCatalogPage(deps, input, progress),
        wooSecretValues(deps.config.woo),
      ).then(countedPage('catalog')),
    catalogFinish: (lastKey: ChangeKey | null) => boundaries.finish(lastKey),
  };
}
