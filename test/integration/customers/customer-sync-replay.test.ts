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
 * Histories of `customerSync` runs (a full and an incremental one) recorded with the workflow as
 * it stood before the article-code phase: they replay on the current code without a
 * nondeterminism error (the phase is behind `patched('customer-sync-article-codes')`).
 */
describe('customerSync histories recorded before the article-code phase', function () {
  this.timeout(120_000);

  it('replay without a nondeterminism error', async () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.startsWith('customer-sync-before-article-codes-') && f.endsWith('.json'))
      .sort();
    assert.equal(files.length, 2);
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
