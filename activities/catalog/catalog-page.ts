import { hashKey } from '../../shared/catalog/diff';
import { describeDrift } from '../../shared/catalog/drift';
import { durationToMs } from '../../shared/config';
import { projectCatalog } from '../../shared/catalog/projection';
import type { Article, ChangeKey, ChangePage } from '../../shared/sage/types';
import type { ProjectedEntity } from '../../shared/catalog/types';
import { readArticlesChangedSince } from '../sage/articles';
import type { ActivityDeps } from '../deps';
import { pushEntities, unitPositions, type PushResult } from './push-entities';
import { fromRowIssue, recordReports, type SyncPageResult } from './report';
import type { ShopStateCache } from './shop-state';
import { readGroupMembers, readRawGrouping } from '../sage/articles';

export const CATALOG_HASH_KIND = 'catalog';
export const CATALOG_WATERMARK = 'catalog.lastKey';

export interface CatalogPageInput {
  /** Lower bound of an incremental run; null on full runs. */
  since: string | null;
  after: ChangeKey | null;
  dryRun: boolean;
  /** Dry run of a forced resync: diff as if nothing had been pushed. */
  ignoreHashes: boolean;
  /** Full run: compare with what the shop holds (drift), not only with the hashes. */
  full?: boolean;
}

/**
 * One page of the catalog sync: read Sage articles after the cursor, project them (with every
 * member of the variable groups they belong to, since a group is one product), push what
 * changed, and return counts and the next cursor.
 */
export async function syncCatalogPage(
  deps: ActivityDeps,
  input: CatalogPageInput,
  onProgress: () => void = () => undefined,
): Promise<SyncPageResult> {
  const settings = deps.config.catalog;
  const freeFields = deps.config.sage.freeFields;
  const db = await deps.sageDb();
  // Full runs compare with the shop; what a short attempt read serves the longer one.
  const shopState: ShopStateCache | undefined = input.full ? new Map() : undefined;
  let shopReads = 0;
  // With the bulk route, a page whose updates fill no bulk request is read again longer (up to
  // eight times the page size), so that sparse changes still travel in full requests.
  const longest = Math.max(settings.pageSize, Math.min(MAX_GROWN_PAGE, settings.pageSize * 8));
  for (let limit = settings.pageSize; ; limit = Math.min(longest, limit * 2)) {
    const page = await readArticlesChangedSince(db, {
      since: input.since,
      after: input.after,
      limit,
      freeFields,
    });
    const position = new Map(page.items.map((a, i) => [a.reference, i]));
    const masters = [...new Set(page.items.map((a) => a.masterReference).filter((m) => m !== ''))];
    const members = await readGroupMembers(db, masters, freeFields);
    const articles = [...page.items, ...members.items.filter((a) => !position.has(a.reference))];
    const raw = await readRawGrouping(
      db,
      articles.map((a) => a.reference),
      freeFields,
    );
    onProgress();
    const projection = projectCatalog(articles, settings, raw);
    const push = await pushEntities(
      await deps.stateStore(),
      await deps.woo(),
      projection.entities,
      {
        hashKind: CATALOG_HASH_KIND,
        mayCreate: settings.mode === 'create',
        dryRun: input.dryRun,
        ignoreHashes: input.ignoreHashes,
        sampleSize: settings.sampleSize,
        missingSkuRecheckMs: durationToMs(settings.missingSkuRecheck),
        // With the bulk route, the page ends where its updates fill whole bulk requests; the
        // articles after that are read again by the next page (see pushEntities).
        fillBulk: {
          positionOf: unitPositions(projection.entities, (ref) => position.get(ref)),
          more: page.nextKey !== null,
          mayGrow: limit < longest,
        },
        ...(shopState ? { compareShop: { cache: shopState } } : {}),
        onProgress,
      },
    );
    shopReads += push.shopReads;
    if (push.short) continue;
    return pageResult(deps, page, projection, { ...push, shopReads });
  }
}

/** Longest page a short one grows to (articles). */
const MAX_GROWN_PAGE = 5_000;

async function pageResult(
  deps: ActivityDeps,
  page: ChangePage<Article>,
  projection: ReturnType<typeof projectCatalog>,
  push: PushResult<ProjectedEntity>,
): Promise<SyncPageResult> {
  const settings = deps.config.catalog;
  // The articles this page covers: all of them, or those before the cut.
  const covered = push.cutAt === undefined ? page.items : page.items.slice(0, push.cutAt);
  const pageRefs = new Set(covered.map((a) => a.reference));
  const left = new Set(page.items.slice(covered.length).map((a) => a.reference));
  const last = covered[covered.length - 1];
  const cutKey = push.cutAt !== undefined && last ? keyOf(last) : undefined;

  // Group members outside this page are reported on their own page, not twice.
  const issues = [
    ...page.issues.filter((i) => !left.has(i.key)).map(fromRowIssue),
    ...projection.issues.filter((i) => pageRefs.has(i.reference)),
    ...push.issues,
  ];
  const own = projection.entities.filter((e) => pageRefs.has(e.articleRef));
  const missing = push.missing.map((e) => e.sku);
  const drift = push.drift.map((d) => ({
    sku: d.entity.sku,
    detail: describeDrift(d.fields),
    kind: d.entity.kind,
    fields: d.fields,
  }));
  await recordReports(deps, 'catalog', issues, missing, drift);
  return {
    read: covered.length,
    entities: own.length,
    pushed: push.pushed,
    unchanged: own.filter((e) => !push.changedKeys.has(hashKey(e))).length,
    failed: push.failed,
    missing: missing.length,
    created: push.created,
    issues: issues.length,
    writeRequests: push.writeRequests,
    drift: drift.length,
    shopReads: push.shopReads,
    nextKey: cutKey ?? page.nextKey,
    lastKey: cutKey ?? page.lastKey,
    samples: {
      issues: issues.slice(0, settings.sampleSize),
      missing: missing.slice(0, settings.sampleSize),
      diff: push.diff,
    },
  };
}

function keyOf(article: Pick<Article, 'modifiedAt' | 'rowId'>): ChangeKey {
  return { modifiedAt: article.modifiedAt, rowId: article.rowId };
}
