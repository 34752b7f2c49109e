import { ApplicationFailure } from '@temporalio/common';
import { secretValues, type Config } from '../../shared/config';
import type { OrderProblem } from '../../shared/orders/quote-plan';
import { SageDataError } from '../sage/errors';
import { WebOrderNumberTakenError } from '../sage/quotes';
import { toActivityFailure } from '../woo/errors';
import { createRedactor } from '../woo/redact';

/** A business problem of one order: non-retryable, named, shown to the operator. */
export class OrderProblemError extends Error {
  constructor(readonly problem: OrderProblem) {
    super(problem.message);
    this.name = problem.type;
  }
}

/**
 * Errors no retry can mend, though not thrown as business problems: a number big.js refuses
 * (a malformed amount that slipped past the checks) and a column the Sage company lacks (a
 * free field not created in Sage, a model/company mismatch). Retrying them would keep the
 * order in `importing` for ever; the operator sees them instead.
 */
function deterministicFailureType(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  if (err.message.startsWith('[big.js]')) return 'InvalidNumber';
  if (/no such column|has no column named|Invalid column name/i.test(err.message)) {
    return 'SageSchemaMismatch';
  }
  return undefined;
}

/**
 * Runs an order activity and turns what it throws into the failure the workflow expects:
 * order problems, Sage data errors and a web order reference taken by another customer or
 * shop become non-retryable failures named by their type (the workflow then waits for an
 * operator), as do malformed numbers and missing Sage columns; shop errors keep their
 * classification; anything else (driver errors, deadlocks, network) stays retryable. Secrets
 * are scrubbed from messages.
 */
export async function asOrderActivity<T>(config: Config, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof OrderProblemError) {
      throw ApplicationFailure.nonRetryable(err.message, err.problem.type);
    }
    if (err instanceof SageDataError || err instanceof WebOrderNumberTakenError) {
      throw ApplicationFailure.nonRetryable(err.message, err.type);
    }
    const deterministic = deterministicFailureType(err);
    if (deterministic) {
      const redact = createRedactor(secretValues(config));
      throw ApplicationFailure.nonRetryable(redact((err as Error).message), deterministic);
    }
    throw toActivityFailure(err, secretValues(config));
  }
}
