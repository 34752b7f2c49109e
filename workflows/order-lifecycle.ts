import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { OrderSageActivities, OrderWooActivities } from '../activities/orders/activities';
import { nextPollDelay } from '../shared/orders/backoff';
import {
  orderStateQuery,
  type OrderLifecycleInput,
  type OrderMemory,
  type OrderProblemView,
  type RetryOptions,
} from '../shared/orders/messages';
import { orderDetails, problemAttribute } from '../shared/orders/operator-view';
import {
  priceDifferencesNote,
  quoteRefusedReason,
  uncheckedPricesNote,
} from '../shared/orders/shop-notes';
import {
  isBeforeValidation,
  stageOf,
  stageRank,
  stateOfStage,
  type ChainStage,
} from '../shared/orders/stages';
import { OrderProblemTypes, OrderStates, type OrderState } from '../shared/orders/states';
import type { ChainProgress } from '../shared/orders/types';
import {
  OrderProblem,
  OrderState as StateAttribute,
  SageQuote,
  WooOrderNumber,
} from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';
import { OrderInbox, type Decision } from './order-inbox';

/**
 * Version marker of the Sage change feed (workflows/sage-change-feed.ts). From it on, each look
 * at the chain first records the quote → workflow link the feed reads when the import did not
 * (an order imported before: one `linkOrderQuote` activity, once), forgets earlier wake-ups BEFORE the look (a `refresh`
 * arriving during the look wakes the next wait; before, it was cleared after the look and a
 * change committed meanwhile waited for the next timer), and waits `changeFeed.safetyPollMs`
 * when the order started with the feed on. Runs replaying a history without the marker keep
 * the old commands.
 */
export const CHANGE_FEED_PATCH = 'sage-change-feed';

/**
 * Version marker of the stock push after import. From it on, the workflow asks for the push of
 * its quote's articles itself (`requestStockPush`, woo queue) once `importOrderQuote` returned,
 * instead of the import activity starting it while it holds one of the few Sage slots (the
 * burst regression of issue 16: docs/architecture.md, Flows). Runs replaying a history
 * without the marker keep the old commands (their import activity pushes).
 */
export const STOCK_PUSH_PATCH = 'stock-push-from-workflow';

// Transient failures (Sage or shop unavailable) retry for as long as it takes, with backoff;
// business failures are non-retryable and reach the workflow, which asks the operator.
const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' };
function activities(timeoutMs: number) {
  return {
    sage: proxyActivities<OrderSageActivities>({
      taskQueue: TASK_QUEUES.sage,
      startToCloseTimeout: timeoutMs,
      retry,
    }),
    woo: proxyActivities<OrderWooActivities>({
      taskQueue: TASK_QUEUES.woo,
      startToCloseTimeout: timeoutMs,
      retry,
    }),
  };
}

/**
 * One web order, from the webhook to the invoice (docs/architecture.md, Flows): import as a
 * Sage quote, then follow the Sage document chain (order → picking → delivery → invoice),
 * showing each stage on the shop order, and finally attach the invoice PDF and complete the
 * order. It may wait days: between looks at Sage it sleeps on a durable timer that grows while
 * nothing changes, or, when the Sage change feed is on, a long safety timer: the feed signals
 * `refresh` as soon as the quote's chain changes.
 * Business problems put it in `waiting-operator` until a `retry`, `skip` or `cancel` signal.
 */
export async function orderLifecycle(input: OrderLifecycleInput): Promise<string> {
  const order = new OrderRun(input);
  const imported = await order.importQuoteOnce();
  if (imported.kind === 'ended') return imported.outcome;
  return order.followChain(imported.value);
}

/**
 * How a step came out: `next` carries on with its value; `ended` closes the workflow with its
 * outcome (skipped or cancelled by the operator, cancelled in the shop, invoice delivered…).
 */
type Step<T = void> = { kind: 'next'; value: T } | { kind: 'ended'; outcome: string };
const next = <T>(value: T): Step<T> => ({ kind: 'next', value });
const ended = (outcome: string): Step<never> => ({ kind: 'ended', outcome });

/** One run of `orderLifecycle`: what it remembers and shows, and its steps. */
class OrderRun {
  private readonly sage: ReturnType<typeof activities>['sage'];
  private readonly woo: ReturnType<typeof activities>['woo'];
  private readonly memory: OrderMemory;
  private readonly inbox: OrderInbox;
  private state: OrderState;
  private problem: OrderProblemView | null = null;
  private outcome: string | null = null;

