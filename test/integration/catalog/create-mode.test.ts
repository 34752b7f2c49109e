import assert from 'node:assert/strict';
import { projectCatalog } from '../../../shared/catalog/projection';
import {
  readSageArticles,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import { pageCounts, runSync, shopBySku, writeRequests } from './helpers';

describe('catalog sync in create mode (first load into an empty shop)', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'small',
      config: { catalog: { mode: 'create', pageSize: 100 } },
    });
  });
  after(async () => {
    await connector?.stop();
  });

  it('creates the simple and variable products with their variations, once', async () => {
    const { client } = connector.temporal;
    const articles = await readSageArticles(connector.config);
    const { entities } = projectCatalog(articles, connector.config.catalog);

    const { result } = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
    assert.equal(result.totals.created, entities.length);
    assert.equal(result.totals.missing, 0);

    const shop = shopBySku(connector.shop);
    assert.equal(shop.size, entities.length);
    for (const entity of entities) {
      const doc = shop.get(entity.sku);
      assert.ok(doc, entity.sku);
      if (entity.kind === 'variation') {
        assert.equal(doc.parent_id, shop.get(entity.parentSku!)!.id, entity.sku);
        const wanted = entity.createFields.attributes as { name: string; option: string }[];
        assert.deepEqual(
          doc.variation_attributes.map((a) => [a.name, a.option]),
          wanted.map((a) => [a.name, a.option]),
        );
      } else {
        assert.equal(doc.type, entity.createFields.type);
        assert.equal(doc.name, entity.createFields.name);
      }
    }

    // A second run finds everything by its stored mapping and writes nothing.
    connector.shop.resetCounters();
    const again = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(again.result.totals.created, 0);
    assert.equal(writeRequests(connector.shop), 0);
  });
});

describe('catalog sync in create mode when the shop loses answers', function () {
  this.timeout(180_000);
  let connector: ConnectorUnderTest;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: {
        catalog: { mode: 'create', pageSize: 50 },
        // The client gives up before the shop answers: the write may have been applied.
        woo: { batchTimeoutMs: 800, retry: { maxAttempts: 1 } },
      },
    });
  });
  after(async () => {
    connector?.shop.setFaults({});
    await connector?.stop();
  });

  it('creates each product once: a create applied without answer is found again, not failed', async () => {
    const { client } = connector.temporal;
    const articles = await readSageArticles(connector.config);
    const { entities } = projectCatalog(articles, connector.config.catalog);
    connector.shop.setFaults({ timeoutAfterApplyRate: 0.3, timeoutMs: 1_200 });
    const { result } = await runSync(client, 'catalog', { mode: 'full' });
    connector.shop.setFaults({});
    assert.ok((connector.shop.counters()['fault:timeout-after-apply'] ?? 0) > 0);
    assert.equal(result.totals.failed, 0, JSON.stringify(result.samples.issues));
    assert.equal(result.totals.missing, 0);
    const shop = shopBySku(connector.shop);
    assert.equal(connector.shop.store.all('product').length, entities.length);
    for (const entity of entities) assert.ok(shop.has(entity.sku), entity.sku);

    // Everything is mapped and hashed: nothing to look up or write any more (a full run only
    // reads the shop back for drift, and finds none).
    connector.shop.resetCounters();
    const rerun = await runSync(client, 'catalog', { mode: 'full' });
    assert.equal(writeRequests(connector.shop), 0);
    const counts = await pageCounts(client, rerun);
    assert.equal(counts.drift, 0);
    assert.equal(connector.shop.counters()['GET /products'] ?? 0, counts.shopReads);
  });
});
