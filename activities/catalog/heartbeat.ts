import { CancelledFailure, Context } from '@temporalio/activity';
import { isWooError, toActivityFailure } from '../woo/errors';

/** Heartbeat period; the workflows set a heartbeat timeout of a few times this. */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Runs a page with heartbeats: a timer proves the worker is alive while it waits on Sage or the
 * shop (a killed worker stops heartbeating, so Temporal retries the page elsewhere soon), and the
 * `progress` callback, called between steps, stops the page when the workflow was cancelled.
 * Cancellation reaches an activity only through heartbeats.
 */
export async function withHeartbeat<T>(
  run: (progress: () => void) => Promise<T>,
  secrets: readonly string[] = [],
): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  const progress = () => {
    context.heartbeat();
    if (context.cancellationSignal.aborted) throw new CancelledFailure('sync page cancelled');
  };
  try {
    return await Promise.race([run(progress), context.cancelled as Promise<never>]);
  } catch (err) {
    // Shop errors carry their own retry decision (auth or validation errors are not retried).
    throw isWooError(err) ? toActivityFailure(err, secrets) : err;
  } finally {
    clearInterval(timer);
  }
}
