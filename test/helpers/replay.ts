// The SDK's own handle on its global hooks (not exported from the package root).
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../workers/workflow-bundle';

/** Where recorded workflow histories live (see test/fixtures/histories/README.md). */
export const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

/** The `.json` files of `folder` whose name starts with `prefix`, sorted. */
export function historyFiles(prefix: string, folder = HISTORIES): string[] {
  return readdirSync(folder)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort();
}

export interface ReplayOutcome {
  /** The files replayed (names, in `folder`). */
  files: string[];
  /** Histories the replayer went through. */
  replayed: number;
  /** One line per history that failed: `<file name without .json>: <error>`. */
  failures: string[];
}

/**
 * Replays recorded histories on the current workflow code (the bundle the workers run): every
 * `<prefix>*.json` of `folder` (test/fixtures/histories by default), protobuf JSON as
 * `fetchHistory()` gives it and `History.toJSON()` writes it (enum names, 64-bit numbers as
 * strings, bytes in base64). A nondeterminism error, or any other, is a failure; the caller
 * asserts, usually
 *
 *   const { files, replayed, failures } = await replayHistoryFiles('customer-sync-');
 *   assert.deepEqual(failures, []);
 *   assert.equal(replayed, files.length);
 *
 * (and that `files` holds the scenarios it expects: a prefix matching nothing replays nothing).
 */
export async function replayHistoryFiles(
  prefix: string,
  folder = HISTORIES,
): Promise<ReplayOutcome> {
  const files = historyFiles(prefix, folder);
  const histories = files.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(
      JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>,
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
    // The replay leaves the SDK's global promise hook installed: every later promise of the
    // process would run through it and query-heavy suites slow to a crawl.
    globalHandlers.uninstall();
  }
  return { files, replayed, failures };
}
