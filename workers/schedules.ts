import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';
import { durationToMs, type ScheduleConfig } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import * as workflows from '../workflows';

/** Memo on every schedule the connector owns, so pruning never touches anyone else's. */
const MANAGED_BY = 'sage-woo-sync';

export interface ScheduleApplyResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

function specOf(schedule: ScheduleConfig): ScheduleSpec {
  if (schedule.cron) {
    return { cronExpressions: [schedule.cron], timezone: schedule.timeZone };
  }
  return { intervals: [{ every: durationToMs(schedule.every ?? 0) }] };
}

function actionOf(schedule: ScheduleConfig) {
  return {
    type: 'startWorkflow' as const,
    workflowType: schedule.workflow,
    args: schedule.args,
    taskQueue: TASK_QUEUES.workflows,
    // The server appends the scheduled time, so each run has its own id.
    workflowId: `${schedule.id}`,
  };
}

const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 10 * 60_000 };

/** Fails with the names of configured workflows that the worker does not serve. */
export function checkScheduledWorkflows(schedules: readonly ScheduleConfig[]): void {
  const known = new Set(Object.keys(workflows));
  const unknown = schedules
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !known.has(s.workflow))
    .map(({ s, i }) => `schedules.${i}.workflow: unknown workflow "${s.workflow}"`);
  if (unknown.length > 0) {
    throw new Error(`${unknown.join('\n')}\n(known: ${[...known].sort().join(', ')})`);
  }
}

/**
 * Creates or updates each configured schedule (idempotent: the schedule id is the key) and,
 * with `prune`, deletes the connector's schedules that the configuration no longer names.
 */
export async function applySchedules(
  client: Client,
  schedules: readonly ScheduleConfig[],
  options: { prune?: boolean } = {},
): Promise<ScheduleApplyResult> {
  checkScheduledWorkflows(schedules);
  const result: ScheduleApplyResult = { created: [], updated: [], deleted: [] };
  for (const schedule of schedules) {
    const handle = client.schedule.getHandle(schedule.id);
    try {
      await handle.describe();
      await handle.update((previous) => ({
        ...previous,
        spec: specOf(schedule),
        action: actionOf(schedule),
        policies: { ...previous.policies, ...policies },
        state: { ...previous.state, paused: schedule.paused, note: schedule.note },
      }));
      result.updated.push(schedule.id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create({
        scheduleId: schedule.id,
        spec: specOf(schedule),
        action: actionOf(schedule),
        policies,
        memo: { managedBy: MANAGED_BY },
        state: { paused: schedule.paused, note: schedule.note },
      });
      result.created.push(schedule.id);
    }
  }
  if (options.prune) {
    const wanted = new Set(schedules.map((s) => s.id));
    for await (const summary of client.schedule.list()) {
      if (summary.memo?.managedBy === MANAGED_BY && !wanted.has(summary.scheduleId)) {
        await client.schedule.getHandle(summary.scheduleId).delete();
        result.deleted.push(summary.scheduleId);
      }
    }
  }
  return result;
}
