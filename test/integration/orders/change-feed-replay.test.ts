import assert from 'node:assert/strict';
import { join } from 'node:path';
import { replayHistoryFiles } from '../../helpers/replay';

/**
 * An order that was following its chain before the change feed existed replays on the current
 * code (the `sage-change-feed` marker keeps its commands): the fixture is the history of an
 * `orderLifecycle` run of the version before, recorded while it slept on its polling timer
 * after a look, a `refresh` signal and a second look.
 */
describe('orderLifecycle histories from before the change feed', function () {
  this.timeout(60_000);

  it('replay without a nondeterminism error', async () => {
    const { files, replayed, failures } = await replayHistoryFiles(
      'order-before-change-feed',
      join(__dirname, 'fixtures'),
    );
    assert.deepEqual(files, ['order-before-change-feed.json']);
    assert.deepEqual(failures, []);
    assert.equal(replayed, 1);
  });
});
