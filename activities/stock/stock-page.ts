import { projectStock } from '../../shared/stock/entities';
import type { ChangeKey } from '../../shared/sage/types';
import { readArticlesByReference } from '../sage/articles';
import { readDepots, readStockChangedSince } from '../sage/stock';
import type { ActivityDeps } from '../deps';
import { pushEntities } from '../catalog/push-entities';
import { fromRowIssue, recordReports, type SyncPageResult } from '../catalog/report';
import { readRawGrouping } from '../catalog/sage-reads';
import { readStockOfArticles } from './sage-reads';

export const STOCK_HASH_KIND = 'stock';
export const STOCK_WATERMARK = 'stock.lastKey';

export interface StockPageInput {
  since: string | null;
  after: ChangeKey | null;
  dryRun: boolean;
  ignoreHashes: boolean;
}

/**
 * One page of the stock sync: the stock rows changed after the cursor name the articles whose
 * stock moved; each of those articles is recomputed over all its depots (a changed depot
 * changes the total), projected onto its product, variation or packaging variations, and
 * pushed when its content hash differs. Stock never creates products.
 */
export async function syncStockPage(
  deps: ActivityDeps,
  input: StockPageInput,
  onProgress: () => void = () => undefined,
): Promise<SyncPageResult> {
  const settings = deps.config.stock;
  const catalog = deps.config.catalog;
  const freeFields = deps.config.sage.freeFields;
  const db = await deps.sageDb();
  const page = await readStockChangedSince(db, {
    since: input.since,
    after: input.after,
    limit: settings.pageSize,
  });
  const refs = [...new Set(page.items.map((l) => l.articleReference))];
  const [articles, levels, raw, depots] = await Promise.all([
    readArticlesByReference(db, refs, { freeFields }),
    readStockOfArticles(db, refs),
    readRawGrouping(db, refs, freeFields),
    readDepots(db),
  ]);
  onProgress();
  const known = new Set(articles.items.map((a) => a.reference.toUpperCase()));
  const unknownArticles = refs
    .filter((r) => !known.has(r.toUpperCase()))
    .map((reference) => ({ reference, problem: 'unknown-article' as const }));
  const projection = projectStock(
    articles.items,
    levels,
    new Map(depots.map((d) => [d.depotNo, d])),
    settings,
    {
      manageStock: catalog.manageStock,
      backorders: catalog.backorders,
      byDepotMetaKey: settings.meta.byDepot,
    },
    raw,
  );
  const push = await pushEntities(await deps.stateStore(), await deps.woo(), projection.entities, {
    hashKind: STOCK_HASH_KIND,
    mayCreate: false,
    dryRun: input.dryRun,
    ignoreHashes: input.ignoreHashes,
    sampleSize: settings.sampleSize,
    onProgress,
  });
  const issues = [
    ...page.issues.map(fromRowIssue),
    ...unknownArticles,
    ...projection.issues,
    ...push.issues,
  ];
  const missing = push.missing.map((e) => e.sku);
  await recordReports(deps, 'stock', issues, missing);
  return {
    read: page.items.length,
    entities: projection.entities.length,
    pushed: push.pushed,
    unchanged: push.unchanged,
    failed: push.failed,
    missing: missing.length,
    created: 0,
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
