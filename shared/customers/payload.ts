import type { CustomerFields } from './fields';

/** What the connector sends to `/wc/v3/customers` (create or update). */
export interface CustomerPayload {
  email?: string;
  first_name?: string;
  last_name?: string;
  role?: string;
  billing?: Record<string, string>;
  shipping?: Record<string, string>;
  meta_data?: { key: string; value: string | Record<string, string> | null }[];
}

/**
 * Builds a create or update body from flat fields. Only the given fields are sent, so an update
 * never clears what it does not manage. No username and no password: the shop derives the
 * username from the e-mail and generates a password, and the connector never mails one.
 *
 * `objectMeta`: meta keys whose flat text is the JSON of an object (article codes). They go out
 * as objects; an empty one is deleted on update (`null`) and left out on create, so the key only
 * exists while there is something in it.
 */
export function customerPayload(
  fields: CustomerFields,
  objectMeta: readonly string[] = [],
  purpose: 'create' | 'update' = 'update',
): CustomerPayload {
  const out: CustomerPayload = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('meta.')) {
      const key = name.slice(5);
      if (!objectMeta.includes(key)) {
        (out.meta_data ??= []).push({ key, value });
      } else if (value !== '') {
        (out.meta_data ??= []).push({ key, value: JSON.parse(value) as Record<string, string> });
      } else if (purpose === 'update') {
        (out.meta_data ??= []).push({ key, value: null });
      }
    } else if (name.startsWith('billing.')) {
      (out.billing ??= {})[name.slice(8)] = value;
    } else if (name.startsWith('shipping.')) {
      (out.shipping ??= {})[name.slice(9)] = value;
    } else if (
      name === 'email' ||
      name === 'first_name' ||
      name === 'last_name' ||
      name === 'role'
    ) {
      out[name] = value;
    }
  }
  return out;
}
