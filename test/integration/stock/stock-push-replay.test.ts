import assert from 'node:assert/strict';
import { historyFiles, replayHistoryFiles } from '../../helpers/replay';

/**
 * A `stockPushBucket` history recorded from the landed code (one `stockPushArticles` per push):
 * it must replay on the current code, so a change of the bucket's commands comes with a version
 * marker.
 */
describe('stockPushBucket histories recorded from the landed code', function () {
  this.timeout(120_000);

  it('replay without a nondeterminism error', async () => {
    const files = historyFiles('stock-push-bucket-');
    assert.ok(files.length > 0, 'a recorded bucket history');
    const outcome = await replayHistoryFiles('stock-push-bucket-');
    assert.deepEqual(outcome.failures, []);
    assert.equal(outcome.replayed, files.length);
  });
});
