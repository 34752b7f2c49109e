import assert from 'node:assert/strict';
import { readStockChangedSince, readStockOfArticles } from '../../../activities/sage/stock';
import type { StockLevel } from '../../../shared/sage/types';
import { DEMO_BAD_DATA } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, type TestCompany } from './company';

const byRowId = (a: StockLevel, b: StockLevel) => a.rowId - b.rowId;

describe('stock of some articles (embedded engine)', function () {
  let company: TestCompany;

  before(() => {
    company = createTestCompany('tiny', 7);
  });
  after(() => company.dispose());

  it('reads every depot row of the articles asked, mapped as the change reader maps them', async () => {
    const changed = await readStockChangedSince(company.db, { limit: 10_000 });
    assert.equal(changed.nextKey, null, 'one page holds the tiny company');
    const references = [
      DEMO_BAD_DATA.articleNegativeStock,
      // Asked trimmed, stored with trailing spaces: still found, and keyed trimmed.
      DEMO_BAD_DATA.articleTrailingSpaces.trim(),
      changed.items.find((s) => s.reserved !== '0')?.articleReference ?? '',
    ];
    const stock = await readStockOfArticles(company.db, references);
    assert.deepEqual([...stock.keys()].sort(), [...new Set(references)].sort());
    for (const reference of references) {
      const expected = changed.items.filter((s) => s.articleReference === reference);
      assert.ok(expected.length > 0, reference);
      assert.deepEqual([...(stock.get(reference) ?? [])].sort(byRowId), expected.sort(byRowId));
    }
  });

  it('returns nothing for an unknown article', async () => {
    assert.equal((await readStockOfArticles(company.db, ['NO-SUCH-ARTICLE'])).size, 0);
  });
});
