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
import {
  cancelSignal,
  orderDetails,
  problemAttribute,
  orderStateQuery,
  refreshSignal,
  retrySignal,
  shopOrderChangedSignal,
  skipSignal,
  type OrderLifecycleInput,
  type OrderMemory,
  type OrderProblemView,
  type RetryOptions,
} from './order-definitions';

export * from './order-definitions';

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

type Decision =
  | { kind: 'retry'; options: RetryOptions }
  | { kind: 'skip'; reason: string }
  | { kind: 'cancel'; reason: string };

/** Ends the workflow from inside a step (skip / cancel), carrying the outcome. */
class Ended extends Error {
  constructor(readonly outcome: string) {
    super(outcome);
  }
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
  const { orderId, orderNumber, settings } = input;
  const { sage, woo } = activities(settings.activityTimeoutMs);
  const memory: OrderMemory = input.resume ?? {
    quote: null,
    stage: null,
    progress: null,
    unchangedLooks: 0,
    priceDifferences: [],
    priceCheckDone: false,
  };
  let state: OrderState = memory.stage ? stateOfStage(memory.stage) : OrderStates.importing;
  let problem: OrderProblemView | null = null;
  let outcome: string | null = null;
  let decision: Decision | null = null;
  let shopCancelled = false;
  let wake = false;

  setHandler(orderStateQuery, () => ({ ...memory, state, orderId, orderNumber, problem, outcome }));
  setHandler(retrySignal, (options) => {
    decision = { kind: 'retry', options: options ?? {} };
    wake = true;
  });
  setHandler(skipSignal, (reason) => {
    decision = { kind: 'skip', reason: reason ?? 'skipped by operator' };
  });
  setHandler(cancelSignal, (reason) => {
    decision = { kind: 'cancel', reason: reason ?? 'cancelled by operator' };
  });
  setHandler(shopOrderChangedSignal, ({ status }) => {
    // Intake only signals cancellations; the status is kept for the record.
    if (status) shopCancelled = true;
    wake = true;
  });
  // Set only by a `refresh` carrying `reshow` (the drift reconciliation's heal), which runs
  // before it existed never received: their replay takes the same path.
  let reshow = false;
  setHandler(refreshSignal, (options) => {
    if (options?.reshow) reshow = true;
    wake = true;
  });

  // Current details (Temporal UI, `__temporal_workflow_metadata` query): what the order is
  // doing, its problem and the commands to resume it. Not a command: replays unchanged.
  const showDetails = () =>
    setCurrentDetails(
      orderDetails(
        { orderNumber, state, problem, outcome, quote: memory.quote, customer: memory.customer },
        workflowInfo().workflowId,
      ),
    );
  const setState = (next: OrderState) => {
    state = next;
    // Same command as before the problem column existed (one upsert): replays unchanged.
    upsertSearchAttributes([
      { key: StateAttribute, value: next },
      { key: OrderProblem, value: problemAttribute(problem) },
    ]);
    showDetails();
  };
  upsertSearchAttributes([
    { key: WooOrderNumber, value: orderNumber },
    { key: StateAttribute, value: state },
    ...(memory.quote ? [{ key: SageQuote, value: memory.quote }] : []),
  ]);
  showDetails();

  /**
   * Shows a business problem as `waiting-operator` until the operator decides: returns the
   * retry options, or ends the workflow (skip, cancel, or a shop cancellation meanwhile).
   */
  async function askOperator(found: OrderProblemView): Promise<RetryOptions> {
    const before = state;
    problem = found;
    decision = null;
    setState(OrderStates.waitingOperator);
    await condition(() => decision !== null || shopCancelled);
    const made = decision as Decision | null;
    decision = null;
    problem = null;
    showDetails();
    if (made === null) throw new Ended(await onShopCancelled());
    if (made.kind === 'skip') throw new Ended(finish(OrderStates.skipped, made.reason));
    if (made.kind === 'cancel') throw new Ended(await cancelOrder(made.reason));
    setState(before);
    return made.options;
  }

  /** Runs a step; a business failure asks the operator, and `retry` runs the step again. */
  async function withOperator<T>(
    step: string,
    run: (options: RetryOptions) => Promise<T>,
  ): Promise<T> {
    let options: RetryOptions = {};
    for (;;) {
      try {
        return await run(options);
      } catch (err) {
        const failure = businessFailureOf(err);
        if (!failure) throw err;
        options = await askOperator({
          type: failure.type ?? 'Error',
          message: failure.message,
          step,
        });
      }
    }
  }

  function finish(final: OrderState, why: string): string {
    outcome = why;
    setState(final);
    return why;
  }

  async function cancelOrder(reason: string): Promise<string> {
    if (memory.quote) {
      const result = await sage.cancelOrderQuote({
        quote: memory.quote,
        mode: settings.cancelBeforeValidation,
      });
      reason = `${reason} (quote ${memory.quote}: ${result})`;
    }
    await woo.cancelShopOrder({ orderId, reason });
    return finish(OrderStates.cancelled, reason);
  }

  /** The shop cancelled the order: before validation the quote goes, after it a human decides. */
  async function onShopCancelled(): Promise<string> {
    shopCancelled = false;
    if (!memory.quote) return finish(OrderStates.cancelled, 'cancelled in the shop before import');
    if (isBeforeValidation(memory.stage)) {
      const result = await sage.cancelOrderQuote({
        quote: memory.quote,
        mode: settings.cancelBeforeValidation,
      });
      if (result !== 'moved-on') {
        return finish(
          OrderStates.cancelled,
          `cancelled in the shop; quote ${memory.quote} ${result}`,
        );
      }
    }
    // Sage already holds an order: the operator chooses (retry = keep following the chain).
    decision = null;
    setState(OrderStates.waitingCancelledAfterValidation);
    problem = {
      type: 'CancelledAfterValidation',
      message: `the shop cancelled order ${orderNumber} but Sage already validated it`,
      step: 'chain',
    };
    showDetails();
    await condition(() => decision !== null);
    const made = decision as unknown as Decision;
    decision = null;
    problem = null;
    showDetails();
    if (made.kind === 'skip') return finish(OrderStates.skipped, made.reason);
    if (made.kind === 'cancel') return finish(OrderStates.cancelled, made.reason);
    return '';
  }

