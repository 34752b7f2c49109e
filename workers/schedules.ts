import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
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
  /** Described schedules already equal to the configuration: not touched. */
  unchanged: string[];
  deleted: string[];
}

/**
 * Action memo key holding the configured spec as written (`every` or `cron` + time zone): the
 * server compiles a cron expression into calendars, so the described spec alone cannot tell
 * whether the configured expression changed. Every run the schedule starts carries it too.
 */
const SPEC_MEMO = 'scheduleSpec';

function specOf(schedule: ScheduleConfig): ScheduleSpec {
  if (schedule.cron) {
    return { cronExpressions: [schedule.cron], timezone: schedule.timeZone };
  }
  return { intervals: [{ every: durationToMs(schedule.every ?? 0) }] };
}

function specSourceOf(schedule: ScheduleConfig): string {
  return schedule.cron
    ? `cron ${schedule.cron}${schedule.timeZone ? ` (${schedule.timeZone})` : ''}`
    : `every ${durationToMs(schedule.every ?? 0)}ms`;
}

function actionOf(schedule: ScheduleConfig) {
  return {
    type: 'startWorkflow' as const,
    workflowType: schedule.workflow,
    args: schedule.args,
    taskQueue: TASK_QUEUES.workflows,
    // Stable per schedule: the server appends the scheduled time ("customer-sync-2026-…Z"), and
    // the overlap policy below keeps one run of the schedule at a time.
    workflowId: schedule.id,
    memo: { [SPEC_MEMO]: specSourceOf(schedule) },
  };
}

/**
 * SKIP: a firing (or a trigger that passes no policy of its own) while the schedule's previous
 * run is still in progress starts nothing. Syncs are incremental from a watermark, so the next
 * firing after the long run catches up with everything; BUFFER_ONE would start a second run
 * right after a long one for little gain. The catch-up window: after the server or the workers
 * were down, at most one missed firing of the last 10 minutes is run.
 */
const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 10 * 60_000 };

/** Order-independent JSON, for comparing decoded args with configured ones. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Why the described schedule differs from the configured one (empty when equal). */
export function scheduleDifferences(
  described: ScheduleDescription,
  schedule: ScheduleConfig,
): string[] {
  const differences: string[] = [];
  const { spec, action, policies: current, state } = described;
  const wanted = actionOf(schedule);
  if (action.type !== 'startWorkflow') return ['action'];
  if (action.memo?.[SPEC_MEMO] !== wanted.memo[SPEC_MEMO]) differences.push('spec');
  if (schedule.cron) {
    if ((spec.intervals ?? []).length > 0 || (spec.timezone ?? '') !== (schedule.timeZone ?? '')) {
      differences.push('spec');
    }
  } else {
    const intervals = spec.intervals ?? [];
    const every = durationToMs(schedule.every ?? 0);
    if (
      intervals.length !== 1 ||
      intervals[0]?.every !== every ||
      (intervals[0]?.offset ?? 0) !== 0 ||
      (spec.calendars ?? []).length > 0
    ) {
      differences.push('spec');
    }
  }
  if (
    action.workflowType !== wanted.workflowType ||
    action.taskQueue !== wanted.taskQueue ||
    action.workflowId !== wanted.workflowId ||
    canonical(action.args ?? []) !== canonical(wanted.args)
  ) {
    differences.push('action');
  }
  if (current.overlap !== policies.overlap || current.catchupWindow !== policies.catchupWindow) {
    differences.push('policies');
  }
  if (state.paused !== schedule.paused) differences.push('paused');
  if ((state.note ?? '') !== (schedule.note ?? '')) differences.push('note');
  return [...new Set(differences)];
}

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
 * Creates each configured schedule that does not exist, updates those whose spec, action,
 * policies, paused state or note differ from the configuration, leaves the others untouched
 * (idempotent: the schedule id is the key) and, with `prune`, deletes the connector's schedules that the configuration no longer names.
 */
export async function applySchedules(
  client: Client,
  schedules: readonly ScheduleConfig[],
  options: { prune?: boolean } = {},
): Promise<ScheduleApplyResult> {
  checkScheduledWorkflows(schedules);
  const result: ScheduleApplyResult = { created: [], updated: [], unchanged: [], deleted: [] };
  for (const schedule of schedules) {
    const handle = client.schedule.getHandle(schedule.id);
    try {
      const described = await handle.describe();
      if (scheduleDifferences(described, schedule).length === 0) {
        result.unchanged.push(schedule.id);
        continue;
      }
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

export interface FirstRunsResult {
  triggered: string[];
  /** Schedule id → why no run was started (a run in progress, or a recent one). */
  skipped: Record<string, string>;
}

/**
 * Starts one run of each named schedule now, so the shop is in step at start instead of at the
 * first interval, but never a second run: a schedule is left alone when one of its runs (or any
 * running workflow of the same type, e.g. the nightly full catalog run for `catalog-hourly`) is
 * in progress, or when its last run is more recent than its interval (a restart). The trigger
 * itself passes SKIP: the SDK's default for a trigger is ALLOW_ALL, which would overlap.
 */
export async function triggerFirstRuns(
  client: Client,
  schedules: readonly ScheduleConfig[],
  ids: readonly string[],
  now: Date = new Date(),
): Promise<FirstRunsResult> {
  const result: FirstRunsResult = { triggered: [], skipped: {} };
  for (const id of ids) {
    const schedule = schedules.find((s) => s.id === id);
    if (!schedule) continue;
    const described = await client.schedule.getHandle(id).describe();
    const running = described.info.runningActions[0];
    if (running) {
      result.skipped[id] = `run ${running.workflow.workflowId} in progress`;
      continue;
    }
    const sameType = client.workflow.list({
      query: `WorkflowType = '${schedule.workflow}' AND ExecutionStatus = 'Running'`,
    });
    let busy: string | undefined;
    for await (const execution of sameType) {
      busy = execution.workflowId;
      break;
    }
    if (busy) {
      result.skipped[id] = `${schedule.workflow} run ${busy} in progress`;
      continue;
    }
    const last = Math.max(0, ...described.info.recentActions.map((a) => a.takenAt.getTime()));
    if (schedule.every && last > 0 && now.getTime() - last < durationToMs(schedule.every)) {
      result.skipped[id] = `last run at ${new Date(last).toISOString()}`;
      continue;
    }
    await client.schedule.getHandle(id).trigger(ScheduleOverlapPolicy.SKIP);
    result.triggered.push(id);
  }
  return result;
}
