import { hashKey } from '../../shared/catalog/diff';
import { durationToMs } from '../../shared/config';
import { projectCatalog } from '../../shared/catalog/projection';
import type { ChangeKey } from '../../shared/sage/types';
import { readArticlesChangedSince } from '../sage/articles';
import type { ActivityDeps } from '../deps';
import { pushEntities } from './push-entities';
import { fromRowIssue, recordReports, type SyncPageResult } from './report';
import { readGroupMembers, readRawGrouping } from './sage-reads';

export const CATALOG_HASH_KIND = 'catalog';
export const CATALOG_WATERMARK = 'catalog.lastKey';

export interface CatalogPageInput {
  since: string | null;
  after: ChangeKey | null;
  dryRun: boolean;
  /** Dry run of a forced resync: diff as if nothing had been pushed. */
  ignoreHashes: boolean;
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
  const page = await readArticlesChangedSince(db, {
    since: input.since,
    after: input.after,
    limit: settings.pageSize,
    freeFields,
  });
  const pageRefs = new Set(page.items.map((a) => a.reference));
  const masters = [...new Set(page.items.map((a) => a.masterReference).filter((m) => m !== ''))];
  const members = await readGroupMembers(db, masters, freeFields);
  const articles = [...page.items, ...members.items.filter((a) => !pageRefs.has(a.reference))];
  const raw = await readRawGrouping(
    db,
    articles.map((a) => a.reference),
    freeFields,
  );
  onProgress();
  const projection = projectCatalog(articles, settings, raw);
  const push = await pushEntities(await deps.stateStore(), await deps.woo(), projection.entities, {
    hashKind: CATALOG_HASH_KIND,
    mayCreate: settings.mode === 'create',
    dryRun: input.dryRun,
    ignoreHashes: input.ignoreHashes,
    sampleSize: settings.sampleSize,
    missingSkuRecheckMs: durationToMs(settings.missingSkuRecheck),
    onProgress,
  });

  // Group members outside this page are reported on their own page, not twice.
  const issues = [
    ...page.issues.map(fromRowIssue),
    ...projection.issues.filter((i) => pageRefs.has(i.reference)),
    ...push.issues,
  ];
  const own = projection.entities.filter((e) => pageRefs.has(e.articleRef));
  const missing = push.missing.map((e) => e.sku);
  await recordReports(deps, 'catalog', issues, missing);
  return {
    read: page.items.length,
    entities: own.length,
    pushed: push.pushed,
    unchanged: own.filter((e) => !push.changedKeys.has(hashKey(e))).length,
    failed: push.failed,
    missing: missing.length,
    created: push.created,
    issues: issues.length,
    writeRequests: push.writeRequests,
    nextKey: page.nextKey,
    lastKey: page.lastKey,
    samples: {
      issues: issues.slice(0, settings.sampleSize),
      missing: missing.slice(0, settings.sampleSize),
      diff: push.diff,
    },
  };
}
