import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import { TASK_QUEUES } from '../shared/task-queues';

const runs = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

/**
 * Called once at the start of a sync (never after continue-as-new): why this run must not go
 * on, when another run of the same kind started before it and is still running (the schedules'
 * overlap policy covers one schedule only; `catalog-nightly` and `catalog-hourly` start the
 * same workflow type, and so do on-demand runs). Versioned: runs started before the guard
 * existed replay without it.
 */
export async function anotherRunInProgress(): Promise<string | null> {
  if (!patched('one-run-per-kind')) return null;
  const info = workflowInfo();
  const ahead = await runs.findRunAhead({
    workflowType: info.workflowType,
    workflowId: info.workflowId,
    startTime: info.runStartTime.toISOString(),
  });
  return ahead === null ? null : `run ${ahead} of ${info.workflowType} in progress`;
}
