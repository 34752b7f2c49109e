import { z } from 'zod';

/**
 * Schema pieces that accept the string forms environment variables give
 * (`"8080"`, `"true"`) as well as the typed forms a JSON file gives.
 */
export const port = z.coerce
  .number()
  .int()
  .min(0, 'must be a TCP port (0-65535)')
  .max(65535, 'must be a TCP port (0-65535)');

export const positiveInt = z.coerce.number().int().positive();

export const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off', ''].includes(s)) return false;
  return v;
}, z.boolean());

/** A duration such as `90s`, `5m`, `1h`, `1d` or a number of milliseconds. */
export const duration = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 30s, 5m, 1h or 1d'),
]);

export function durationToMs(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}

/** An absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** Whether a URL points at this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(value: string | undefined): boolean {
  if (!value) return false;
  let hostname: string;
  try {
    hostname = new URL(value).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127\./.test(hostname);
}
