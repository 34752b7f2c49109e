import Database from 'better-sqlite3';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { SyncPageResult } from '../../../activities/catalog/report';
import { catalogSync, stockSync } from '../../../workflows';
import type { SyncInput, SyncProgress } from '../../../workflows/paged-sync';
import { TASK_QUEUES } from '../../../shared/task-queues';
import type { RunningSandbox } from '../../../sandbox/woo';
import type { ProductDoc } from '../../../sandbox/woo/types';

/** Helpers of the catalog/stock integration tests: run syncs, poke Sage, read the shop. */

let serial = 0;

export async function runSync(
  client: Client,
  workflow: 'catalog' | 'stock',
  input: SyncInput,
): Promise<{ result: SyncProgress; workflowId: string; firstRunId: string }> {
  serial += 1;
  const workflowId = `test-${workflow}-${Date.now()}-${serial}`;
  const handle = await client.workflow.start(workflow === 'catalog' ? catalogSync : stockSync, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId,
    args: [input],
  });
  const result = await handle.result();
  return { result, workflowId, firstRunId: handle.firstExecutionRunId };
}

/** The page results of one run of a sync, and the run it continued as, if any. */
async function runPages(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<{ results: Partial<SyncPageResult>[]; next?: string }> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const results: Partial<SyncPageResult>[] = [];
  let next: string | undefined;
  for (const event of history.events ?? []) {
    next = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? next;
    const payload = event.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    if (!payload) continue;
    const result = defaultPayloadConverter.fromPayload<Partial<SyncPageResult>>(payload);
    if (result !== null && typeof result === 'object' && 'nextKey' in result) results.push(result);
  }
  return { results, ...(next ? { next } : {}) };
}

/**
 * Drift repairs and drift-check reads of a sync, summed over its page activities' results (the
 * workflow's `progress` totals do not carry them), across continue-as-new.
 */
export async function pageCounts(
  client: Client,
  run: { workflowId: string; firstRunId: string },
): Promise<{ drift: number; shopReads: number; pages: number }> {
  const out = { drift: 0, shopReads: 0, pages: 0 };
  let runId: string | undefined = run.firstRunId;
  while (runId !== undefined) {
    const { results, next } = await runPages(client, run.workflowId, runId);
    for (const result of results) {
      if (typeof result.drift !== 'number' || typeof result.shopReads !== 'number') {
        throw new Error('page results count drift and shop reads');
      }
      out.drift += result.drift;
      out.shopReads += result.shopReads;
      out.pages += 1;
    }
    runId = next;
  }
  return out;
}

/** Write requests to the shop since the last reset (batches, creates, updates, deletes). */
export function writeRequests(shop: RunningSandbox): number {
  return Object.entries(shop.counters())
    .filter(([key]) => /^(POST|PUT|PATCH|DELETE) /.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function shopBySku(shop: RunningSandbox): Map<string, ProductDoc> {
  return new Map(shop.store.all('product').map((p) => [p.sku, p]));
}

export function metaValue(doc: ProductDoc, key: string): unknown {
  return doc.meta_data.find((m) => m.key === key)?.value;
}

/** What the syncs own of a product, to compare shops (ids and dates differ between runs). */
export function syncedView(doc: ProductDoc): Record<string, unknown> {
  return {
    type: doc.type,
    status: doc.status,
    catalog_visibility: doc.type === 'variation' ? undefined : doc.catalog_visibility,
    regular_price: doc.regular_price,
    manage_stock: doc.manage_stock,
    stock_quantity: doc.stock_quantity,
    stock_status: doc.stock_status,
    backorders: doc.backorders,
    meta: Object.fromEntries(doc.meta_data.map((m) => [m.key, m.value])),
  };
}

/** Direct SQL on the embedded Sage company (what a Sage user's edits look like). */
export function withSage<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function insertArticle(
  db: Database.Database,
  row: { ref: string; master?: string; attributes?: [string, string][]; price?: string },
): void {
  const attributes = row.attributes ?? [];
  const columns = ['AR_Ref', 'AR_Design', 'FA_CodeFamille', 'AR_PrixVen', 'REF_MAITRE'];
  const values: (string | null)[] = [
    row.ref,
    `Test ${row.ref}`,
    'FAM001',
    row.price ?? '10',
    row.master ?? '',
  ];
  attributes.forEach(([name, value], i) => {
    columns.push(`ATTRIBUT_${i + 1}`, `VALEUR_${i + 1}`);
    values.push(name, value);
  });
  db.prepare(
    `INSERT INTO F_ARTICLE (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  ).run(...values);
}
