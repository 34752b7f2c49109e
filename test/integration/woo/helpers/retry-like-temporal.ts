import { toActivityFailure } from '../../../../activities/woo/errors';

/**
 * Runs a function the way a Temporal worker runs an activity under a retry policy: a failure is
 * converted with `toActivityFailure`; a non-retryable one stops at once; a retryable one waits
 * `nextRetryDelay` (Retry-After) or the policy's backoff, then the activity runs again from the
 * start. Used by the integration tests to drive writes through faults without a Temporal server.
 */

export interface RetryPolicyLike {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
}

export interface ActivityRunStats {
  activities: number;
  attempts: number;
  /** Activity-level retries (failures that reached the activity's caller). */
  retries: number;
  failuresByType: Record<string, number>;
}

export function newRunStats(): ActivityRunStats {
  return { activities: 0, attempts: 0, retries: 0, failuresByType: {} };
}

export async function runLikeActivity<T>(
  stats: ActivityRunStats,
  policy: RetryPolicyLike,
  activity: () => Promise<T>,
): Promise<T> {
  stats.activities += 1;
  for (let attempt = 1; ; attempt += 1) {
    stats.attempts += 1;
    try {
      return await activity();
    } catch (err) {
      const failure = toActivityFailure(err);
      stats.failuresByType[failure.type ?? 'unknown'] =
        (stats.failuresByType[failure.type ?? 'unknown'] ?? 0) + 1;
      if (failure.nonRetryable || attempt >= policy.maximumAttempts) throw failure;
      stats.retries += 1;
      const backoff = Math.min(
        policy.initialIntervalMs * policy.backoffCoefficient ** (attempt - 1),
        policy.maximumIntervalMs,
      );
      const delay = typeof failure.nextRetryDelay === 'number' ? failure.nextRetryDelay : backoff;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
