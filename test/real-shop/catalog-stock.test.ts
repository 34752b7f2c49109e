import assert from 'node:assert/strict';
import { openSnapshotStore } from '../../activities/state/snapshots';
import { MISSING_IN_SHOP } from '../../activities/catalog/report';
import { collectItems, type WooClient } from '../../activities/woo';
import type { Article } from '../../shared/sage/types';
import { runSync, withSage } from '../integration/catalog/helpers';
import {
  agencyCatalog,
  realShopConnector,
  skipWithoutRealShop,
  type RealShopConnector,
} from './harness';

interface ShopEntity {
  id: number;
  parentId?: number;
  sku: string;
  name: string;
  description?: string;
  status: string;
  regular_price: string;
  stock_quantity: number | null;
  meta: Record<string, unknown>;
}

/** Every product and variation of the store, by SKU (read straight from the store). */
async function shopEntities(admin: WooClient): Promise<Map<string, ShopEntity>> {
  const out = new Map<string, ShopEntity>();
  const products = await collectItems(admin.products.listAll({ status: 'any', per_page: 100 }));
  const meta = (list: { key: string; value: unknown }[]) =>
    Object.fromEntries(list.map((m) => [m.key, m.value]));
  for (const p of products) {
    out.set(p.sku, {
      id: p.id,
      sku: p.sku,
      name: p.name,
      description: p.description,
      status: p.status,
      regular_price: p.regular_price,
      stock_quantity: p.stock_quantity ?? null,
      meta: meta(p.meta_data),
    });
    if (p.type !== 'variable') continue;
    for (const v of await collectItems(admin.variations.listAll(p.id, { per_page: 100 }))) {
      out.set(v.sku, {
        id: v.id,
        parentId: p.id,
        sku: v.sku,
        name: p.name,
        status: v.status,
        regular_price: v.regular_price,
        stock_quantity: v.stock_quantity ?? null,
        meta: meta(v.meta_data),
      });
    }
  }
  return out;
}

/** SKUs of the items a batch request body updates, given the store's ids by SKU. */
function skusWritten(
  connector: RealShopConnector,
  idsBySku: Map<string, number>,
): { skus: string[]; requests: number } {
  const byId = new Map([...idsBySku].map(([sku, id]) => [id, sku]));
  const skus: string[] = [];
  const writes = connector.proxy.writes();
  for (const w of writes) {
    const body = w.body as { update?: { id: number }[]; create?: unknown[] } | undefined;
    for (const item of body?.update ?? []) skus.push(byId.get(item.id) ?? `#${item.id}`);
  }
  return { skus: skus.sort(), requests: writes.length };
}

/**
 * Catalog and stock against a real WooCommerce 10 store: the shop's agency created the products
 * by SKU (own names and descriptions); the connector updates them in update mode.
 */
