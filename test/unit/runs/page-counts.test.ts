import assert from 'node:assert/strict';
import { emptySyncTotals, type SyncPageResult } from '../../../shared/catalog/page-result';
import { addCounts as addCustomerCounts, emptyCounts } from '../../../shared/customers/report';
import { emptyPriceSyncTotals } from '../../../shared/price-sync/page-result';
import { addCounts } from '../../../shared/runs/page-counts';

describe('addCounts (a page summed into the run totals of a paged sync)', () => {
  const page: SyncPageResult = {
    ...emptySyncTotals(),
    read: 8,
    entities: 6,
    pushed: 4,
    unchanged: 2,
    drift: 1,
    nextKey: { modifiedAt: '2026-11-30 10:00:00.000', rowId: 12 },
    lastKey: { modifiedAt: '2026-11-30 10:00:00.000', rowId: 12 },
    samples: { issues: [], missing: [], diff: [] },
  };

  it('sums every count of the page, keeps none of its other fields', () => {
    const once = addCounts(emptySyncTotals, emptySyncTotals(), page);
    const twice = addCounts(emptySyncTotals, once, page);
    assert.deepEqual(twice, {
      ...emptySyncTotals(),
      read: 16,
      entities: 12,
      pushed: 8,
      unchanged: 4,
      drift: 2,
    });
  });

  it('starts at 0 a count the carried totals lack (a run continued from older code)', () => {
    const { drift: _drift, shopReads: _reads, ...older } = emptySyncTotals();
    const totals = addCounts(emptySyncTotals, { ...older, pushed: 3 }, page);
    assert.equal(totals.pushed, 7);
    assert.equal(totals.drift, 1);
    assert.equal(totals.shopReads, 0);
  });

  it('adds 0 for a count the page lacks (an activity of an older worker)', () => {
    const totals = addCounts(
      emptyPriceSyncTotals,
      { ...emptyPriceSyncTotals(), read: 5 },
      { read: 2 },
    );
    assert.deepEqual(totals, { ...emptyPriceSyncTotals(), read: 7 });
  });

  it('sums the customer counts the same way', () => {
    const counts = { ...emptyCounts(), read: 3, created: 2, skipped: 1 };
    assert.deepEqual(addCustomerCounts(counts, counts), {
      ...emptyCounts(),
      read: 6,
      created: 4,
      skipped: 2,
    });
  });
});
