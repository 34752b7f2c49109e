import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChainStage } from './stages';
import type { OrderState } from './states';
import type { ChainProgress, PriceDifference } from './types';

/**
 * Messages of the order workflow (workflows/order-lifecycle.ts): its input and memory, the view
 * its `state` query answers, its signals. Shared so that clients and activities (webhook
 * intake, CLI, change feed, drift heal, tests) reach it without importing anything from
 * workflows/. `defineSignal` / `defineQuery` only build plain `{ type, name }` objects: they
 * are safe outside a workflow.
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
