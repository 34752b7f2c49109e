import type { Logger } from 'pino';
import type { CatalogIssue } from '../../shared/catalog/types';
import type { RowIssue } from '../../shared/sage/types';
import type { DiffEntity, WritePlan } from '../../shared/catalog/diff';

/** What one page of a sync did: counts, cursors and bounded samples only (workflow history). */
export interface SyncPageResult {
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
  /** Pass as `after` to read the next page; null when this page was the last. */
  nextKey: { modifiedAt: string; rowId: number } | null;
  /** Highest key read so far: the next incremental run starts after it. */
  lastKey: { modifiedAt: string; rowId: number } | null;
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

export function fromRowIssue(issue: RowIssue): CatalogIssue {
  return {
    reference: issue.key,
    problem: issue.problem,
    ...(issue.detail !== undefined ? { detail: issue.detail } : {}),
  };
}

/** Every issue goes to the log (the full list); a bounded sample goes to the workflow. */
export function logIssues(logger: Logger, sync: string, issues: readonly CatalogIssue[]): void {
  for (const issue of issues) logger.info({ sync, ...issue }, 'article reported');
}

export function logMissing(logger: Logger, sync: string, skus: readonly string[]): void {
  if (skus.length > 0) logger.info({ sync, skus }, 'SKUs missing in the shop');
}

export function diffSample<E extends DiffEntity>(
  plan: WritePlan<E>,
  limit: number,
): DiffSampleEntry[] {
  const entries: DiffSampleEntry[] = [
    ...plan.products.update.map((w) => ({ entity: w.entity, action: 'update' as const })),
    ...plan.products.create.map((w) => ({ entity: w.entity, action: 'create' as const })),
    ...plan.variations.flatMap((v) => [
      ...v.update.map((w) => ({ entity: w.entity, action: 'update' as const })),
      ...v.create.map((w) => ({ entity: w.entity, action: 'create' as const })),
    ]),
    ...plan.missing.map((entity) => ({ entity, action: 'missing' as const })),
  ]
    .slice(0, limit)
    .map(({ entity, action }) => ({
      kind: entity.kind,
      sku: entity.sku,
      action,
      fields: entity.fields,
    }));
  return entries;
}