  async function importQuote(): Promise<void> {
    // Read again on every retry: the operator may have fixed the order or its customer.
    const result = await withOperator('import', async (options) => {
      const order = await woo.readShopOrder({ orderId });
      memory.customer = order.sageAccount || `shop #${order.customerId}, no Sage account`;
      showDetails();
      return sage.importOrderQuote.executeWithOptions(
        { summary: `Import order ${orderNumber} (${memory.customer}) as a Sage quote` },
        [{ order, acceptPriceDifferences: options.acceptPriceDifferences }],
      );
    });
    memory.quote = result.quote;
    // Linked by the import itself (workers of the change feed's version); else at the next look.
    if (result.linked) memory.quoteLinked = true;
    memory.priceDifferences = result.priceDifferences;
    memory.priceCheckDone = result.priceCheckDone;
    upsertSearchAttributes([{ key: SageQuote, value: result.quote }]);
    showDetails();
    if (result.priceCheckProblem) {
      await woo.noteShopOrder({
        orderId,
        note: `Prix non contrôlés pour le devis ${result.quote} (${result.priceCheckProblem}).`,
      });
    }
    if (result.priceDifferences.length > 0) {
      await woo.noteShopOrder({
        orderId,
        note:
          `Écarts de prix avec Sage sur le devis ${result.quote} : ` +
          result.priceDifferences
            .map((d) => `${d.sku} web ${d.webPrice} / Sage ${d.sagePrice}`)
            .join(', '),
      });
    }
  }

  async function show(stage: ChainStage, progress: ChainProgress): Promise<string | null> {
    if (stage === 'invoiced') {
      setState(OrderStates.invoiced);
      const invoice = progress.invoice as string;
      await withOperator('invoice', async () => {
        const source = await sage.orderInvoiceSource.executeWithOptions(
          { summary: `Invoice ${invoice} of order ${orderNumber}: PDF source` },
          [{ invoice }],
        );
        return woo.deliverOrderInvoice.executeWithOptions(
          { summary: `Attach invoice ${invoice} to shop order ${orderNumber}` },
          [{ orderId, invoice, source }],
        );
      });
      return finish(OrderStates.completed, `invoice ${invoice} delivered`);
    }
    await withOperator('chain', () => woo.showOrderStage({ orderId, stage, progress }));
    setState(stateOfStage(stage));
    return null;
  }

  try {
    if (!memory.quote) await importQuote();
    const quote = memory.quote as string;
    for (;;) {
      const feedAware = patched(CHANGE_FEED_PATCH);
      if (feedAware) {
        wake = false;
        if (!memory.quoteLinked) {
          await sage.linkOrderQuote({ quote, workflowId: workflowInfo().workflowId });
          memory.quoteLinked = true;
        }
      }
      if (shopCancelled) {
        const ended = await onShopCancelled();
        if (ended) return ended;
      }
      const reshowNow = reshow;
      reshow = false;
      const progress = await sage.orderChainProgress({ quote });
      if (progress.quoteLost) {
        await woo.cancelShopOrder({ orderId, reason: `devis ${quote} refusé dans Sage` });
        return finish(OrderStates.cancelled, `quote ${quote} refused in Sage`);
      }
      if (!progress.quoteFound) {
        await askOperator({
          type: OrderProblemTypes.quoteMissing,
          message: `quote ${quote} is no longer in Sage`,
          step: 'chain',
        });
        continue;
      }
      const stage = stageOf(progress);
      memory.progress = progress;
      if (stageRank(stage) > stageRank(memory.stage)) {
        const ended = await show(stage, progress);
        if (ended) return ended;
        memory.stage = stage;
        memory.unchangedLooks = 0;
      } else {
        // The same stage shown again: the shop status was changed by hand (idempotent writes).
        if (reshowNow && stage === memory.stage && stage !== 'invoiced') {
          await show(stage, progress);
        }
        memory.unchangedLooks += 1;
      }
      // Only with nothing pending: a signal's flag lives in this run, not in `memory`.
      if (workflowInfo().continueAsNewSuggested && !shopCancelled && decision === null) {
        await continueAsNew<typeof orderLifecycle>({ ...input, resume: memory });
      }
      if (!feedAware) wake = false;
      await condition(
        () => wake || shopCancelled || decision !== null,
        feedAware && settings.changeFeed
          ? settings.changeFeed.safetyPollMs
          : nextPollDelay(memory.unchangedLooks, {
              initialMs: settings.pollInitialMs,
              maxMs: settings.pollMaxMs,
              factor: settings.pollFactor,
            }),
      );
      const pending = decision as Decision | null;
      if (pending !== null && pending.kind !== 'retry') {
        decision = null;
        if (pending.kind === 'skip') return finish(OrderStates.skipped, pending.reason);
        return await cancelOrder(pending.reason);
      }
      decision = null;
    }
  } catch (err) {
    if (err instanceof Ended) return err.outcome;
    throw err;
  }
}

/** The non-retryable application failure behind an activity failure, if that is what it is. */
function businessFailureOf(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}
