/**
 * Scrubbing of credentials from text that may leave the process (error messages, logs,
 * Temporal failure details). The query-string auth mode puts the keys in URLs, and the Link
 * headers WooCommerce returns repeat them.
 */

const MASK = '[redacted]';

/** Query parameters that carry credentials (WooCommerce keys and OAuth 1.0a signatures). */
const SECRET_QUERY_PARAMS = /([?&](?:consumer_key|consumer_secret|oauth_[a-z_]+)=)[^&#\s"'<>]*/gi;
const AUTHORIZATION_VALUE = /\b(Basic|Bearer|OAuth)\s+[A-Za-z0-9+/=._~\-",]+/g;
/** WooCommerce key formats, redacted even when the value is not known to the redactor. */
const WOO_KEY_PATTERN = /\b(ck|cs)_[0-9a-f]{20,}\b/gi;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first so that a secret containing another one is masked whole.
  const literals = [...new Set(secrets.filter((s) => s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  const encoded = literals.flatMap((s) => [
    encodeURIComponent(s),
    Buffer.from(s).toString('base64'),
  ]);
  const all = [...new Set([...literals, ...encoded])].filter((s) => s.length >= 4);
  return (text: string): string => {
    let out = text
      .replace(SECRET_QUERY_PARAMS, `$1${MASK}`)
      .replace(AUTHORIZATION_VALUE, `$1 ${MASK}`)
      .replace(WOO_KEY_PATTERN, MASK);
    for (const secret of all) out = out.split(secret).join(MASK);
    return out;
  };
}

/** Deep copy of a JSON-like value with every string redacted. */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactDeep(v, redact)]),
    );
  }
  return value;
}
