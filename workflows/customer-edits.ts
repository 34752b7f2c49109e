import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
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

/** The one edits workflow of an installation: webhooks signal it, starting it when needed. */
export const CUSTOMER_EDITS_WORKFLOW_ID = 'customer-edits';

/** A shop customer changed (webhook `customer.updated`): its id only, never its data. */
export const customerChanged = defineSignal<[wooId: number]>('customerChanged');
/**
 * Several shop customers changed: the webhook receiver gathers the deliveries that arrive while
 * its previous signal is in flight into one signal, so a burst of `customer.updated` deliveries
 * (a sync writing 3,000 customers) makes a few dozen history events, not one per customer.
 */
export const customersChanged = defineSignal<[wooIds: number[]]>('customersChanged');
/** Poll the shop now instead of waiting for the interval (also: retry now after a refusal). */
export const pollCustomersNow = defineSignal('pollCustomersNow');

/** Backoff of the activities' retries (Temporal retry policy), without a maximum of attempts. */
export interface CustomerEditsRetry {
  initialIntervalMs: number;
  maximumIntervalMs: number;
}

export const DEFAULT_CUSTOMER_EDITS_RETRY: CustomerEditsRetry = {
  initialIntervalMs: 1_000,
  maximumIntervalMs: 5 * 60_000,
};

export interface CustomerEditsInput {
  /** Polling interval of the fallback, in ms (from `customers.pollingInterval`). */
  pollEveryMs: number;
  /** From `customers.editsRetry`; also paces the new attempts after the shop refused the keys. */
  retry?: CustomerEditsRetry;
  /** Carried over by continue-as-new: ids not applied (nor reported) yet. */
  pending?: number[];
  totals?: CustomerEditsTotals;
}

/** The last failure that stopped the flow or an edit (what the operator should look at). */
export interface CustomerEditsFailure {
  type: string;
  message: string;
  /** Workflow time (ISO) of the failure. */
  at: string;
  /** Shop customer ids it concerned (none for a poll). */
  wooIds: number[];
}

export interface CustomerEditsTotals {
  /** Customer ids signalled (an id repeated by deliveries gathered in one signal counts once). */
  signals: number;
  polls: number;
  counts: CustomerCounts;
  reports: CustomerReport[];
  reportCount: number;
  /** Edits given up on and reported (business failures), and polls that failed for good. */
  failed?: number;
  lastFailure?: CustomerEditsFailure;
}

/**
 * `running`, `waiting` (for a signal or the next poll) or `shop-auth-failed`: the shop answers
 * 401/403 to the connector's keys; pending ids are kept and tried again with backoff (or at once
 * on `pollCustomersNow`) until the keys work again.
 */
export type CustomerEditsState = 'running' | 'waiting' | 'shop-auth-failed';

export const customerEditsProgress = defineQuery<
  CustomerEditsTotals & { pending: number; state: CustomerEditsState }
>('customerEditsProgress');

/** Ids per activity: one shop read (`include`) and one batch at most. */
const IDS_PER_ACTIVITY = 100;
/** Loop turns per run before continue-as-new. */
const TURNS_PER_RUN = 200;
/** The shop refused the connector's keys: a configuration problem, never retried by Temporal. */
const AUTH_FAILURE = 'WooAuthError';

function editActivities(retry: CustomerEditsRetry) {
  return proxyActivities<CustomerEditActivities>({
    taskQueue: TASK_QUEUES.sage,
    startToCloseTimeout: '10 minutes',
    // The activities heartbeat every 2 s: a killed worker's activity is retried within 20 s.
    heartbeatTimeout: '20 seconds',
    // No maximumAttempts: a transient failure (shop or Sage down, timeouts, 5xx, 429) is retried
    // for as long as it lasts. Business failures are non-retryable ApplicationFailures (their
    // type names them) and reach the workflow, which reports them.
    retry: {
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: retry.maximumIntervalMs,
      nonRetryableErrorTypes: [AUTH_FAILURE],
    },
  });
}

