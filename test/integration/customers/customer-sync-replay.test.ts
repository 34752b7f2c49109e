import assert from 'node:assert/strict';
import { replayHistoryFiles } from '../../helpers/replay';

/**
 * Histories of `customerSync` runs (a full and an incremental one) recorded with the workflow as
 * it stood before the article-code phase: they replay on the current code without a
 * nondeterminism error (the phase is behind `patched('customer-sync-article-codes')`).
 */
describe('customerSync histories recorded before the article-code phase', function () {
  this.timeout(120_000);

  it('replay without a nondeterminism error', async () => {
    const { files, replayed, failures } = await replayHistoryFiles(
      'customer-sync-before-article-codes-',
    );
    assert.equal(files.length, 2);
    assert.deepEqual(failures, []);
    assert.equal(replayed, files.length);
  });
});
