import assert from 'node:assert/strict';
import { HISTORIES, historyFiles, replayHistoryFiles } from '../../helpers/replay';

/**
 * Histories of `orderLifecycle` runs recorded with the workflow as it stood before its steps
 * were reshaped into small functions (issue 18): each must replay on the current code without
 * a nondeterminism error, i.e. the workflow still issues the same commands in the same order.
 * One file per scenario (see test/fixtures/histories/README.md).
 */
describe('orderLifecycle histories recorded before the reshape', function () {
  this.timeout(120_000);

  const files = historyFiles('order-lifecycle-');

  it('covers the recorded scenarios', () => {
    for (const scenario of [
      'invoice-delivered',
      'operator-retry',
      'operator-skip',
      'operator-cancel',
      'shop-cancel-before-validation',
      'refresh-during-look',
      'stock-push-on-woo-queue',
    ]) {
      assert.ok(
        files.some((f) => f.includes(scenario)),
        `a history of the ${scenario} scenario in ${HISTORIES}`,
      );
    }
  });

  it('replay all without a nondeterminism error', async () => {
    const outcome = await replayHistoryFiles('order-lifecycle-');
    assert.deepEqual(outcome.failures, []);
    assert.equal(outcome.replayed, files.length);
  });
});
