import type { ActivityDeps } from '../deps';
import type { CatalogIssue } from '../../shared/catalog/types';
import type { RowIssue } from '../../shared/sage/types';
import type { DiffEntity, WritePlan } from '../../shared/catalog/diff';
import type { DriftedField } from '../../shared/catalog/drift';
import { DRIFT_AREAS, driftDetail, type DriftArea } from '../../shared/drift/report';
import { recordDrift } from '../drift/reports';
import type { DiffSampleEntry } from '../../shared/catalog/page-result';

/** The catalog and stock page result, declared once in `shared/` (the workflow sums it). */
export type {
  DiffSampleEntry,
  ReportSamples,
  SyncPageResult,
} from '../../shared/catalog/page-result';
export function fromRowIssue(issue: RowIssue): CatalogIssue {
  return {
    reference: issue.key,
    problem: issue.problem,
    ...(issue.detail !== undefined ? { detail: issue.detail } : {}),
  };
}

/** Problem name under which SKUs absent from the shop are reported (update mode). */
export const MISSING_IN_SHOP = 'missing-in-shop';

/** Problem name of an entity a full run found edited in the shop and wrote again. */
export const DRIFT_REPAIRED = 'drift';

/** A drift repair as reported: the SKU, and `field shop value → wanted value`, … */
export interface DriftReport {
  sku: string;
  detail: string;
  /** Product or variation, and the drifted fields: the report of the flow `drift`. */
  kind?: string;
  fields?: readonly DriftedField[];
}

/**
 * Every issue and missing SKU goes to the log and to the state store's report table, where the
 * operator lists them in full (`npm run cli -- reports catalog`); a bounded sample goes to the
 * workflow. Recording is idempotent: a problem seen again refreshes its row. Drift (found by
 * full runs, dry or not) is also one report of the flow `drift` per entity, problem the sync.
 */
export async function recordReports(
  deps: Pick<ActivityDeps, 'logger' | 'snapshots'>,
  sync: string,
  issues: readonly CatalogIssue[],
  missing: readonly string[],
  drift: readonly DriftReport[] = [],
): Promise<void> {
  for (const issue of issues) deps.logger.info({ sync, ...issue }, 'article reported');
  if (missing.length > 0) deps.logger.info({ sync, skus: missing }, 'SKUs missing in the shop');
  for (const d of drift) deps.logger.info({ sync, sku: d.sku, detail: d.detail }, 'shop drift');
  if (issues.length === 0 && missing.length === 0 && drift.length === 0) return;
  const snapshots = await deps.snapshots();
  await snapshots.putReports(sync, [
    ...issues.map((i) => ({ key: i.reference, problem: i.problem, detail: i.detail })),
    ...missing.map((sku) => ({ key: sku, problem: MISSING_IN_SHOP })),
    ...drift.map((d) => ({ key: d.sku, problem: DRIFT_REPAIRED, detail: d.detail })),
  ]);
  // Dry runs too: the drift reconciliation's report-only runs find drift this way.
  if (isDriftArea(sync)) {
    await recordDrift(
      snapshots,
      sync,
      drift.map((d) => ({
        key: d.sku,
        detail: d.fields
          ? driftDetail(
              `${d.kind ?? 'product'} ${d.sku}`,
              d.fields.map((f) => ({ field: f.field, shop: f.shop, sage: f.wanted })),
            )
          : `${d.kind ? `${d.kind} ` : ''}${d.sku}: ${d.detail}`,
      })),
    );
  }
}

const isDriftArea = (flow: string): flow is DriftArea =>
  (DRIFT_AREAS as readonly string[]).includes(flow);

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
