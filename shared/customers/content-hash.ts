import { createHash } from 'node:crypto';
import type { CustomerFields } from './fields';

/**
 * Hash of a projection: equal fields (in any key order) give an equal hash, so a run where an
 * account did not change skips it without asking the shop. Not for workflow code (node:crypto).
 */
export function customerHash(fields: CustomerFields): string {
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
