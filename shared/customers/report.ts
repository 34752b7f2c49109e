import { addCounts as addPageCounts } from '../runs/page-counts';
import type { ChangeKey } from '../sage/types';

/**
 * What the customer flows report to the operator: one line per account and reason. Reports are
 * kept in the state store and a sample travels in the workflow result (never whole pages).
 */
export type CustomerProblem =
  | 'missing-email'
  | 'invalid-email'
  | 'duplicate-email'
  /** The shop customer holding this e-mail is linked to another Sage account. */
  | 'email-linked-to-other-account'
  | 'postal-code-matches-no-depot'
  | 'shop-rejected'
  | 'sage-rejected'
  | 'conflict'
  /** A shop customer with no Sage account: customers are never created in Sage. */
  | 'no-sage-account'
  | 'unknown-sage-account'
  /** Two shop customers carry the same Sage account: neither is trusted until one is fixed. */
  | 'account-claimed-twice'
  /** The shop would send its "new account" e-mail: creation held back. */
  | 'new-account-email-enabled'
  | 'sage-data'
  /**
   * Shop → Sage: a customer's edit failed for good (a non-retryable failure, its type and message
   * in the detail) and was given up; key `woo:<id>`, or `poll` for the polling fallback.
   */
  | 'edit-failed'
  /**
   * Shop → Sage: the write guard refused one field of an edit (too long, not representable in
   * the Sage code page, empty value not clearable); Sage kept its value, the other fields were
   * written. One report per field; the detail starts with the field (`customer.email: …`).
   */
  | 'sage-value-refused';

export interface CustomerReport {
  /** Sage account, or `woo:<id>` for a shop customer without one. */
  key: string;
  problem: CustomerProblem;
  detail?: string;
}

/** Counts an activity returns to its workflow. */
export interface CustomerCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  linkedByEmail: number;
  skipped: number;
  sageUpdated: number;
  deliveryAddressesAdded: number;
  conflicts: number;
  writeRequests: number;
}

export function emptyCounts(): CustomerCounts {
  return {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    linkedByEmail: 0,
    skipped: 0,
    sageUpdated: 0,
    deliveryAddressesAdded: 0,
    conflicts: 0,
    writeRequests: 0,
  };
}

export function addCounts(a: CustomerCounts, b: CustomerCounts): CustomerCounts {
  return addPageCounts(emptyCounts, a, b);
}

/** What one page of the customer sync did (accounts, delivery addresses or article codes). */
export interface CustomerPageResult {
  counts: CustomerCounts;
  /** The first reports of the page (all of them are in the state store). */
  reports: CustomerReport[];
  reportCount: number;
  /** Pass as `after` to read the next page; null when this page was the last of its phase. */
  nextKey: ChangeKey | null;
  /** Highest key read on this page: the phase's watermark moves to it. */
  lastKey: ChangeKey | null;
}

/** Largest sample of reports carried in workflow state and results. */
export const REPORT_SAMPLE = 50;

export function appendSample(
  sample: readonly CustomerReport[],
  more: readonly CustomerReport[],
): CustomerReport[] {
  return [...sample, ...more].slice(0, REPORT_SAMPLE);
}
