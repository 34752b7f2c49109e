import { openSnapshotStore } from '../../../activities/state/snapshots';
import { MISSING_IN_SHOP } from '../../../activities/catalog/report';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { catalogSync } from '../../../workflows';
import { progressQuery } from '../../../workflows/paged-sync';
import { TASK_QUEUES } from '../../../shared/task-queues';
import {
  SyncKind,
  SyncPagesDone,
  SyncPagesTotal,
  SyncState,
} from '../../../shared/search-attributes';
import { projectCatalog } from '../../../shared/catalog/projection';
import type { Article } from '../../../shared/sage/types';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import {
  insertArticle,
  metaValue,
  runSync,
  shopBySku,
  syncedView,
  withSage,
  writeRequests,
} from './helpers';

/**
 * End to end on real parts: the small demo company (plus deliberately bad rows), the shop
 * sandbox pre-filled as the customer's shop is, the Temporal dev server and in-process workers.
 */
describe('catalog and stock sync, end to end (small company)', function () {
  this.timeout(180_000);
  let connector: ConnectorUnderTest;
  let sagePath: string;
  let articles: Article[];
  /** A simple product deliberately absent from the shop (update mode reports it). */
  let absentSku: string;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'small',
      // Small pages and runs: the test crosses page and continue-as-new boundaries.
      config: {
        catalog: { pageSize: 60, pagesPerRun: 2 },
        stock: { pageSize: 500, pagesPerRun: 2 },
      },
    });
    const config = connector.config;
    sagePath = config.sage.kind === 'embedded' ? config.sage.embedded.path : '';
    withSage(sagePath, (db) => {
      insertArticle(db, { ref: 'BAD-HALF', master: 'M-HALF', attributes: [['Taille', '']] });
      insertArticle(db, { ref: 'DUP-A', master: 'M-DUP', attributes: [['Taille', 'L']] });
      insertArticle(db, { ref: 'DUP-B', master: 'M-DUP', attributes: [['Taille', 'L']] });
      insertArticle(db, { ref: 'DUP-C', master: 'M-DUP', attributes: [['Taille', 'XL']] });
    });
    const prefilled = await prefillShopFromSage(connector.shop, config, {
      leaveOut: (products) => [
        products.find((p) => p.type === 'simple' && !p.sku.startsWith('BAD'))!.sku,
      ],
    });
    articles = prefilled.articles;
    absentSku = prefilled.leftOut[0];
  });
  after(async () => {
    await connector?.stop();
  });

  it('full catalog sync updates the shop products, variations and statuses', async () => {
    const { client } = connector.temporal;
    connector.shop.resetCounters();
    const { result, workflowId } = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(result.state, 'done');
    assert.ok(result.runs > 1, `continued as new (${result.runs} runs)`);
    assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
    assert.equal(result.totals.read, articles.length);

    // Update mode: the SKU missing in the shop is counted and listed, never created.
    assert.equal(result.totals.missing, 1);
    assert.deepEqual(result.samples.missing, [absentSku]);
    assert.equal(result.totals.created, 0);
    const shop = shopBySku(connector.shop);
    assert.equal(shop.has(absentSku), false);

    // Bad data is reported per article and never stops the run.
    const reported = new Set(result.samples.issues.map((i) => `${i.reference}:${i.problem}`));
    for (const expected of [
      'BAD-HALF:incomplete-grouping',
      'DUP-B:duplicate-variation',
      'BAD-SPACES:key-has-whitespace',
    ]) {
      assert.ok(reported.has(expected), `${expected} in ${[...reported].join(', ')}`);
    }
    // The operator's full list lives in the state store's reports (`npm run cli -- reports`).
    const reports = await openSnapshotStore(connector.config.stateStore);
    try {
      const stored = await reports.listReports('catalog', { limit: 1_000 });
      const keys = new Set(stored.map((r) => `${r.key}:${r.problem}`));
      assert.ok(keys.has(`${absentSku}:${MISSING_IN_SHOP}`), [...keys].join(', '));
      for (const expected of reported) assert.ok(keys.has(expected), `${expected} stored`);
    } finally {
      await reports.close();
    }

    // Every projected entity is in the shop as the rules say.
    const { entities } = projectCatalog(articles, connector.config.catalog);
    const bySku = new Map(articles.map((a) => [a.reference, a]));
    let variations = 0;
    let sleeping = 0;
    for (const entity of entities.filter((e) => e.sku !== absentSku)) {
      const doc = shop.get(entity.sku);
      assert.ok(doc, `${entity.sku} in the shop`);
      assert.equal(doc.type === 'variation', entity.kind === 'variation', entity.sku);
      const article = bySku.get(entity.articleRef)!;
      assert.equal(
        metaValue(doc, 'sage_ref'),
        entity.kind === 'product' && entity.createFields.type === 'variable'
          ? entity.sku
          : article.reference,
      );
      if (entity.kind === 'variation') {
        variations += 1;
        assert.equal(doc.parent_id, shop.get(entity.parentSku!)!.id);
        assert.equal(doc.status, article.sleeping ? 'private' : 'publish', entity.sku);
        assert.equal(doc.manage_stock, true);
        assert.equal(doc.backorders, 'notify');
      } else if (entity.createFields.type === 'simple') {
        assert.equal(doc.status, article.sleeping ? 'draft' : 'publish', entity.sku);
        assert.equal(doc.regular_price, Number(article.salePrice).toFixed(2));
        if (article.sleeping) sleeping += 1;
      }
      // Update mode never touches the name the shop gave.
      assert.notEqual(doc.name, '');
    }
    assert.ok(variations > 20 && sleeping > 0, `${variations} variations, ${sleeping} sleeping`);
    assert.equal(shop.get('M-DUP')!.type, 'variable');
    assert.equal(shop.has('DUP-B'), false);

    // Progress is visible to operators.
    const described = await client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(SyncKind), 'catalog');
    assert.equal(described.typedSearchAttributes.get(SyncState), 'done');
    const pagesDone = described.typedSearchAttributes.get(SyncPagesDone) ?? 0;
    assert.equal(pagesDone, Math.ceil(articles.length / 60));
    assert.equal(described.typedSearchAttributes.get(SyncPagesTotal), pagesDone);
    assert.ok(writeRequests(connector.shop) > 0);
  });

  it('full stock sync sends per-depot quantities and totals', async () => {
    const { client } = connector.temporal;
    const { result } = await runSync(client, 'stock', {});
    assert.equal(result.state, 'done');
    assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
    const shop = shopBySku(connector.shop);
    // Expected values straight from the Sage rows: on hand − reserved, depot 7 under LYO,
    // depot 8 never sent, negatives as zero.
    const rows = withSage(sagePath, (db) =>
      db
        .prepare(
          'SELECT trim(AR_Ref) AS ref, DE_No AS depot, AS_QteSto AS qty, AS_QteRes AS res FROM F_ARTSTOCK',
        )
        .all(),
    ) as { ref: string; depot: number; qty: string; res: string }[];
    const codes: Record<number, string> = {
      1: 'LYO',
      2: 'MRS',
      3: 'TLS',
      4: 'BOD',
      5: 'NTE',
      6: 'LIL',
      7: 'LYO',
    };
    const expected = new Map<string, Record<string, number>>();
    for (const row of rows) {
      if (row.depot === 8) continue;
      const depots = expected.get(row.ref) ?? { LYO: 0, MRS: 0, TLS: 0, BOD: 0, NTE: 0, LIL: 0 };
      depots[codes[row.depot]] += Number(row.qty) - Number(row.res);
      expected.set(row.ref, depots);
    }
    const simpleOrVariation = articles.filter(
      (a) => a.packagings.length < 2 && shop.has(a.reference) && !a.reference.startsWith('DUP'),
    );
    let checked = 0;
    for (const article of simpleOrVariation) {
      const doc = shop.get(article.reference)!;
      const depots = Object.fromEntries(
        Object.entries(expected.get(article.reference) ?? {}).map(([c, q]) => [c, Math.max(0, q)]),
      );
      assert.deepEqual(metaValue(doc, 'sage_stock_by_depot'), depots, article.reference);
      const total = Object.values(depots).reduce((s, q) => s + q, 0);
      assert.equal(doc.stock_quantity, total, article.reference);
      assert.equal(doc.stock_status, total > 0 ? 'instock' : 'onbackorder', article.reference);
      checked += 1;
    }
    assert.ok(checked > 200, `${checked} articles checked`);
    // Packaging variations count whole packages.
    const boxed = articles.find((a) => a.packagings.length >= 2 && !a.masterReference)!;
    const lyon = expected.get(boxed.reference)!.LYO;
    const packaging = boxed.packagings[boxed.packagings.length - 1];
    const variation = shop.get(
      packaging.reference || `${boxed.reference}-${packaging.packagingNo}`,
    )!;
    assert.equal(
      (metaValue(variation, 'sage_stock_by_depot') as Record<string, number>).LYO,
      Math.floor(Math.max(0, lyon) / Number(packaging.quantity)),
    );
  });

  it('a rerun with no change writes nothing', async () => {
    const { client } = connector.temporal;
    connector.shop.resetCounters();
    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    const stock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(catalog.result.totals.pushed, 0);
    assert.equal(stock.result.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.ok(catalog.result.totals.unchanged > articles.length);
  });

  it('incremental runs write exactly the 3 articles and 5 stock rows changed in Sage', async () => {
    const { client } = connector.temporal;
    const shop = shopBySku(connector.shop);
    const simple = articles.filter(
      (a) =>
        !a.masterReference &&
        a.packagings.length < 2 &&
        shop.has(a.reference) &&
        !a.sleeping &&
        !a.reference.startsWith('BAD'),
    );
    const member = articles.find(
      (a) =>
        a.masterReference && !a.sleeping && shop.has(a.reference) && !a.reference.startsWith('DUP'),
    )!;
    const [priced, asleep] = simple;
    const stockTargets = simple.slice(2, 7);
    const before = new Map([...shop].map(([sku, doc]) => [sku, JSON.stringify(syncedView(doc))]));
    withSage(sagePath, (db) => {
      db.prepare(`UPDATE F_ARTICLE SET AR_PrixVen = '999.99' WHERE trim(AR_Ref) = ?`).run(
        priced.reference,
      );
      db.prepare(`UPDATE F_ARTICLE SET AR_Sommeil = 1 WHERE trim(AR_Ref) = ?`).run(
        asleep.reference,
      );
      db.prepare(`UPDATE F_ARTICLE SET AR_PrixVen = '1234.5' WHERE trim(AR_Ref) = ?`).run(
        member.reference,
      );
      for (const target of stockTargets) {
        db.prepare(
          `UPDATE F_ARTSTOCK SET AS_QteSto = '777', AS_QteRes = '0' WHERE trim(AR_Ref) = ? AND DE_No = 2`,
        ).run(target.reference);
      }
    });

    // A dry run shows the diff and writes nothing.
    connector.shop.resetCounters();
    const dry = await runSync(client, 'catalog', { dryRun: true });
    assert.equal(writeRequests(connector.shop), 0);
    assert.deepEqual(
      dry.result.samples.diff.map((d) => [d.sku, d.action]).sort(),
      [priced.reference, asleep.reference, member.reference].map((s) => [s, 'update']).sort(),
    );

    connector.shop.resetCounters();
    const catalog = await runSync(client, 'catalog', {});
    assert.equal(catalog.result.totals.read, 3);
    assert.equal(catalog.result.totals.pushed, 3);
    // One bulk request of the shop plugin (2 simple products and the member, a variation);
    // without the plugin, one products batch and one variations batch (test/integration/
    // catalog/plugin-bulk.test.ts).
    assert.equal(connector.shop.counters()['POST /products/bulk'], 1);
    assert.equal(writeRequests(connector.shop), 1);
    connector.shop.resetCounters();
    const stock = await runSync(client, 'stock', {});
    assert.equal(stock.result.totals.read, 5);
    assert.equal(stock.result.totals.pushed, 5);
    assert.equal(writeRequests(connector.shop), 1);

    const after = shopBySku(connector.shop);
    const changed = [...after]
      .filter(([sku, doc]) => before.get(sku) !== JSON.stringify(syncedView(doc)))
      .map(([sku]) => sku)
      .sort();
    assert.deepEqual(
      changed,
      [priced, asleep, member, ...stockTargets].map((a) => a.reference).sort(),
    );
    assert.equal(after.get(priced.reference)!.regular_price, '999.99');
    assert.equal(after.get(asleep.reference)!.status, 'draft');
    assert.equal(after.get(member.reference)!.regular_price, '1234.50');
    for (const target of stockTargets) {
      const depots = metaValue(after.get(target.reference)!, 'sage_stock_by_depot') as Record<
        string,
        number
      >;
      assert.equal(depots.MRS, 777);
    }

    // Woken up again: back on the shop.
    withSage(sagePath, (db) =>
      db
        .prepare(`UPDATE F_ARTICLE SET AR_Sommeil = 0 WHERE trim(AR_Ref) = ?`)
        .run(asleep.reference),
    );
    await runSync(client, 'catalog', {});
    assert.equal(shopBySku(connector.shop).get(asleep.reference)!.status, 'publish');
  });

  it('a forced full resync ignores the hashes', async () => {
    const { client } = connector.temporal;
    connector.shop.resetCounters();
    const { result } = await runSync(client, 'catalog', { mode: 'full', force: true });
    assert.equal(result.totals.failed, 0);
    assert.equal(result.totals.pushed, result.totals.entities - result.totals.missing);
    assert.ok(writeRequests(connector.shop) > 0);
  });

  it('is cancellable and shows it', async () => {
    const { client } = connector.temporal;
    connector.shop.setFaults({ latencyMs: 150 });
    try {
      const handle = await client.workflow.start(catalogSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `test-catalog-cancel-${Date.now()}`,
        args: [{ mode: 'full', force: true }],
      });
      for (let i = 0; i < 200; i++) {
        const progress = await handle.query(progressQuery);
        if (progress.pagesDone >= 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await handle.cancel();
      await assert.rejects(handle.result(), (err) => err instanceof WorkflowFailedError);
      const described = await handle.describe();
      assert.equal(described.status.name, 'CANCELLED');
      assert.equal(described.typedSearchAttributes.get(SyncState), 'cancelled');
    } finally {
      connector.shop.setFaults({});
    }
  });
});
