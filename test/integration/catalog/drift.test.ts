import assert from 'node:assert/strict';
import { DRIFT_REPAIRED } from '../../../activities/catalog/report';
import { openSnapshotStore } from '../../../activities/state/snapshots';
import { createWooClient } from '../../../activities/woo';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { pageCounts, runSync, shopBySku, writeRequests } from './helpers';

/**
 * Full runs repair drift: a price or a stock quantity edited in the shop admin (or by an import
 * plugin) after the connector pushed it is compared with what Sage wants and written again,
 * even though the content hash of what was last pushed has not changed. Incremental runs trust
 * the hashes and leave such edits alone until the article changes in Sage (or the next full run).
 */

const READS = 'GET /products';

describe('full runs repair drift (small company)', function () {
  this.timeout(300_000);
  let connector: ConnectorUnderTest;

  before(async () => {
    connector = await startConnectorUnderTest({ size: 'small' });
    await prefillShopFromSage(connector.shop, connector.config);
    const { client } = connector.temporal;
    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(catalog.result.totals.failed, 0, JSON.stringify(catalog.result.samples.issues));
    const stock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(stock.result.totals.failed, 0, JSON.stringify(stock.result.samples.issues));
  });
  after(async () => {
    await connector?.stop();
  });

  it('a full run with no drift reads the shop and writes nothing', async () => {
    const { client } = connector.temporal;
    connector.shop.resetCounters();
    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    const catalogReads = connector.shop.counters()[READS] ?? 0;
    const stock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(catalog.result.totals.pushed, 0);
    assert.equal(stock.result.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
    const catalogCounts = await pageCounts(client, catalog);
    const stockCounts = await pageCounts(client, stock);
    assert.equal(catalogCounts.drift, 0);
    assert.equal(stockCounts.drift, 0);
    // Every entity compared: one read per 100 SKUs of each page, and nothing else.
    const entities = catalog.result.totals.entities;
    assert.ok(catalogCounts.shopReads >= Math.ceil(entities / 100), `${catalogCounts.shopReads}`);
    assert.ok(
      catalogCounts.shopReads <= Math.ceil(entities / 100) + catalogCounts.pages,
      `${catalogCounts.shopReads} reads for ${entities} entities`,
    );
    assert.equal(catalogReads, catalogCounts.shopReads);
    assert.equal(connector.shop.counters()[READS], catalogReads + stockCounts.shopReads);
    console.log(
      `      catalog: ${catalogCounts.shopReads} reads for ${entities} entities; ` +
        `stock: ${stockCounts.shopReads} reads for ${stock.result.totals.entities}`,
    );
  });

  it('a price and a variation stock edited in the shop: kept by incremental runs, repaired by full ones', async () => {
    const { client } = connector.temporal;
    const before = shopBySku(connector.shop);
    const product = [...before.values()].find(
      (d) => d.type === 'simple' && d.regular_price !== '' && d.status === 'publish',
    )!;
    const variation = [...before.values()].find(
      (d) => d.type === 'variation' && d.manage_stock === true && d.stock_quantity !== null,
    )!;
    assert.ok(product && variation, 'a simple product and a variation with stock');
    const price = product.regular_price;
    const quantity = variation.stock_quantity;
    // The shop admin (REST API, as the admin screens do) edits both.
    const admin = createWooClient(connector.config.woo);
    await admin.products.update(product.id, { regular_price: '0.01' });
    await admin.variations.update(variation.parent_id, variation.id, {
      stock_quantity: (quantity ?? 0) + 500,
    });

    // Incremental runs with no Sage change trust the hashes: the edits stay (documented).
    connector.shop.resetCounters();
    const incrementalCatalog = await runSync(client, 'catalog', {});
    const incrementalStock = await runSync(client, 'stock', {});
    assert.equal(incrementalCatalog.result.totals.pushed, 0);
    assert.equal(incrementalStock.result.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.equal(connector.shop.counters()[READS] ?? 0, 0, 'incremental runs read nothing');
    assert.equal(shopBySku(connector.shop).get(product.sku)!.regular_price, '0.01');

    // Full runs compare with the shop: both repaired, and counted as drift.
    connector.shop.resetCounters();
    const catalog = await runSync(client, 'catalog', { mode: 'full' });
    const stock = await runSync(client, 'stock', { mode: 'full' });
    const after = shopBySku(connector.shop);
    assert.equal(after.get(product.sku)!.regular_price, price);
    assert.equal(after.get(variation.sku)!.stock_quantity, quantity);
    assert.equal(catalog.result.totals.pushed, 1);
    assert.equal(stock.result.totals.pushed, 1);
    assert.equal((await pageCounts(client, catalog)).drift, 1);
    assert.equal((await pageCounts(client, stock)).drift, 1);
    // The run's own totals say so too (what the operator reads in the progress query).
    assert.equal(catalog.result.totals.drift, 1);
    assert.equal(stock.result.totals.drift, 1);
    assert.equal(writeRequests(connector.shop), 2);

    // The operator finds them in the reports, with the values found and written.
    const reports = await openSnapshotStore(connector.config.stateStore);
    try {
      const catalogDrift = await reports.listReports('catalog', { problem: DRIFT_REPAIRED });
      assert.deepEqual(
        catalogDrift.map((r) => r.key),
        [product.sku],
      );
      assert.match(catalogDrift[0].detail, /regular_price 0\.01 → /);
      const stockDrift = await reports.listReports('stock', { problem: DRIFT_REPAIRED });
      assert.deepEqual(
        stockDrift.map((r) => r.key),
        [variation.sku],
      );
      assert.match(stockDrift[0].detail, /stock_quantity/);
    } finally {
      await reports.close();
    }

    // Repaired: the next full runs find no drift and write nothing.
    connector.shop.resetCounters();
    const again = await runSync(client, 'catalog', { mode: 'full' });
    const againStock = await runSync(client, 'stock', { mode: 'full' });
    assert.equal(again.result.totals.pushed + againStock.result.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
  });
});
