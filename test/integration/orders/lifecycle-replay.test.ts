// The SDK's own handle on its global hooks (not exported from the package root).
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../../workers/workflow-bundle';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'histories');

/**
 * Histories of `orderLifecycle` runs recorded with the workflow as it stood before its steps
 * were reshaped into small functions (issue 18): each must replay on the current code without
 * a nondeterminism error, i.e. the workflow still issues the same commands in the same order.
 * One file per scenario (see test/fixtures/histories/README.md).
 */
describe('orderLifecycle histories recorded before the reshape', function () {
  this.timeout(120_000);

  const files = readdirSync(FIXTURES)
    .filter((f) => f.startsWith('order-lifecycle-') && f.endsWith('.json'))
    .sort();

  it('covers the recorded scenarios', () => {
    for (const scenario of [
      'invoice-delivered',
      'operator-retry',
      'operator-skip',
      'operator-cancel',
      'shop-cancel-before-validation',
      'refresh-during-look',
    ]) {
      assert.ok(
        files.some((f) => f.includes(scenario)),
        `a history of the ${scenario} scenario in ${FIXTURES}`,
      );
    }
  });

  it('replay all without a nondeterminism error', async () => {
    // Protobuf JSON (enum names, 64-bit numbers as strings, bytes in base64).
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>,
      ),
    }));
    const failures: string[] = [];
    let replayed = 0;
    try {
      for await (const result of Worker.runReplayHistories(
        { workflowBundle: await workflowBundle() },
        histories,
      )) {
        replayed += 1;
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
    } finally {
      // The replay leaves the SDK's global promise hook installed (see order-lifecycle.test.ts).
      globalHandlers.uninstall();
    }
    assert.deepEqual(failures, []);
    assert.equal(replayed, files.length);
  });
});