  constructor(private readonly input: OrderLifecycleInput) {
    ({ sage: this.sage, woo: this.woo } = activities(input.settings.activityTimeoutMs));
    this.memory = input.resume ?? {
      quote: null,
      stage: null,
      progress: null,
      unchangedLooks: 0,
      priceDifferences: [],
      priceCheckDone: false,
    };
    this.state = this.memory.stage ? stateOfStage(this.memory.stage) : OrderStates.importing;
    const { orderId, orderNumber } = input;
    setHandler(orderStateQuery, () => ({
      ...this.memory,
      state: this.state,
      orderId,
      orderNumber,
      problem: this.problem,
      outcome: this.outcome,
    }));
    this.inbox = new OrderInbox();
    upsertSearchAttributes([
      { key: WooOrderNumber, value: orderNumber },
      { key: StateAttribute, value: this.state },
      ...(this.memory.quote ? [{ key: SageQuote, value: this.memory.quote }] : []),
    ]);
    this.showDetails();
  }

  /** The quote of the order: imported now unless a previous run (continue-as-new) did. */
  async importQuoteOnce(): Promise<Step<string>> {
    if (!this.memory.quote) {
      const imported = await this.importQuote();
      if (imported.kind === 'ended') return imported;
    }
    return next(this.memory.quote as string);
  }

  /** Looks at the Sage chain, shows what moved on, waits for news; again until the order ends. */
  async followChain(quote: string): Promise<string> {
    for (;;) {
      const feedAware = patched(CHANGE_FEED_PATCH);
      if (feedAware) await this.beforeFeedAwareLook(quote);
      const looked = await this.lookAtChain(quote);
      if (looked.kind === 'ended') return looked.outcome;
      if (looked.value === 'look-again') continue;
      await this.continueAsNewIfSuggested();
      const waited = await this.waitForNews(feedAware);
      if (waited.kind === 'ended') return waited.outcome;
    }
  }

  // --- Import ---------------------------------------------------------------------------------

  private async importQuote(): Promise<Step> {
    const { orderId, orderNumber } = this.input;
    // Decided once, before the import is first scheduled (a marker, or none when replaying an
    // older history), and kept across the operator's retries.
    const stockPushByWorkflow = patched(STOCK_PUSH_PATCH);
    // Read again on every retry: the operator may have fixed the order or its customer.
    const imported = await this.withOperator('import', async (options) => {
      const order = await this.woo.readShopOrder({ orderId });
      this.memory.customer = order.sageAccount || `shop #${order.customerId}, no Sage account`;
      this.showDetails();
      return this.sage.importOrderQuote.executeWithOptions(
        { summary: `Import order ${orderNumber} (${this.memory.customer}) as a Sage quote` },
        [
          {
            order,
            acceptPriceDifferences: options.acceptPriceDifferences,
            ...(stockPushByWorkflow ? { stockPushByWorkflow } : {}),
          },
        ],
      );
    });
    if (imported.kind === 'ended') return imported;
    const result = imported.value;
    // The quote's units leave the shop's available stock: the push of its articles, asked for
    // now that the Sage slot is free (absent references: an older worker pushed already).
    if (stockPushByWorkflow && result.stockReferences && result.stockReferences.length > 0) {
      await this.woo.requestStockPush({
        quote: result.quote,
        event: 'import',
        references: result.stockReferences,
      });
    }
    this.memory.quote = result.quote;
    // Linked by the import itself (workers of the change feed's version); else at the next look.
    if (result.linked) this.memory.quoteLinked = true;
    this.memory.priceDifferences = result.priceDifferences;
    this.memory.priceCheckDone = result.priceCheckDone;
    upsertSearchAttributes([{ key: SageQuote, value: result.quote }]);
    this.showDetails();
    if (result.priceCheckProblem) {
      await this.woo.noteShopOrder({
        orderId,
        note: uncheckedPricesNote(result.quote, result.priceCheckProblem),
      });
    }
    if (result.priceDifferences.length > 0) {
      await this.woo.noteShopOrder({
        orderId,
        note: priceDifferencesNote(result.quote, result.priceDifferences),
      });
    }
    return next(undefined);
  }

  // --- The Sage chain ---------------------------------------------------------------------------

  /** With the change feed: forget earlier wake-ups, record the quote → workflow link once. */
  private async beforeFeedAwareLook(quote: string): Promise<void> {
    this.inbox.wake = false;
    if (!this.memory.quoteLinked) {
      await this.sage.linkOrderQuote({ quote, workflowId: workflowInfo().workflowId });
      this.memory.quoteLinked = true;
    }
  }