/** The non-retryable application failure behind an activity failure, if that is what it is. */
function businessFailureOf(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

/** Thrown inside the loop when the shop refuses the keys: the turn stops, nothing is dropped. */
class ShopAuthFailed extends Error {}

/**
 * Shop → Sage customer edits, for as long as the connector runs: customers named by webhook
 * signals are reconciled in groups, and every `pollEveryMs` (or on `pollCustomersNow`) the shop
 * is polled for modified customers, because webhooks are never retried.
 *
 * Nothing is lost to an outage: an id stays pending until its edit is applied or reported.
 * Transient failures are retried by Temporal without end; a business failure of one customer is
 * reported (`edit-failed`, `npm run cli -- reports customers`) and the others go on; a 401/403
 * of the shop puts the flow in `shop-auth-failed` (search attribute `SyncState`), keeping every
 * pending id, until the shop accepts the keys again.
 */
export async function customerEdits(input: CustomerEditsInput): Promise<void> {
  const retry = input.retry ?? DEFAULT_CUSTOMER_EDITS_RETRY;
  const activities = editActivities(retry);
  /** Pending ids, each with the number of the latest signal that named it. */
  const pending = new Map<number, number>();
  let signalNo = 0;
  for (const id of input.pending ?? []) pending.set(id, (signalNo += 1));
  let pollRequested = false;
  let state = 'waiting' as CustomerEditsState;
  let totals: CustomerEditsTotals = input.totals ?? {
    signals: 0,
    polls: 0,
    counts: emptyCounts(),
    reports: [],
    reportCount: 0,
  };
  const changed = (wooIds: readonly unknown[]) => {
    for (const wooId of wooIds)
      if (typeof wooId === 'number' && Number.isInteger(wooId) && wooId > 0)
        pending.set(wooId, (signalNo += 1));
    totals = { ...totals, signals: totals.signals + wooIds.length };
  };
  setHandler(customerChanged, (wooId) => changed([wooId]));
  setHandler(customersChanged, (wooIds) => changed(Array.isArray(wooIds) ? wooIds : []));
  setHandler(pollCustomersNow, () => void (pollRequested = true));
  setHandler(customerEditsProgress, () => ({ ...totals, pending: pending.size, state }));
  const setState = (next: CustomerEditsState) => {
    state = next;
    upsertSearchAttributes([{ key: SyncState, value: next }]);
  };
  // One upsert at start and one per state change, as the earlier version of this workflow did:
  // a run started by it replays on this code.
  upsertSearchAttributes([
    { key: SyncKind, value: 'customer-edits' },
    { key: SyncState, value: state },
  ]);

  const failure = (type: string, message: string, wooIds: number[]): CustomerEditsFailure => ({
    type,
    message,
    at: new Date().toISOString(),
    wooIds,
  });

  /** A failure of an activity: rethrown when the shop refused the keys, else returned. */
  const businessOrAuth = (err: unknown, wooIds: number[]): ApplicationFailure => {
    const cause = businessFailureOf(err);
    // Without a maximum of attempts only non-retryable failures (or cancellation) get here.
    if (!cause) throw err;
    if (cause.type === AUTH_FAILURE) {
      totals = { ...totals, lastFailure: failure(AUTH_FAILURE, cause.message, wooIds) };
      throw new ShopAuthFailed(cause.message);
    }
    return cause;
  };

  /**
   * Applies the edits of these customers; returns the ids that are done with (applied, or
   * reported when their edit failed for good). A group that fails is split so that one bad
   * customer does not hold the others back.
   */
  const apply = async (wooIds: number[]): Promise<number[]> => {
    try {
      // Await first: signals counted while the activity ran must not be overwritten.
      const result = await activities.applyShopCustomerEdits({ wooIds });
      totals = mergeResult(totals, result);
      return wooIds;
    } catch (err) {
      const cause = businessOrAuth(err, wooIds);
      if (wooIds.length > 1) {
        const done: number[] = [];
        for (const id of wooIds) done.push(...(await apply([id])));
        return done;
      }
      const type = cause.type ?? 'Error';
      log.warn('customer edit failed for good: reported', { wooIds, type });
      totals = {
        ...totals,
        failed: (totals.failed ?? 0) + 1,
        lastFailure: failure(type, cause.message, wooIds),
      };
      await report(
        wooIds.map((id) => `woo:${id}`),
        `${type}: ${cause.message}`,
      );
      return wooIds;
    }
  };

  const report = async (keys: string[], detail: string): Promise<void> => {
    try {
      await activities.reportCustomerEditFailures({ keys, detail });
    } catch (err) {
      // The report could not be stored (a non-retryable failure): the log keeps it.
      log.error('customer edit failure not reported', { keys, detail, err: String(err) });
    }
  };

  const poll = async (): Promise<void> => {
    try {
      const result = await activities.pollShopCustomerEdits();
      totals = mergeResult({ ...totals, polls: totals.polls + 1 }, result);
    } catch (err) {
      const cause = businessOrAuth(err, []);
      const type = cause.type ?? 'Error';
      // The watermark did not move: the next poll looks at the same customers again.
      log.warn('customer edits poll failed: reported', { type });
      totals = {
        ...totals,
        failed: (totals.failed ?? 0) + 1,
        lastFailure: failure(type, cause.message, []),
      };
      await report(['poll'], `${type}: ${cause.message}`);
    }
  };

  let nextPollAt = Date.now() + input.pollEveryMs;
  /** Delay before the next attempt while the shop refuses the keys. */
  let authDelayMs = retry.initialIntervalMs;
  for (let turn = 0; turn < TURNS_PER_RUN; turn += 1) {
    if (state === 'shop-auth-failed') {
      await condition(() => pollRequested, authDelayMs);
      authDelayMs = Math.min(authDelayMs * 2, retry.maximumIntervalMs);
    } else {
      await condition(
        () => pending.size > 0 || pollRequested,
        Math.max(1, nextPollAt - Date.now()),
      );
    }
    const blocked = state === 'shop-auth-failed';
    setState('running');
    try {
      if (pending.size > 0) {
        const batch = [...pending].slice(0, IDS_PER_ACTIVITY);
        const done = new Set(await apply(batch.map(([id]) => id)));
        // An id signalled again while its edit was being applied stays pending: the shop
        // may have changed after the activity read it.
        for (const [id, no] of batch)
          if (done.has(id) && pending.get(id) === no) pending.delete(id);
      }
      // Asked for during the edits too (as the earlier version of this workflow did).
      const pollDue = pollRequested || Date.now() >= nextPollAt;
      pollRequested = false;
      if (pollDue || blocked) {
        await poll();
        nextPollAt = Date.now() + input.pollEveryMs;
      }
      if (blocked) log.info('the shop accepts the connector keys again: customer edits resumed');
      authDelayMs = retry.initialIntervalMs;
      setState('waiting');
    } catch (err) {
      if (!(err instanceof ShopAuthFailed)) throw err;
      if (!blocked) {
        log.error('the shop refuses the connector keys (401/403): customer edits wait', {
          pending: pending.size,
          message: err.message,
        });
      }
      setState('shop-auth-failed');
    }
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await allHandlersFinished();
  await continueAsNew<typeof customerEdits>({
    pollEveryMs: input.pollEveryMs,
    retry,
    pending: [...pending.keys()],
    totals,
  });
}

function mergeResult(
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
