import assert from 'node:assert/strict';
import { HISTORIES, historyFiles, replayHistoryFiles } from '../../helpers/replay';

/**
 * Histories of `catalogSync`, `stockSync`, `priceSync` and `customerSync` runs recorded with each
 * sync's own loop, before the four shared one (`workflows/paged-sync.ts`, issue 18): each must
 * replay on the current code without a nondeterminism error. The runs continued as new start
 * from the `carry` / `resume` input the old code wrote: replaying them proves the new code takes
 * it as it is (it would otherwise start again, or read another page). See
 * test/fixtures/histories/README.md.
 */
describe('paged-sync histories recorded before the shared loop', function () {
  this.timeout(120_000);

  it('covers every sync, continued runs and failed runs', () => {
    const files = historyFiles('paged-sync-');
    for (const scenario of [
      'catalog-full-run2',
      'stock-full-run1',
      'customers-full-run2',
      'customers-incremental-run1',
      'prices-full-run2',
      'prices-incremental-run1',
      'prices-compare-dry-run1',
      'catalog-refused-run1',
      'prices-refused-run1',
      'customers-refused-run1',
    ]) {
      assert.ok(
        files.includes(`paged-sync-${scenario}.json`),
        `a history paged-sync-${scenario}.json in ${HISTORIES}`,
      );
    }
  });

  it('replay all without a nondeterminism error', async () => {
    const { files, replayed, failures } = await replayHistoryFiles('paged-sync-');
    assert.deepEqual(failures, []);
    assert.equal(replayed, files.length);
  });
});
