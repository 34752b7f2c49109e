import {
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { SageActivities, WooActivities } from '../activities/registry';
import {
  countDoctor,
  doctorDetails,
  errorMessage,
  type DoctorCheck,
  type DoctorCounts,
} from '../shared/health/doctor';
import { SyncKind, SyncState } from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';

// A queue without a worker fails its checks after 10 minutes instead of leaving the run open.
const options: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 3 },
};
const sage = proxyActivities<SageActivities>({ ...options, taskQueue: TASK_QUEUES.sage });
const woo = proxyActivities<WooActivities>({ ...options, taskQueue: TASK_QUEUES.woo });

export interface DoctorInput {
  /** Re-enable the connector's webhooks the shop disabled or paused (like `doctor --fix`). */
  fix?: boolean;
}

export interface DoctorResult extends DoctorCounts {
  checks: DoctorCheck[];
}

/** The checks of a queue that did not answer: one failure naming the worker to start. */
async function orUnanswered(
  run: Promise<DoctorCheck[]>,
  check: string,
  queue: 'sage' | 'woo',
): Promise<DoctorCheck[]> {
  try {
    return await run;
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    return [
      {
        level: 'FAIL',
        check,
        detail: `not checked, the ${queue} queue did not answer (${errorMessage(cause)}): run a worker with the ${queue} role (npm start, or npm run worker -- --roles ${queue})`,
      },
    ];
  }
}

/**
 * The CLI's `doctor` as a workflow (scheduled, see DEFAULT_SCHEDULES): the shop and Temporal
 * checks on the `woo` queue and the Sage checks on the `sage` queue, in parallel. Its current
 * details list each problem with its fix, `SyncState` is `failed` when a check fails, and each
 * failing check is an operator report (`npm run cli -- reports doctor`). Temporal is checked by
 * an activity with its worker's own client rather than a connection made from the configuration
 * (activities/health/doctor-activities.ts): the server checked is the one this workflow runs on.
 */
export async function doctor(input: DoctorInput = {}): Promise<DoctorResult> {
  upsertSearchAttributes([
    { key: SyncKind, value: 'doctor' },
    { key: SyncState, value: 'running' },
  ]);
  setCurrentDetails('checking the shop, Sage and Temporal');
  const groups = await Promise.all([
    orUnanswered(woo.doctorShop({ fix: input.fix === true }), 'shop', 'woo'),
    orUnanswered(sage.doctorSage(), 'sage', 'sage'),
    orUnanswered(woo.doctorTemporal(), 'search attributes', 'woo'),
  ]);
  const checks = groups.flat();
  const counts = countDoctor(checks);
  setCurrentDetails(doctorDetails(checks));
  upsertSearchAttributes([{ key: SyncState, value: counts.failed > 0 ? 'failed' : 'done' }]);
  await woo.recordDoctorReports(checks);
  return { checks, ...counts };
}