  /**
   * One look at the chain: a shop cancellation first, then the documents; shows a stage the
   * order reached (or the current one again when asked). `look-again` when the operator
   * retried a missing quote: the next look follows at once, without waiting.
   */
  private async lookAtChain(quote: string): Promise<Step<'looked' | 'look-again'>> {
    if (this.inbox.shopCancelled) {
      const cancelled = await this.onShopCancelled();
      // An empty outcome reads as "keep following" here, as it always has (a `skip ""` too).
      if (cancelled.kind === 'ended' && cancelled.outcome) return cancelled;
    }
    const reshow = this.inbox.takeReshow();
    const progress = await this.sage.orderChainProgress({ quote });
    if (progress.quoteLost) {
      await this.woo.cancelShopOrder({
        orderId: this.input.orderId,
        reason: quoteRefusedReason(quote),
      });
      return ended(this.finish(OrderStates.cancelled, `quote ${quote} refused in Sage`));
    }
    if (!progress.quoteFound) {
      const asked = await this.askOperator({
        type: OrderProblemTypes.quoteMissing,
        message: `quote ${quote} is no longer in Sage`,
        step: 'chain',
      });
      return asked.kind === 'ended' ? asked : next('look-again');
    }
    const stage = stageOf(progress);
    this.memory.progress = progress;
    if (stageRank(stage) > stageRank(this.memory.stage)) {
      const shown = await this.showStage(stage, progress);
      if (shown.kind === 'ended') return shown;
      this.memory.stage = stage;
      this.memory.unchangedLooks = 0;
    } else {
      // The same stage shown again: the shop status was changed by hand (idempotent writes).
      if (reshow && stage === this.memory.stage && stage !== 'invoiced') {
        const shown = await this.showStage(stage, progress);
        if (shown.kind === 'ended') return shown;
      }
      this.memory.unchangedLooks += 1;
    }
    return next('looked');
  }

  /** Shows a stage on the shop order; the invoiced stage delivers the invoice and ends. */
  private async showStage(stage: ChainStage, progress: ChainProgress): Promise<Step> {
    if (stage === 'invoiced') return this.deliverInvoice(progress.invoice as string);
    const { orderId } = this.input;
    const shown = await this.withOperator('chain', () =>
      this.woo.showOrderStage({ orderId, stage, progress }),
    );
    if (shown.kind === 'ended') return shown;
    this.setState(stateOfStage(stage));
    return next(undefined);
  }

  private async deliverInvoice(invoice: string): Promise<Step> {
    const { orderId, orderNumber } = this.input;
    this.setState(OrderStates.invoiced);
    const delivered = await this.withOperator('invoice', async () => {
      const source = await this.sage.orderInvoiceSource.executeWithOptions(
        { summary: `Invoice ${invoice} of order ${orderNumber}: PDF source` },
        [{ invoice }],
      );
      return this.woo.deliverOrderInvoice.executeWithOptions(
        { summary: `Attach invoice ${invoice} to shop order ${orderNumber}` },
        [{ orderId, invoice, source }],
      );
    });
    if (delivered.kind === 'ended') return delivered;
    return ended(this.finish(OrderStates.completed, `invoice ${invoice} delivered`));
  }

  /** Only with nothing pending: a signal's flag lives in this run, not in `memory`. */
  private async continueAsNewIfSuggested(): Promise<void> {
    if (
      workflowInfo().continueAsNewSuggested &&
      !this.inbox.shopCancelled &&
      this.inbox.decision === null
    ) {
      await continueAsNew<typeof orderLifecycle>({ ...this.input, resume: this.memory });
    }
  }

  /**
   * Sleeps until a signal or the timer (the growing poll, or the change feed's safety poll);
   * a `skip` or `cancel` meanwhile ends the order, a `retry` only wakes it.
   */
  private async waitForNews(feedAware: boolean): Promise<Step> {
    const { settings } = this.input;
    if (!feedAware) this.inbox.wake = false;
    await condition(
      () => this.inbox.hasNews(),
      feedAware && settings.changeFeed
        ? settings.changeFeed.safetyPollMs
        : nextPollDelay(this.memory.unchangedLooks, {
            initialMs: settings.pollInitialMs,
            maxMs: settings.pollMaxMs,
            factor: settings.pollFactor,
          }),
    );
    const pending = this.inbox.takeDecision();
    if (pending === null || pending.kind === 'retry') return next(undefined);
    if (pending.kind === 'skip') return ended(this.finish(OrderStates.skipped, pending.reason));
    return ended(await this.cancelOrder(pending.reason));
  }

  // --- The operator and cancellations -----------------------------------------------------------