describe('real store: catalog (update mode) and stock', function () {
  this.timeout(600_000);
  let connector: RealShopConnector;
  let articles: Article[];
  let absentSku: string;
  let ids: Map<string, number>;

  before(async function () {
    await skipWithoutRealShop(this);
    connector = await realShopConnector();
    articles = connector.articles;
    ({ ids, absentSku } = await agencyCatalog(connector));
  });

  it('a full sync writes prices, stock and meta, never names or descriptions, and reports SKUs missing in the shop', async () => {
    const { client } = connector.temporal;
    connector.proxy.reset();
    const { result } = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(result.state, 'done');
    assert.equal(result.totals.missing, 1, JSON.stringify(result.samples));
    const shop = await shopEntities(connector.admin);
    let checked = 0;
    for (const article of articles) {
      const entity = shop.get(article.reference);
      if (!entity || article.packagings.length >= 2) continue;
      assert.equal(entity.meta.sage_ref, article.reference, article.reference);
      assert.ok(entity.name.startsWith('Agency '), `${article.reference}: name ${entity.name}`);
      if (entity.description !== undefined) {
        assert.equal(entity.description.trim(), `<p>Agency text for ${entity.sku}.</p>`);
      }
      // Off the shop: a draft product, a private (disabled) variation.
      const off = entity.parentId === undefined ? 'draft' : 'private';
      assert.equal(entity.status, article.sleeping ? off : 'publish', article.reference);
      if (!article.salePriceIncludesTax) {
        assert.equal(Number(entity.regular_price), Number(article.salePrice), article.reference);
      }
      checked += 1;
    }
    assert.ok(checked > 200, `${checked} products checked`);
    assert.equal(shop.has(absentSku), false, 'update mode never creates');
    const reports = await openSnapshotStore(connector.config.stateStore);
    try {
      const stored = await reports.listReports('catalog', { limit: 1_000 });
      assert.ok(
        stored.some((r) => r.key === absentSku && r.problem === MISSING_IN_SHOP),
        JSON.stringify(stored.slice(0, 5)),
      );
    } finally {
      await reports.close();
    }
    const writes = connector.proxy.writes();
    assert.ok(writes.length > 0);
    assert.ok(
      writes.every((w) => w.status === 200),
      writes.map((w) => w.status).join(','),
    );
  });

  it('a sleeping article leaves the shop as a draft and comes back when woken', async () => {
    const { client } = connector.temporal;
    const target = articles.find(
      (a) => !a.sleeping && !a.masterReference && a.packagings.length < 2 && ids.has(a.reference),
    )!;
    withSage(connector.sagePath, (db) =>
      db
        .prepare(`UPDATE F_ARTICLE SET AR_Sommeil = 1 WHERE trim(AR_Ref) = ?`)
        .run(target.reference),
    );
    await runSync(client, 'catalog', {});
    assert.equal((await connector.admin.products.get(ids.get(target.reference)!)).status, 'draft');
    withSage(connector.sagePath, (db) =>
      db
        .prepare(`UPDATE F_ARTICLE SET AR_Sommeil = 0 WHERE trim(AR_Ref) = ?`)
        .run(target.reference),
    );
    await runSync(client, 'catalog', {});
    assert.equal(
      (await connector.admin.products.get(ids.get(target.reference)!)).status,
      'publish',
    );
  });

  it('full stock sync sends per-depot quantities; a rerun of both syncs writes nothing', async () => {
    const { client } = connector.temporal;
    const stock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(stock.result.state, 'done');
    assert.equal(stock.result.totals.failed, 0, JSON.stringify(stock.result.samples.issues));
    const shop = await shopEntities(connector.admin);
    const simple = articles.filter(
      (a) => !a.masterReference && a.packagings.length < 2 && shop.has(a.reference),
    );
    for (const article of simple.slice(0, 50)) {
      const entity = shop.get(article.reference)!;
      const depots = entity.meta.sage_stock_by_depot as Record<string, number>;
      assert.ok(depots && typeof depots === 'object', article.reference);
      assert.ok(!('8' in depots), 'the excluded depot is never sent');
      const total = Object.values(depots).reduce((s, q) => s + q, 0);
      assert.equal(entity.stock_quantity, total, article.reference);
    }

    connector.proxy.reset();
    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    const again = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(catalog.result.totals.pushed, 0);
    assert.equal(again.result.totals.pushed, 0);
    assert.equal(connector.proxy.writes().length, 0);
  });

  it('five stock changes in Sage write exactly those five articles', async () => {
    const { client } = connector.temporal;
    const targets = articles
      .filter(
        (a) => !a.masterReference && !a.sleeping && a.packagings.length < 2 && ids.has(a.reference),
      )
      .slice(3, 8);
    withSage(connector.sagePath, (db) => {
      for (const t of targets) {
        db.prepare(
          `UPDATE F_ARTSTOCK SET AS_QteSto = '777', AS_QteRes = '0' WHERE trim(AR_Ref) = ? AND DE_No = 2`,
        ).run(t.reference);
      }
    });
    connector.proxy.reset();
    const { result } = await runSync(client, 'stock', {});
    assert.equal(result.totals.pushed, 5);
    const written = skusWritten(connector, ids);
    assert.deepEqual(written.skus, targets.map((t) => t.reference).sort());
    assert.equal(written.requests, 1);
    for (const t of targets) {
      const product = await connector.admin.products.get(ids.get(t.reference)!);
      const depots = product.meta_data.find((m) => m.key === 'sage_stock_by_depot')
        ?.value as Record<string, number>;
      assert.equal(depots.MRS, 777, t.reference);
    }
  });

  it('a price and a stock edited in the store admin are kept by incremental runs and repaired by full ones', async () => {
    const { client } = connector.temporal;
    const [target] = articles.filter(
      (a) => !a.masterReference && !a.sleeping && a.packagings.length < 2 && ids.has(a.reference),
    );
    const id = ids.get(target.reference)!;
    const before = await connector.admin.products.get(id);
    // What a shop manager (or an import plugin) does: WooCommerce's own product update.
    await connector.admin.products.update(id, { regular_price: '0.01', stock_quantity: 999 });

    await runSync(client, 'catalog', {});
    await runSync(client, 'stock', {});
    const kept = await connector.admin.products.get(id);
    assert.equal(kept.regular_price, '0.01', 'incremental runs trust what was pushed');

    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    const stock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(catalog.result.totals.drift, 1);
    assert.equal(stock.result.totals.drift, 1);
    const repaired = await connector.admin.products.get(id);
    assert.equal(repaired.regular_price, before.regular_price);
    assert.equal(repaired.stock_quantity, before.stock_quantity);
  });
});
