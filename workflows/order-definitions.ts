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
/** Look at the Sage chain now instead of at the next timer. */
export const refreshSignal = defineSignal('refresh');

export const orderStateQuery = defineQuery<OrderStatusView>('state');
