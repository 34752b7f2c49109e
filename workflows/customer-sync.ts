import {
  ActivityFailure,
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { CustomerSyncActivities } from '../activities/customers/sync-activities';
import {
  addCounts,
  appendSample,
  emptyCounts,
  type CustomerCounts,
  type CustomerPageResult,
  type CustomerReport,
} from '../shared/customers/report';
import type { ChangeKey } from '../shared/sage/types';
import {
  SyncFailed,
  SyncKind,
  SyncPagesDone,
  SyncPushed,
  SyncState,
  SyncUnchanged,
} from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';
import { runPages, type RunState } from './paged-sync';

const activities = proxyActivities<CustomerSyncActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '5 minutes',
  // The activities heartbeat every 2 s: a killed worker's page is retried within 20 s.
  heartbeatTimeout: '20 seconds',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['WooAuthError', 'UnknownCustomer'] },
});

/**
 * A 401/403 of the shop ends the run at once as a `WooAuthError` (the workflow's own failure
 * type, visible in the UI's list), never as a green run with nothing written.
 */
function asAuthFailure(err: unknown): never {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === 'WooAuthError') {
    throw ApplicationFailure.create({
      type: 'WooAuthError',
      message: `the shop refuses the connector's keys (401/403): ${cause.message}`,
      nonRetryable: true,
      cause: err as ActivityFailure,
    });
  }
  throw err;
}

export interface CustomerSyncInput {
  /** `incremental` (default): accounts and delivery addresses changed since the last run. */
  mode?: 'full' | 'incremental';
  /** Forget what was pushed: every account is compared with the shop again. */
  force?: boolean;
  /** Set by continue-as-new: where the previous run stopped. */
  resume?: CustomerSyncResume;
}

/**
 * Incremental runs read the changed customer article codes (F_ARTCLIENT) after the addresses.
 * Histories started before it never enter the phase.
 */
export const ARTICLE_CODES_PATCH = 'customer-sync-article-codes';

/**
 * Carried across continue-as-new. Its shape is that of the runs continued before the loop was
 * shared (`workflows/paged-sync.ts`): such inputs are taken as they are.
 */
interface CustomerSyncResume {
  phase: 'accounts' | 'addresses' | 'codes';
  after: ChangeKey | null;
  accountsSince: string | null;
  addressesSince: string | null;
  readAddresses: boolean;
  createsAllowed: boolean;
  newAccountEmail: string;
  /** Highest change read so far per table: stored as watermarks when the sync ends. */
  accountsMark: string | null;
  addressesMark: string | null;
  /** Article-code phase (absent in states of runs started before it). */
  readCodes?: boolean;
  codesSince?: string | null;
  codesMark?: string | null;
  /** Pages per run before continue-as-new, so history stays small whatever the size. */
  pagesPerRun: number;
  pages: number;
  counts: CustomerCounts;
  reports: CustomerReport[];
  reportCount: number;
}

export interface CustomerSyncResult {
  mode: 'full' | 'incremental';
  pages: number;
  counts: CustomerCounts;
  /** The first problems (all of them are in the state store's report table). */
  reports: CustomerReport[];
  reportCount: number;
  newAccountEmail: string;
  /** Set when the run did nothing because another customer sync was in progress. */
  skipped?: string;
}

export type CustomerSyncProgress = Omit<CustomerSyncResult, 'mode' | 'skipped'> & {
  phase: 'starting' | 'accounts' | 'addresses' | 'codes' | 'done' | 'skipped';
};

export const customerSyncProgress = defineQuery<CustomerSyncProgress>('customerSyncProgress');

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/**
 * Sage → shop customers: pages of accounts changed since the last run (all of them in `full`
 * mode), then pages of changed delivery addresses, then (incremental runs) of changed customer
 * article codes, each reconciled by one activity (the paged-sync loop, `workflows/paged-sync.ts`).
 * The workflow holds cursors, counts and a sample of reports, never customer data. Search
 * attributes: kind and state `running` as each run opens, the counters after each page, the
 * state at the end (`skipped`, `done`, `failed`, `cancelled`).
 */
