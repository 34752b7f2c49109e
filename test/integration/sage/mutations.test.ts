import assert from 'node:assert/strict';
import { readArticlesChangedSince } from '../../../activities/sage/articles';
import { readArticlePricesChangedSince } from '../../../activities/sage/prices';
import { readStockChangedSince } from '../../../activities/sage/stock';
import { mutatePrices, mutateStock } from '../../../sandbox/sage/mutations';
import { createTestCompany, tick, type TestCompany } from './company';

describe('Simulator mutations feed the incremental readers', function () {
  let company: TestCompany;

  before(() => {
    company = createTestCompany('small', 13);
  });
  after(() => company.dispose());

  it('mutateStock changes N stock rows that the next incremental read returns, and only them', async () => {
    const baseline = await readStockChangedSince(company.db, { limit: 10_000 });
    await tick();
    const changes = await mutateStock(company.db, { count: 25, seed: 99 });
    assert.equal(changes.length, 25);
    assert.ok(changes.every((c) => c.before !== c.after));
    const next = await readStockChangedSince(company.db, {
      after: baseline.lastKey,
      limit: 10_000,
    });
    const key = (c: { articleReference: string; depotNo: number }) =>
      `${c.articleReference}@${c.depotNo}`;
    assert.deepEqual(new Set(next.items.map(key)), new Set(changes.map(key)));
    for (const change of changes) {
      assert.equal(next.items.find((s) => key(s) === key(change))?.onHand, change.after);
    }
    assert.ok(
      next.items.every((s) => Number(s.reserved) <= Math.max(Number(s.onHand), 0)),
      'reservations fit the recount',
    );
  });

  it('is deterministic for a seed', async () => {
    const a = createTestCompany('tiny', 4);
    const b = createTestCompany('tiny', 4);
    try {
      const ca = await mutateStock(a.db, { count: 5, seed: 7 });
      const cb = await mutateStock(b.db, { count: 5, seed: 7 });
      assert.deepEqual(ca, cb);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('mutatePrices changes base and category prices, seen by the incremental readers', async () => {
    const articles = await readArticlesChangedSince(company.db, { limit: 10_000 });
    const prices = await readArticlePricesChangedSince(company.db, { limit: 10_000 });
    await tick();
    const changes = await mutatePrices(company.db, { count: 10, seed: 3 });
    const base = changes.filter((c) => c.target === 'base');
    assert.equal(base.length, 10);
    assert.ok(changes.every((c) => /^\d+(\.\d{1,2})?$/.test(c.after) && c.after !== c.before));
    const nextArticles = await readArticlesChangedSince(company.db, {
      after: articles.lastKey,
      limit: 10_000,
    });
    assert.deepEqual(
      new Set(nextArticles.items.map((a) => `${a.reference}=${a.salePrice}`)),
      new Set(base.map((c) => `${c.articleReference}=${c.after}`)),
    );
    const nextPrices = await readArticlePricesChangedSince(company.db, {
      after: prices.lastKey,
      limit: 10_000,
    });
    assert.equal(nextPrices.items.length, changes.length - base.length);
  });
});
