/**
 * Delay before the next look at the Sage chain: `initial` after a change, then multiplied by
 * `factor` after each look that found nothing new, never above `max`.
 */
export function nextPollDelay(
  unchangedLooks: number,
  settings: { initialMs: number; maxMs: number; factor: number },
): number {
  const exponent = Math.max(0, unchangedLooks);
  const delay = settings.initialMs * Math.pow(settings.factor, exponent);
  return Math.min(settings.maxMs, Math.max(1, Math.round(delay)));
}
