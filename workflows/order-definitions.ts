import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChainStage } from '../shared/orders/stages';
import type { OrderState } from '../shared/orders/states';
import type { ChainProgress, PriceDifference } from '../shared/orders/types';

/**
 * Messages of the order workflow, importable by clients (webhook intake, CLI, tests) without
 * pulling the workflow itself.
 */

export interface OrderLifecycleSettings {
  /** First wait before looking at the Sage chain again; grows by `pollFactor` up to the max. */
  pollInitialMs: number;
  pollMaxMs: number;
  pollFactor: number;
  /**
   * Set when the Sage change feed was on as the order started: the feed signals `refresh` on
   * every change of the quote's chain, so the workflow's own look is only a safety net every
   * `safetyPollMs` instead of the `poll*` backoff. Absent in orders started before the feed.
   */
  changeFeed?: { safetyPollMs: number };
  cancelBeforeValidation: 'mark' | 'delete';
  /** Start-to-close timeout of each activity (a crashed worker's activity reruns after it). */
  activityTimeoutMs: number;
}

export interface OrderLifecycleInput {
  shopId: string;
  orderId: number;
  orderNumber: string;
  settings: OrderLifecycleSettings;
  /** Carried over by continue-as-new. */
  resume?: OrderMemory;
}

/** What the workflow remembers between looks at the chain (a few hundred bytes). */
export interface OrderMemory {
  quote: string | null;
  stage: ChainStage | null;
  progress: ChainProgress | null;
  unchangedLooks: number;
  priceDifferences: PriceDifference[];
  priceCheckDone: boolean;
  /** Who ordered: the Sage account, or `shop customer N` when unmapped (absent in old runs). */
  customer?: string;
  /** The quote → workflow link of the change feed is recorded (absent in old runs). */
  quoteLinked?: boolean;
}

export interface OrderProblemView {
  type: string;
  message: string;
  /** What the workflow was doing: import, invoice, chain, cancel. */
  step: string;
}

export interface OrderStatusView extends OrderMemory {
  state: OrderState;
  orderId: number;
  orderNumber: string;
  problem: OrderProblemView | null;
  /** Set once the workflow ended: why. */
  outcome: string | null;
}

export interface RetryOptions {
  /** Import the order although its prices differ from Sage's (blocking price check). */
  acceptPriceDifferences?: boolean;
}

/** Operator: try the failed step again (after fixing the data). */
export const retrySignal = defineSignal<[RetryOptions?]>('retry');
/** Operator: leave the order to humans; the workflow ends without touching anything else. */
export const skipSignal = defineSignal<[string?]>('skip');
/** Operator: cancel the web order (quote marked or deleted as configured, shop order cancelled). */
export const cancelSignal = defineSignal<[string?]>('cancel');
/** Intake: the shop order changed (e.g. cancelled in the shop). */
export const shopOrderChangedSignal = defineSignal<[{ status: string }]>('shopOrderChanged');
/**
 * Look at the Sage chain now instead of at the next timer. `reshow`: also show the current stage
 * on the shop order again (status, meta, note), e.g. after its status was changed by hand.
 */
export const refreshSignal = defineSignal<[RefreshOptions?]>('refresh');
export interface RefreshOptions {
  reshow?: boolean;
  /** The Sage pieces whose change prompted the look (the change feed), for the record. */
  pieces?: string[];
  /** Who asked: `sage-change-feed`, the drift heal… */
  source?: string;
}

export const orderStateQuery = defineQuery<OrderStatusView>('state');

/**
 * The exact commands that resolve an order waiting for an operator (README "Orders"): `retry`
 * once the data is fixed (with the price differences accepted for a `PriceMismatch`), `skip`
 * to leave it to humans, `cancel` to cancel it. Pure, so the workflow and the CLI share it.
 */
export function orderResumeCommands(workflowId: string, problemType?: string): string[] {
  const signal = (name: string, input?: string) =>
    `temporal workflow signal --workflow-id ${workflowId} --name ${name}` +
    (input === undefined ? '' : ` --input '${input}'`);
  return [
    signal('retry'),
    ...(problemType === 'PriceMismatch'
      ? [signal('retry', JSON.stringify({ acceptPriceDifferences: true }))]
      : []),
    signal('skip', JSON.stringify('handled by hand')),
    signal('cancel', JSON.stringify('reason')),
  ];
}

/** What an order view needs to be told in one line (query view, or what the workflow holds). */
export type OrderHeadlineInput = Pick<
  OrderStatusView,
  'orderNumber' | 'state' | 'problem' | 'outcome' | 'quote' | 'customer'
>;

/**
 * One line for the Temporal UI and the CLI, e.g. `Order 1234 — customer CL00012 — waiting for
 * operator: SKU HYD-00042 "Joint torique 12 mm" matches no Sage article [UnknownSku, import]`.
 */
export function orderHeadline(view: OrderHeadlineInput): string {
  const parts = [`Order ${view.orderNumber}`];
  if (view.customer) parts.push(`customer ${view.customer}`);
  if (view.quote) parts.push(`quote ${view.quote}`);
  if (view.problem) {
    const what = view.state === 'waiting-operator' ? 'waiting for operator' : `${view.state}`;
    parts.push(`${what}: ${view.problem.message} [${view.problem.type}, ${view.problem.step}]`);
  } else if (view.outcome) {
    parts.push(`${view.state}: ${view.outcome}`);
  } else {
    parts.push(view.state);
  }
  return parts.join(' — ');
}

/**
 * The workflow's current details (Temporal markdown): the headline and, while it waits for an
 * operator, the exact commands to resume it.
 */
export function orderDetails(view: OrderHeadlineInput, workflowId: string): string {
  const lines = [orderHeadline(view)];
  if (view.problem) {
    lines.push(
      '',
      'Fix the data, then resume (or skip / cancel):',
      '',
      ...orderResumeCommands(workflowId, view.problem.type).map((c) => `    ${c}`),
    );
  }
  return lines.join('\n');
}

/** Longest `OrderProblem` value: a list column, not a report (the details carry it all). */
const PROBLEM_ATTRIBUTE_MAX = 160;

/**
 * The `OrderProblem` search attribute of an order waiting for an operator
 * (`UnknownSku: SKU HYD-00042 … [import]`), null (unset) otherwise.
 */
export function problemAttribute(problem: OrderProblemView | null): string | null {
  if (!problem) return null;
  const text = `${problem.type}: ${problem.message} [${problem.step}]`.replace(/\s+/g, ' ');
  // By code points: a cut never splits a surrogate pair.
  const chars = [...text];
  return chars.length <= PROBLEM_ATTRIBUTE_MAX
    ? text
    : `${chars.slice(0, PROBLEM_ATTRIBUTE_MAX - 1).join('')}…`;
}
