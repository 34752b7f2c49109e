import { createHmac, timingSafeEqual } from 'node:crypto';

/** WooCommerce's webhook signature: base64(HMAC-SHA256(raw body, secret)). */
export function webhookSignature(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Compares in constant time; a missing or malformed header is simply not valid. */
export function isValidSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (!header || secret === '') return false;
  const expected = Buffer.from(webhookSignature(rawBody, secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