  /** Runs a step; a business failure asks the operator, and `retry` runs the step again. */
  private async withOperator<T>(
    step: string,
    run: (options: RetryOptions) => Promise<T>,
  ): Promise<Step<T>> {
    let options: RetryOptions = {};
    for (;;) {
      try {
        return next(await run(options));
      } catch (err) {
        const failure = businessFailureOf(err);
        if (!failure) throw err;
        const asked = await this.askOperator({
          type: failure.type ?? 'Error',
          message: failure.message,
          step,
        });
        if (asked.kind === 'ended') return asked;
        options = asked.value;
      }
    }
  }

  /**
   * Shows a business problem as `waiting-operator` until the operator decides: the retry
   * options, or the order ends (skip, cancel, or a shop cancellation meanwhile).
   */
  private async askOperator(found: OrderProblemView): Promise<Step<RetryOptions>> {
    const before = this.state;
    this.problem = found;
    this.inbox.decision = null;
    this.setState(OrderStates.waitingOperator);
    await condition(() => this.inbox.decision !== null || this.inbox.shopCancelled);
    const made = this.inbox.takeDecision();
    this.problem = null;
    this.showDetails();
    if (made === null) {
      // The order ends here even when the operator then chose `retry` (empty outcome), as it
      // always has: following on would change the commands of running orders.
      const cancelled = await this.onShopCancelled();
      return ended(cancelled.kind === 'ended' ? cancelled.outcome : '');
    }
    if (made.kind === 'skip') return ended(this.finish(OrderStates.skipped, made.reason));
    if (made.kind === 'cancel') return ended(await this.cancelOrder(made.reason));
    this.setState(before);
    return next(made.options);
  }

  /** The shop cancelled the order: before validation the quote goes, after it a human decides. */
  private async onShopCancelled(): Promise<Step> {
    this.inbox.shopCancelled = false;
    const { quote, stage } = this.memory;
    if (!quote)
      return ended(this.finish(OrderStates.cancelled, 'cancelled in the shop before import'));
    if (isBeforeValidation(stage)) {
      const result = await this.sage.cancelOrderQuote({
        quote,
        mode: this.input.settings.cancelBeforeValidation,
      });
      if (result !== 'moved-on') {
        return ended(
          this.finish(OrderStates.cancelled, `cancelled in the shop; quote ${quote} ${result}`),
        );
      }
    }
    return this.askAboutLateCancellation();
  }

  /** Sage already holds an order: the operator chooses (retry = keep following the chain). */
  private async askAboutLateCancellation(): Promise<Step> {
    this.inbox.decision = null;
    this.setState(OrderStates.waitingCancelledAfterValidation);
    this.problem = {
      type: 'CancelledAfterValidation',
      message: `the shop cancelled order ${this.input.orderNumber} but Sage already validated it`,
      step: 'chain',
    };
    this.showDetails();
    await condition(() => this.inbox.decision !== null);
    const made = this.inbox.takeDecision() as Decision;
    this.problem = null;
    this.showDetails();
    if (made.kind === 'skip') return ended(this.finish(OrderStates.skipped, made.reason));
    if (made.kind === 'cancel') return ended(this.finish(OrderStates.cancelled, made.reason));
    return next(undefined);
  }

  /** The operator's `cancel`: the quote marked or deleted as configured, the shop order cancelled. */
  private async cancelOrder(reason: string): Promise<string> {
    const { quote } = this.memory;
    if (quote) {
      const result = await this.sage.cancelOrderQuote({
        quote,
        mode: this.input.settings.cancelBeforeValidation,
      });
      reason = `${reason} (quote ${quote}: ${result})`;
    }
    await this.woo.cancelShopOrder({ orderId: this.input.orderId, reason });
    return this.finish(OrderStates.cancelled, reason);
  }

  // --- What the order shows ---------------------------------------------------------------------

  private finish(final: OrderState, why: string): string {
    this.outcome = why;
    this.setState(final);
    return why;
  }

  private setState(to: OrderState): void {
    this.state = to;
    // Same command as before the problem column existed (one upsert): replays unchanged.
    upsertSearchAttributes([
      { key: StateAttribute, value: to },
      { key: OrderProblem, value: problemAttribute(this.problem) },
    ]);
    this.showDetails();
  }

  /**
   * Current details (Temporal UI, `__temporal_workflow_metadata` query): what the order is
   * doing, its problem and the commands to resume it. Not a command: replays unchanged.
   */
  private showDetails(): void {
    const { orderNumber } = this.input;
    const { quote, customer } = this.memory;
    const { state, problem, outcome } = this;
    setCurrentDetails(
      orderDetails(
        { orderNumber, state, problem, outcome, quote, customer },
        workflowInfo().workflowId,
      ),
    );
  }
}

/** The non-retryable application failure behind an activity failure, if that is what it is. */
function businessFailureOf(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}
