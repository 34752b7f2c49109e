import type { ChangeKey } from '../sage/types';
import type { DiffEntity } from './diff';
import type { CatalogIssue } from './types';

/**
 * What one page of the catalog or stock sync did, and what a run sums: counts, cursors and
 * bounded samples only (they travel in workflow history). The page activities
 * (`activities/catalog`, `activities/stock`) return it, `workflows/paged-sync.ts` sums it.
 */

/** The counts of a page, summed over a run (the workflow's `progress` totals). */
export interface SyncTotals {
  /** Sage rows read on this page. */
  read: number;
  /** Shop entities this page's rows project to. */
  entities: number;
  pushed: number;
  unchanged: number;
  failed: number;
  /** Changed entities whose SKU is not in the shop (update mode: reported, not created). */
  missing: number;
  created: number;
  issues: number;
  writeRequests: number;
  /**
   * Full runs: entities whose hash said "already pushed" but which the shop held otherwise
   * (edited in the shop admin, by an import plugin), written again; counted in `pushed` too.
   */
  drift: number;
  /** Full runs: read requests of the drift check (`GET /products?sku=…`, 100 SKUs each). */
  shopReads: number;
}

export const emptySyncTotals = (): SyncTotals => ({
  read: 0,
  entities: 0,
  pushed: 0,
  unchanged: 0,
  failed: 0,
  missing: 0,
  created: 0,
  issues: 0,
  writeRequests: 0,
  drift: 0,
  shopReads: 0,
});

export interface SyncPageResult extends SyncTotals {
  /** Pass as `after` to read the next page; null when this page was the last. */
  nextKey: ChangeKey | null;
  /** Highest key read so far: the next incremental run starts after it. */
  lastKey: ChangeKey | null;
  samples: ReportSamples;
}

export interface DiffSampleEntry {
  kind: DiffEntity['kind'];
  sku: string;
  action: 'create' | 'update' | 'missing';
  fields: Record<string, unknown>;
}

export interface ReportSamples {
  issues: CatalogIssue[];
  missing: string[];
  /** Dry runs only: what would be written. */
  diff: DiffSampleEntry[];
}

export const emptySamples = (): ReportSamples => ({ issues: [], missing: [], diff: [] });
