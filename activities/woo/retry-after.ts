/**
 * Parses a `Retry-After` header: either delay-seconds (`"120"`) or an HTTP date.
 * Returns the delay in milliseconds, or undefined when absent or unparsable.
 */
export function parseRetryAfter(
  header: string | string[] | number | undefined | null,
  now: number = Date.now(),
): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^-/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
