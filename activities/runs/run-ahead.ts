import { getClient } from '@temporalio/activity';
import { runAhead, type RunIdentity } from '../../shared/runs/run-ahead';

export interface RunAheadInput extends RunIdentity {
  workflowType: string;
}

/**
 * Asks the server's visibility which runs of the same workflow type are running (e.g. the
 * nightly full catalog run when the hourly one starts) and returns the workflow id of the one
 * that goes first, or null. Visibility can lag the start of a run by a moment (a second on
 * Elasticsearch): two runs started within that moment may both proceed, as before the guard.
 */
export async function findRunAhead(input: RunAheadInput): Promise<string | null> {
  const running: RunIdentity[] = [];
  // Workflow types are code identifiers: no quoting issue in the query.
  const query = `WorkflowType = '${input.workflowType}' AND ExecutionStatus = 'Running'`;
  for await (const execution of getClient().workflow.list({ query })) {
    running.push({
      workflowId: execution.workflowId,
      startTime: execution.startTime.toISOString(),
    });
  }
  return runAhead(input, running)?.workflowId ?? null;
}

/** Activities on the `sage` queue next to the sync pages. */
export function createRunActivities() {
  return { findRunAhead };
}
