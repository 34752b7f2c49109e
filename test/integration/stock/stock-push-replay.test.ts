import assert from 'node:assert/strict';
import { historyFiles, replayHistoryFiles } from '../../helpers/replay';

/**
 * A `stockPushBucket` history recorded before its shop read moved to the shop queue (one
 * `stockPushArticles` per push): it must replay on the current code, which keeps that command
 * for runs without the `stock-push-shop-read-on-woo-queue` marker.
 */
describe('stockPushBucket histories recorded before the shop read moved', function () {
  this.timeout(120_000);

  it('replay without a nondeterminism error', async () => {
    const files = historyFiles('stock-push-bucket-');
    assert.ok(files.length > 0, 'a recorded bucket history');
    const outcome = await replayHistoryFiles('stock-push-bucket-');
    assert.deepEqual(outcome.failures, []);
    assert.equal(outcome.replayed, files.length);
  });
});