export async function customerSync(input: CustomerSyncInput = {}): Promise<CustomerSyncResult> {
  const mode = input.mode ?? 'incremental';
  let phase: CustomerSyncProgress['phase'] = 'starting';
  let runState: RunState = 'running';
  let skipped: string | undefined;
  // Set by the start step in a new run; every page moves it.
  let state = input.resume as CustomerSyncResume;
  setHandler(customerSyncProgress, () => {
    const started: CustomerSyncResume | undefined = state;
    return {
      phase,
      pages: started?.pages ?? 0,
      counts: started?.counts ?? emptyCounts(),
      reports: started?.reports ?? [],
      reportCount: started?.reportCount ?? 0,
      newAccountEmail: started?.newAccountEmail ?? 'unknown',
    };
  });

  const end = await runPages<CustomerPageResult>({
    continued: input.resume !== undefined,
    searchAttributes(moment) {
      switch (moment) {
        case 'opened':
          return [
            { key: SyncKind, value: 'customers' },
            { key: SyncState, value: 'running' },
          ];
        case 'started':
          return [];
        case 'page':
          return [
            { key: SyncPagesDone, value: state.pages },
            { key: SyncPushed, value: state.counts.created + state.counts.updated },
            { key: SyncUnchanged, value: state.counts.unchanged },
            { key: SyncFailed, value: state.counts.skipped },
          ];
        default:
          return [{ key: SyncState, value: runState }];
      }
    },
    setState(next, reason) {
      runState = next;
      skipped = reason;
      if (next === 'skipped' || next === 'done') phase = next;
    },
    async start() {
      const start = await activities.startCustomerSync({ mode, force: input.force ?? false });
      state = {
        phase: 'accounts',
        after: null,
        accountsSince: start.accountsSince,
        addressesSince: start.addressesSince,
        readAddresses: start.readAddresses,
        createsAllowed: start.createsAllowed,
        newAccountEmail: start.newAccountEmail,
        accountsMark: null,
        addressesMark: start.addressesMark,
        readCodes: start.readCodes,
        codesSince: start.codesSince,
        codesMark: start.codesMark,
        pagesPerRun: start.pagesPerRun,
        pages: 0,
        counts: emptyCounts(),
        reports: [],
        reportCount: 0,
      };
      return true;
    },
    pagesPerRun: () => state.pagesPerRun,
    page() {
      phase = state.phase;
      const read =
        state.phase === 'accounts'
          ? { step: activities.syncCustomerPage, since: state.accountsSince }
          : state.phase === 'codes'
            ? { step: activities.syncArticleCodePage, since: state.codesSince ?? null }
            : { step: activities.syncDeliveryAddressPage, since: state.addressesSince };
      return read.step({
        since: read.since,
        after: state.after,
        createsAllowed: state.createsAllowed,
      });
    },
    add(page) {
      const accounts = state.phase === 'accounts';
      const codes = state.phase === 'codes';
      const mark = page.lastKey?.modifiedAt ?? null;
      state = {
        ...state,
        after: page.nextKey,
        accountsMark: accounts ? later(state.accountsMark, mark) : state.accountsMark,
        addressesMark: accounts || codes ? state.addressesMark : later(state.addressesMark, mark),
        ...(codes ? { codesMark: later(state.codesMark ?? null, mark) } : {}),
        pages: state.pages + 1,
        counts: addCounts(state.counts, page.counts),
        reports: appendSample(state.reports, page.reports),
        reportCount: state.reportCount + page.reportCount,
      };
    },
    more(page) {
      if (page.nextKey !== null) return true;
      if (state.phase === 'accounts' && state.readAddresses) {
        state = { ...state, phase: 'addresses', after: null };
      } else if (
        state.phase !== 'codes' &&
        state.readCodes === true &&
        patched(ARTICLE_CODES_PATCH)
      ) {
        state = { ...state, phase: 'codes', after: null };
      } else return false;
      return true;
    },
    async finish() {
      await activities.finishCustomerSync({
        accounts: state.accountsMark,
        addresses: state.addressesMark,
        ...(state.codesMark !== undefined ? { codes: state.codesMark } : {}),
      });
    },
    continueAsNew: () => continueAsNew<typeof customerSync>({ mode, resume: state }),
  }).catch(asAuthFailure);

  if (end === 'skipped') {
    return {
      mode,
      pages: 0,
      counts: emptyCounts(),
      reports: [],
      reportCount: 0,
      newAccountEmail: 'unknown',
      skipped,
    };
  }
  return {
    mode,
    pages: state.pages,
    counts: state.counts,
    reports: state.reports,
    reportCount: state.reportCount,
    newAccountEmail: state.newAccountEmail,
  };
}
