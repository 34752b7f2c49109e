import { ApplicationFailure } from '@temporalio/common';
import { secretValues, type Config } from '../../shared/config';
import type { OrderProblem } from '../../shared/orders/quote-plan';
import { SageDataError } from '../sage/errors';
import { toActivityFailure } from '../woo/errors';

/** A business problem of one order: non-retryable, named, shown to the operator. */
export class OrderProblemError extends Error {
  constructor(readonly problem: OrderProblem) {
    super(problem.message);
    this.name = problem.type;
  }
}

/**
 * Runs an order activity and turns what it throws into the failure the workflow expects:
 * order problems and Sage data errors become non-retryable failures named by their type (the
 * workflow then waits for an operator); shop errors keep their classification; anything else
 * (driver errors, deadlocks, network) stays retryable. Secrets are scrubbed from messages.
 */
export async function asOrderActivity<T>(config: Config, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof OrderProblemError) {
      throw ApplicationFailure.nonRetryable(err.message, err.problem.type);
    }
    if (err instanceof SageDataError) {
      throw ApplicationFailure.nonRetryable(err.message, err.type);
    }
    throw toActivityFailure(err, secretValues(config));
  }
}
