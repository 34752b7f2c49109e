import assert from 'node:assert/strict';
import { z } from 'zod';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { projectCatalog } from '../../../shared/catalog/projection';
import type { Article } from '../../../shared/sage/types';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { pageCounts, runSync, shopBySku, withSage, writeRequests } from './helpers';

/**
 * The SKU ↔ shop id map is looked up once and trusted: SKUs the shop lacks are remembered as
 * missing, unchanged entities are never resolved, and an id the shop refuses is refreshed.
 * Lookups (`GET /products?sku=…`, 40 SKUs each) are counted by the sandbox.
 */
describe('catalog sync trusts its SKU ↔ shop id map (small company)', function () {
  this.timeout(180_000);
  let connector: ConnectorUnderTest;
  let sagePath: string;
  let articles: Article[];
  let entityCount: number;
  /** Simple products left out of the shop: update mode reports them missing. */
  let absent: string[];

  const lookups = () => connector.shop.counters()['GET /products'] ?? 0;
  const setPrice = (reference: string, price: string) =>
    withSage(sagePath, (db) =>
      db
        .prepare(`UPDATE F_ARTICLE SET AR_PrixVen = ? WHERE trim(AR_Ref) = ?`)
        .run(price, reference),
    );

  before(async () => {
    // One page (default page size): lookups are counted for the whole catalog at once.
    connector = await startConnectorUnderTest({ size: 'small' });
    const config = connector.config;
    sagePath = config.sage.kind === 'embedded' ? config.sage.embedded.path : '';
    const prefilled = await prefillShopFromSage(connector.shop, config, {
      leaveOut: (products) =>
        products
          .filter((p) => p.type === 'simple')
          .slice(0, 3)
          .map((p) => p.sku),
    });
    articles = prefilled.articles;
    absent = prefilled.leftOut.sort();
    entityCount = projectCatalog(articles, config.catalog).entities.length;
  });
  after(async () => {
    await connector?.stop();
  });

  it('a first full run looks every SKU up once, 40 at a time', async () => {
    connector.shop.resetCounters();
    const { result } = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
    assert.equal(result.totals.entities, entityCount);
    assert.equal(lookups(), Math.ceil(entityCount / 40));
    assert.deepEqual([...result.samples.missing].sort(), absent);
    assert.equal(result.totals.pushed, entityCount - absent.length);
  });

  it('a full rerun with nothing changed makes 0 lookups and 0 writes', async () => {
    connector.shop.resetCounters();
    const run = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    const { result } = run;
    // Only the drift check reads the shop (every entity pushed, 100 SKUs a request).
    const { shopReads } = await pageCounts(connector.temporal.client, run);
    assert.equal(shopReads, Math.ceil((entityCount - absent.length) / 100));
    assert.equal(lookups() - shopReads, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.equal(result.totals.pushed, 0);
    assert.equal(result.totals.unchanged, entityCount - absent.length);
    // The SKUs the shop lacks are still reported, from memory.
    assert.deepEqual([...result.samples.missing].sort(), absent);
  });

  it('a changed article is written under its stored id, without lookup', async () => {
    const simple = articles.find(
      (a) => !a.masterReference && a.packagings.length < 2 && !absent.includes(a.reference),
    )!;
    setPrice(simple.reference, '321.5');
    connector.shop.resetCounters();
    const { result } = await runSync(connector.temporal.client, 'catalog', {});
    assert.equal(result.totals.pushed, 1);
    assert.equal(lookups(), 0);
    assert.equal(writeRequests(connector.shop), 1);
  });

  it('a forced run looks up again only the SKUs known to be missing', async () => {
    connector.shop.resetCounters();
    const forced = await runSync(connector.temporal.client, 'catalog', {
      mode: 'full',
      force: true,
    });
    assert.equal(forced.result.totals.pushed, entityCount - absent.length);
    assert.equal(lookups(), 1);
    connector.shop.resetCounters();
    const full = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    assert.equal(lookups() - (await pageCounts(connector.temporal.client, full)).shopReads, 0);
    assert.equal(writeRequests(connector.shop), 0);
  });

  describe('ids the shop no longer has', () => {
    let woo: WooClient;
    before(() => {
      woo = createWooClient(connector.config.woo);
    });
    after(() => woo.close());

    it('a product and a variation deleted in the shop are refreshed and reported missing', async () => {
      const shop = shopBySku(connector.shop);
      const simple = articles.find(
        (a) =>
          !a.masterReference &&
          a.packagings.length < 2 &&
          !absent.includes(a.reference) &&
          shop.has(a.reference),
      )!;
      const member = articles.find((a) => a.masterReference && shop.has(a.reference))!;
      const variation = shop.get(member.reference)!;
      await woo.products.delete(shop.get(simple.reference)!.id, { force: true });
      await woo.http.request({
        method: 'DELETE',
        path: `/products/${variation.parent_id}/variations/${variation.id}`,
        query: { force: true },
        schema: z.unknown(),
        idempotent: true,
      });
      setPrice(simple.reference, '11.11');
      setPrice(member.reference, '22.22');

      connector.shop.resetCounters();
      const { result } = await runSync(connector.temporal.client, 'catalog', {});
      // Refused per item inside the batch answers, looked up afresh (one request), not found.
      assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
      assert.deepEqual(
        [...result.samples.missing].sort(),
        [simple.reference, member.reference].sort(),
      );
      assert.equal(lookups(), 1);

      // Remembered: the next runs ask the shop nothing about them and write nothing.
      connector.shop.resetCounters();
      const again = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
      assert.equal(again.result.totals.failed, 0);
      assert.ok(again.result.samples.missing.includes(simple.reference));
      assert.ok(again.result.samples.missing.includes(member.reference));
      // Only the drift check's reads, which find them absent and leave them to the hashes.
      assert.equal(lookups() - (await pageCounts(connector.temporal.client, again)).shopReads, 0);
      assert.equal(writeRequests(connector.shop), 0);
    });

    it('a product re-created in the shop under a new id is found and written', async () => {
      const shop = shopBySku(connector.shop);
      const simple = articles.find(
        (a) =>
          !a.masterReference &&
          a.packagings.length < 2 &&
          shop.has(a.reference) &&
          shop.get(a.reference)!.type === 'simple',
      )!;
      const old = shop.get(simple.reference)!;
      await woo.products.delete(old.id, { force: true });
      const recreated = await woo.products.create({ name: old.name, sku: simple.reference });
      setPrice(simple.reference, '33.33');

      connector.shop.resetCounters();
      const { result } = await runSync(connector.temporal.client, 'catalog', {});
      assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
      assert.equal(result.totals.missing, 0);
      assert.equal(result.totals.pushed, 1);
      assert.equal(lookups(), 1);
      assert.equal(shopBySku(connector.shop).get(simple.reference)!.id, recreated.id);
      assert.equal(shopBySku(connector.shop).get(simple.reference)!.regular_price, '33.33');
    });
  });
});
