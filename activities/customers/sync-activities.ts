import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { durationToMs, secretValues } from '../../shared/config';
import type {
  CustomerCounts,
  CustomerPageResult,
  CustomerReport,
} from '../../shared/customers/report';
import { REPORT_SAMPLE } from '../../shared/customers/report';
import type { ChangeKey, Customer } from '../../shared/sage/types';
import type { ActivityDeps } from '../deps';
import { countSyncPage } from '../metrics';
import {
  readCustomersByAccount,
  readCustomersChangedSince,
  readDeliveryAddressesChangedSince,
} from '../sage/customers';
import { latestCodeChange, readCodeOwnersChangedSince } from '../sage/customer-codes';
import { SageDataError } from '../sage/errors';
import { toActivityFailure, WooError } from '../woo';
import { checkNewAccountEmail, type NewAccountEmailState } from './new-account-email';
import {
  CUSTOMER_FLOW,
  CUSTOMER_KIND,
  reconcileAccounts,
  type ReconcileSystems,
} from './reconcile';
import { latestDeliveryAddressChange } from '../sage/customer-lookups';
import { customerSystems } from './systems';

export const WATERMARK_ACCOUNTS = 'customers.accounts';
export const WATERMARK_ADDRESSES = 'customers.addresses';
export const WATERMARK_CODES = 'customers.articleCodes';

export interface CustomerSyncStart {
  /** Where the account pages start (null: from the beginning). */
  accountsSince: string | null;
  /** Where the delivery-address pages start; null for a full run (it reads every address). */
  addressesSince: string | null;
  readAddresses: boolean;
  /** Highest F_LIVRAISON change at the start of a full run: the next incremental resumes there. */
  addressesMark: string | null;
  /** Incremental runs read the changed customer article codes too (F_ARTCLIENT customer rows). */
  readCodes: boolean;
  /** Where the article-code pages start (null: from the beginning). */
  codesSince: string | null;
  /** Highest F_ARTCLIENT customer-row change at the start of a full run. */
  codesMark: string | null;
  createsAllowed: boolean;
  newAccountEmail: NewAccountEmailState;
  /** Pages per workflow run before continue-as-new. */
  pagesPerRun: number;
}

export interface CustomerPageInput {
  since: string | null;
  after: ChangeKey | null;
  createsAllowed: boolean;
}

/** The page result of the customer sync, declared once in `shared/` (the workflow sums it). */
export type { CustomerPageResult } from '../../shared/customers/report';

