import type { ChangeKey } from '../../shared/sage/types';
import { readStockChangedSince } from '../sage/stock';
import type { ActivityDeps } from '../deps';
import { describeDrift } from '../../shared/catalog/drift';
import { pushEntities, unitPositions } from '../catalog/push-entities';
import type { ShopStateCache } from '../catalog/shop-state';
import { fromRowIssue, recordReports, type SyncPageResult } from '../catalog/report';
import { projectArticlesStock } from './article-stock';
import { shopOrdersOfRun } from './run-shop-orders';

export const STOCK_HASH_KIND = 'stock';
export const STOCK_WATERMARK = 'stock.lastKey';

export interface StockPageInput {
  /** Lower bound of an incremental run; null on full runs. */
  since: string | null;
  after: ChangeKey | null;
  dryRun: boolean;
  ignoreHashes: boolean;
  /** Full run: compare with what the shop holds (drift), not only with the hashes. */
  full?: boolean;
}

/**
 * One page of the stock sync: the stock rows changed after the cursor name the articles whose
 * stock moved; each of those articles is recomputed over all its depots (a changed depot
 * changes the total) and the web orders Sage has not reserved yet (activities/stock/web-orders.ts),
 * projected onto its product, variation or packaging variations, and pushed when its content
 * hash differs. Stock never creates products.
 */
export async function syncStockPage(
  deps: ActivityDeps,
  input: StockPageInput,
  onProgress: () => void = () => undefined,
  /** The sync's workflow run: its pages share one read of the shop's open orders. */
  runKey?: string,
): Promise<SyncPageResult> {
  // With the bulk route, a page whose updates fill no bulk request is read again longer (up to
  // eight times the page size), so that sparse changes still travel in full requests.
  const { pageSize } = deps.config.stock;
  const longest = Math.max(pageSize, Math.min(MAX_GROWN_PAGE, pageSize * 8));
  // Full runs compare with the shop; what a short attempt read serves the longer one.
  const full = input.full ?? false;
  const attempts: Attempts = { shopState: full ? new Map() : undefined, shopReads: 0, runKey };
  for (let limit = pageSize; ; limit = Math.min(longest, limit * 2)) {
    const result = await stockPageOf(deps, input, limit, limit < longest, onProgress, attempts);
    if (result) return result;
  }
}

/** Longest page a short one grows to (stock rows). */
const MAX_GROWN_PAGE = 10_000;

/** What the attempts of one page share: the drift check's reads, the run they belong to. */
interface Attempts {
  shopState: ShopStateCache | undefined;
  shopReads: number;
  runKey: string | undefined;
}

/** One page of `limit` rows; undefined when it is short of one bulk request and may grow. */
async function stockPageOf(
  deps: ActivityDeps,
  input: StockPageInput,
  limit: number,
  mayGrow: boolean,
  onProgress: () => void,
  attempts: Attempts,
): Promise<SyncPageResult | undefined> {
  const settings = deps.config.stock;
  const db = await deps.sageDb();
  // The shop's open orders, read once per run (activities/stock/run-shop-orders.ts), while
  // Sage answers the first page.
  const shopOrders = shopOrdersOfRun(deps, attempts.runKey);
  const page = await readStockChangedSince(db, {
    since: input.since,
    after: input.after,
    limit,
  });
  const refs = [...new Set(page.items.map((l) => l.articleReference))];
  // The first stock row of each article: its entities are written with that row.
  const firstRow = new Map<string, number>();
  page.items.forEach((l, i) => {
    const key = l.articleReference.toUpperCase();
    if (!firstRow.has(key)) firstRow.set(key, i);
  });
  const projection = await projectArticlesStock(deps, db, refs, shopOrders);
  onProgress();
  const known = new Set(projection.articles.map((a) => a.reference.toUpperCase()));
  const unknownArticles = refs
    .filter((r) => !known.has(r.toUpperCase()))
    .map((reference) => ({ reference, problem: 'unknown-article' as const }));
  const push = await pushEntities(await deps.stateStore(), await deps.woo(), projection.entities, {
    hashKind: STOCK_HASH_KIND,
    mayCreate: false,
    dryRun: input.dryRun,
    ignoreHashes: input.ignoreHashes,
    sampleSize: settings.sampleSize,
    // With the bulk route, the page ends where its updates fill whole bulk requests: the stock
    // rows from the first article left are read again by the next page (see pushEntities).
    fillBulk: {
      positionOf: unitPositions(projection.entities, (ref) => firstRow.get(ref.toUpperCase())),
      more: page.nextKey !== null,
      mayGrow,
    },
    ...(attempts.shopState ? { compareShop: { cache: attempts.shopState } } : {}),
    onProgress,
  });
  attempts.shopReads += push.shopReads;
  if (push.short) return undefined;
  // The stock rows this page covers: all of them, or those before the cut.
  const covered = push.cutAt === undefined ? page.items : page.items.slice(0, push.cutAt);
  const coveredRefs = new Set(covered.map((l) => l.articleReference.toUpperCase()));
  const last = covered[covered.length - 1];
  const cutKey =
    push.cutAt !== undefined && last
      ? { modifiedAt: last.modifiedAt, rowId: last.rowId }
      : undefined;
  const isCovered = (reference: string) => coveredRefs.has(reference.toUpperCase());
  const issues = [
    ...page.issues.filter((i) => push.cutAt === undefined || isCovered(i.key)).map(fromRowIssue),
    ...unknownArticles.filter((i) => isCovered(i.reference)),
    ...projection.issues.filter((i) => push.cutAt === undefined || isCovered(i.reference)),
    ...push.issues,
  ];
  const missing = push.missing.map((e) => e.sku);
  const drift = push.drift.map((d) => ({
    sku: d.entity.sku,
    detail: describeDrift(d.fields),
    kind: d.entity.kind,
    fields: d.fields,
  }));
  await recordReports(deps, 'stock', issues, missing, drift);
  return {
    read: covered.length,
    entities:
      push.cutAt === undefined
        ? projection.entities.length
        : projection.entities.filter((e) => isCovered(e.articleRef)).length,
    pushed: push.pushed,
    unchanged: push.unchanged,
    failed: push.failed,
    missing: missing.length,
    created: 0,
    issues: issues.length,
    writeRequests: push.writeRequests,
    drift: drift.length,
    shopReads: attempts.shopReads,
    nextKey: cutKey ?? page.nextKey,
    lastKey: cutKey ?? page.lastKey,
    samples: {
      issues: issues.slice(0, settings.sampleSize),
      missing: missing.slice(0, settings.sampleSize),
      diff: push.diff,
    },
  };
}
