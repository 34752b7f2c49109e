import { setHandler } from '@temporalio/workflow';
import {
  cancelSignal,
  refreshSignal,
  retrySignal,
  shopOrderChangedSignal,
  skipSignal,
  type RetryOptions,
} from '../shared/orders/messages';

/** The operator's word on an order (signals `retry`, `skip`, `cancel`). */
export type Decision =
  | { kind: 'retry'; options: RetryOptions }
  | { kind: 'skip'; reason: string }
  | { kind: 'cancel'; reason: string };

/**
 * What the signals of `orderLifecycle` left for it to act on: set by the handlers (registered
 * on construction), read and taken by the workflow's steps.
 */
export class OrderInbox {
  /** The operator's last word (`retry`, `skip`, `cancel`). */
  decision: Decision | null = null;
  /** The shop cancelled the order (intake only signals cancellations). */
  shopCancelled = false;
  /** Look at the chain now rather than at the end of the wait. */
  wake = false;
  /**
   * Show the current stage again at the next look: set only by a `refresh` carrying `reshow`
   * (the drift reconciliation's heal), which runs before it existed never received, so their
   * replay takes the same path.
   */
  reshow = false;

  constructor() {
    setHandler(retrySignal, (options) => {
      this.decision = { kind: 'retry', options: options ?? {} };
      this.wake = true;
    });
    setHandler(skipSignal, (reason) => {
      this.decision = { kind: 'skip', reason: reason ?? 'skipped by operator' };
    });
    setHandler(cancelSignal, (reason) => {
      this.decision = { kind: 'cancel', reason: reason ?? 'cancelled by operator' };
    });
    setHandler(shopOrderChangedSignal, ({ status }) => {
      // The status is kept for the record only.
      if (status) this.shopCancelled = true;
      this.wake = true;
    });
    setHandler(refreshSignal, (options) => {
      if (options?.reshow) this.reshow = true;
      this.wake = true;
    });
  }

  takeDecision(): Decision | null {
    const made = this.decision;
    this.decision = null;
    return made;
  }

  takeReshow(): boolean {
    const reshow = this.reshow;
    this.reshow = false;
    return reshow;
  }

  hasNews(): boolean {
    return this.wake || this.shopCancelled || this.decision !== null;
  }
}