/** A timestamp without zone minus a duration, in the same form (Sage's own clock). */
export function minus(timestamp: string, ms: number): string {
  const date = new Date(`${timestamp.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) return timestamp;
  return new Date(date.getTime() - ms).toISOString().slice(0, 23);
}

/** How often a customer activity tells Temporal it is alive (its heartbeat timeout is 20 s). */
const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Typed failures: business errors stop retries, the rest is left to Temporal's retry policy
 * (a 401/403 of the shop is a non-retryable `WooAuthError`). While it runs, the activity
 * heartbeats, so that the activity of a killed worker is retried within its heartbeat timeout
 * instead of its start-to-close timeout.
 */
export async function asActivity<T>(deps: ActivityDeps, work: () => Promise<T>): Promise<T> {
  const alive = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } catch (err) {
    if (err instanceof WooError) throw toActivityFailure(err, secretValues(deps.config));
    if (err instanceof SageDataError) {
      throw ApplicationFailure.nonRetryable(err.message, err.type);
    }
    throw err;
  } finally {
    clearInterval(alive);
  }
}

/**
 * Counts a page for the metrics endpoint: written accounts are `pushed`, accounts the shop
 * refused `failed`, the others left out with a report (bad e-mail, held back) `skipped`.
 */
function countCustomerPage(counts: CustomerCounts, reports: readonly CustomerReport[]): void {
  const failed = reports.filter((r) => r.problem === 'shop-rejected').length;
  countSyncPage('customers', {
    pushed: counts.created + counts.updated,
    unchanged: counts.unchanged,
    failed,
    skipped: Math.max(0, counts.skipped - failed),
  });
}

/**
 * The end of every customer page: the accounts reconciled with the shop, counted, and the
 * page's result (reports sampled; `before` are the page's own reports, e.g. Sage data issues).
 */
async function reconcilePage(
  sys: ReconcileSystems,
  customers: readonly Customer[],
  input: CustomerPageInput,
  page: { nextKey: ChangeKey | null; lastKey: ChangeKey | null },
  before: CustomerReport[] = [],
): Promise<CustomerPageResult> {
  const result = await reconcileAccounts(sys, customers, {
    createsAllowed: input.createsAllowed,
    skipUnchanged: true,
    rewriteSageOwned: true,
  });
  countCustomerPage(result.counts, result.reports);
  const reports = [...before, ...result.reports];
  return {
    counts: result.counts,
    reports: reports.slice(0, REPORT_SAMPLE),
    reportCount: reports.length,
    nextKey: page.nextKey,
    lastKey: page.lastKey,
  };
}

/** Activities of `customerSync` (Sage → shop); they run on the `sage` queue. */
export function createCustomerSyncActivities(deps: ActivityDeps) {
  const systems = customerSystems(deps);
  const config = deps.config.customers;
  const pageSize = config.pageSize;

  return {
    /** Reads the watermarks, forgets hashes on a forced run, checks the new-account e-mail. */
    async startCustomerSync(input: { mode: 'full' | 'incremental'; force?: boolean }) {
      return asActivity(deps, async (): Promise<CustomerSyncStart> => {
        const sys = await systems();
        if (input.force) await sys.state.clearHashes(CUSTOMER_KIND);
        const check = await checkNewAccountEmail(sys.woo, config.newAccountEmail);
        const overlap = durationToMs(config.changeOverlap);
        const full = input.mode === 'full';
        const accounts = full ? undefined : await sys.state.getWatermark(WATERMARK_ACCOUNTS);
        const addresses = full ? undefined : await sys.state.getWatermark(WATERMARK_ADDRESSES);
        const codes = full ? undefined : await sys.state.getWatermark(WATERMARK_CODES);
        return {
          accountsSince: accounts ? minus(accounts, overlap) : null,
          // Without an address watermark an incremental run starts with a full read of
          // accounts (which carries every address), so the address phase is not needed.
          readAddresses: !full && accounts !== undefined,
          addressesSince: addresses ? minus(addresses, overlap) : null,
          addressesMark:
            full || accounts === undefined ? await latestDeliveryAddressChange(sys.sage) : null,
          // Like the addresses: a run that reads every account carries every code.
          readCodes: !full && accounts !== undefined,
          codesSince: codes ? minus(codes, overlap) : null,
          codesMark: full || accounts === undefined ? await latestCodeChange(sys.sage) : null,
          pagesPerRun: config.pagesPerRun,
          createsAllowed: check.createsAllowed,
          newAccountEmail: check.state,
        };
      });
    },

    /** One page of accounts changed since the watermark, reconciled with the shop. */
    async syncCustomerPage(input: CustomerPageInput) {
      return asActivity(deps, async (): Promise<CustomerPageResult> => {
        const sys = await systems();
        const page = await readCustomersChangedSince(sys.sage, {
          since: input.since,
          after: input.after,
          limit: pageSize,
        });
        const sageIssues = page.issues.filter(isForOperator).map(sageIssue);
        await sys.snapshots.putReports(CUSTOMER_FLOW, sageIssues);
        return reconcilePage(sys, page.items, input, page, sageIssues);
      });
    },

    /**
     * One page of delivery addresses changed since the watermark (F_LIVRAISON is tracked apart
     * from F_COMPTET): their accounts are read whole and reconciled.
     */
    async syncDeliveryAddressPage(input: CustomerPageInput) {
      return asActivity(deps, async (): Promise<CustomerPageResult> => {
        const sys = await systems();
        const page = await readDeliveryAddressesChangedSince(sys.sage, {
          since: input.since,
          after: input.after,
          limit: pageSize,
        });
        const accounts = [...new Set(page.items.map((a) => a.customerAccount))];
        const { items } = await readCustomersByAccount(sys.sage, accounts);
        return reconcilePage(sys, items, input, page);
      });
    },

    /**
     * One page of customer article codes changed since the watermark (F_ARTCLIENT is tracked
     * apart from F_COMPTET): their accounts, and the members of the centrals among them, are
     * read whole and reconciled.
     */
    async syncArticleCodePage(input: CustomerPageInput) {
      return asActivity(deps, async (): Promise<CustomerPageResult> => {
        const sys = await systems();
        const page = await readCodeOwnersChangedSince(sys.sage, {
          since: input.since,
          after: input.after,
          limit: pageSize,
        });
        const { items } = await readCustomersByAccount(sys.sage, page.items);
        return reconcilePage(sys, items, input, page);
      });
    },

    /** Stores where the next incremental run starts; called only after every page succeeded. */
    async finishCustomerSync(input: {
      accounts: string | null;
      addresses: string | null;
      codes?: string | null;
    }) {
      return asActivity(deps, async () => {
        const sys = await systems();
        if (input.accounts) await sys.state.putWatermark(WATERMARK_ACCOUNTS, input.accounts);
        if (input.addresses) await sys.state.putWatermark(WATERMARK_ADDRESSES, input.addresses);
        if (input.codes) await sys.state.putWatermark(WATERMARK_CODES, input.codes);
      });
    },
  };
}

/** Issues of the Sage reader worth an operator's look (the no-depot case is reported by the merge). */
function isForOperator(issue: { problem: string }): boolean {
  return issue.problem !== 'postal-code-matches-no-depot';
}

function sageIssue(issue: { key: string; problem: string; detail?: string }): CustomerReport {
  return {
    key: issue.key,
    problem: 'sage-data',
    detail: issue.detail ? `${issue.problem}: ${issue.detail}` : issue.problem,
  };
}

export type CustomerSyncActivities = ReturnType<typeof createCustomerSyncActivities>;
