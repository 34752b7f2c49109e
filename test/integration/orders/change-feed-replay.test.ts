import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../../workers/workflow-bundle';

/**
 * An order that was following its chain before the change feed existed replays on the current
 * code (the `sage-change-feed` marker keeps its commands): the fixture is the history of an
 * `orderLifecycle` run of the version before, recorded while it slept on its polling timer
 * after a look, a `refresh` signal and a second look.
 */
describe('orderLifecycle histories from before the change feed', function () {
  this.timeout(60_000);

  it('replay without a nondeterminism error', async () => {
    // Protobuf JSON (enum names, 64-bit numbers as strings, bytes in base64).
    const history = temporal.api.history.v1.History.fromObject(
      JSON.parse(
        readFileSync(join(__dirname, 'fixtures', 'order-before-change-feed.json'), 'utf8'),
      ) as Record<string, unknown>,
    );
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });
});
