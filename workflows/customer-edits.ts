import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CustomerEditActivities } from '../activities/customers/edit-activities';
import {
  REPORT_SAMPLE,
  addCounts,
  emptyCounts,
  type CustomerCounts,
  type CustomerReport,
} from '../shared/customers/report';
import { SyncKind, SyncState } from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';

const activities = proxyActivities<CustomerEditActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['WooAuthError'] },
});

/** The one edits workflow of an installation: webhooks signal it, starting it when needed. */
export const CUSTOMER_EDITS_WORKFLOW_ID = 'customer-edits';

/** A shop customer changed (webhook `customer.updated`): its id only, never its data. */
export const customerChanged = defineSignal<[wooId: number]>('customerChanged');
/** Poll the shop now instead of waiting for the interval. */
export const pollCustomersNow = defineSignal('pollCustomersNow');

export interface CustomerEditsInput {
  /** Polling interval of the fallback, in ms (from `customers.pollingInterval`). */
  pollEveryMs: number;
  /** Carried over by continue-as-new. */
  pending?: number[];
  totals?: CustomerEditsTotals;
}

export interface CustomerEditsTotals {
  signals: number;
  polls: number;
  counts: CustomerCounts;
  reports: CustomerReport[];
  reportCount: number;
}

export const customerEditsProgress = defineQuery<CustomerEditsTotals & { pending: number }>(
  'customerEditsProgress',
);

/** Ids per activity: one shop read (`include`) and one batch at most. */
const IDS_PER_ACTIVITY = 100;
/** Loop turns per run before continue-as-new. */
const TURNS_PER_RUN = 200;

/**
 * Shop → Sage customer edits, for as long as the connector runs: customers named by webhook
 * signals are reconciled in groups, and every `pollEveryMs` (or on `pollCustomersNow`) the shop
 * is polled for modified customers, because webhooks are never retried.
 */
export async function customerEdits(input: CustomerEditsInput): Promise<void> {
  const pending = new Set<number>(input.pending ?? []);
  let pollRequested = false;
  let totals: CustomerEditsTotals = input.totals ?? {
    signals: 0,
    polls: 0,
    counts: emptyCounts(),
    reports: [],
    reportCount: 0,
  };
  setHandler(customerChanged, (wooId) => {
    if (Number.isInteger(wooId) && wooId > 0) pending.add(wooId);
    totals = { ...totals, signals: totals.signals + 1 };
  });
  setHandler(pollCustomersNow, () => void (pollRequested = true));
  setHandler(customerEditsProgress, () => ({ ...totals, pending: pending.size }));
  upsertSearchAttributes([
    { key: SyncKind, value: 'customer-edits' },
    { key: SyncState, value: 'waiting' },
  ]);

  for (let turn = 0; turn < TURNS_PER_RUN; turn += 1) {
    const woken = await condition(() => pending.size > 0 || pollRequested, input.pollEveryMs);
    upsertSearchAttributes([{ key: SyncState, value: 'running' }]);
    if (pending.size > 0) {
      const ids = [...pending].slice(0, IDS_PER_ACTIVITY);
      for (const id of ids) pending.delete(id);
      const result = await activities.applyShopCustomerEdits({ wooIds: ids });
      totals = merge(totals, result);
    }
    if (!woken || pollRequested) {
      pollRequested = false;
      const result = await activities.pollShopCustomerEdits();
      totals = merge({ ...totals, polls: totals.polls + 1 }, result);
    }
    upsertSearchAttributes([{ key: SyncState, value: 'waiting' }]);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await allHandlersFinished();
  await continueAsNew<typeof customerEdits>({
    pollEveryMs: input.pollEveryMs,
    pending: [...pending],
    totals,
  });
}

function merge(
  totals: CustomerEditsTotals,
  result: { counts: CustomerCounts; reports: CustomerReport[]; reportCount: number },
): CustomerEditsTotals {
  return {
    ...totals,
    counts: addCounts(totals.counts, result.counts),
    // A long-lived workflow shows the latest problems, not the first ones.
    reports: [...totals.reports, ...result.reports].slice(-REPORT_SAMPLE),
    reportCount: totals.reportCount + result.reportCount,
  };
}
