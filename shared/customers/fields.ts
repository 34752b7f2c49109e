import type { CustomersConfig } from '../config/customers';

/**
 * A shop customer seen as flat string fields, the unit of comparison of both flows:
 * `email`, `first_name`, `billing.city`, `shipping.postcode`, `meta.<key>`, `role`.
 * Missing values are ''. Flat fields make projection, diff, 3-way merge and hashing one code path.
 */
export type CustomerFields = Record<string, string>;

export const ADDRESS_KEYS = [
  'first_name',
  'last_name',
  'company',
  'address_1',
  'address_2',
  'city',
  'state',
  'postcode',
  'country',
  'phone',
] as const;

/** Who decides a field's value. */
export type FieldOwner =
  /** Rewritten from Sage on every change. */
  | 'sage'
  /** The customer may edit it: 3-way merge, edits flow back to Sage. */
  | 'editable'
  /** Sage gives a default; a value set in the shop wins and never flows back (home depot). */
  | 'shop-preferred';

export function metaField(key: string): string {
  return `meta.${key}`;
}

export function ownerOf(
  field: string,
  config: Pick<CustomersConfig, 'meta' | 'editableFields'>,
): FieldOwner {
  if (field === metaField(config.meta.homeDepot)) return 'shop-preferred';
  return (config.editableFields as readonly string[]).includes(field) ? 'editable' : 'sage';
}

/** The shop customer as the REST API returns it, the parts the connector compares. */
export interface ShopCustomerView {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  billing: Record<string, string | undefined>;
  shipping: Record<string, string | undefined>;
  meta_data?: readonly { key: string; value: unknown }[];
}

function metaString(meta: ShopCustomerView['meta_data'], key: string): string {
  const value = meta?.find((m) => m.key === key)?.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) return canonicalObject(value);
  return '';
}

/**
 * An object meta (article codes) in the projection's text form: JSON with sorted keys, '' when
 * empty (PHP returns an empty array for an empty map), so the shop's copy compares equal.
 */
function canonicalObject(value: object): string {
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '' : JSON.stringify(Object.fromEntries(entries));
}

/**
 * The shop customer's values for the fields the connector manages (`names`: the fields of the
 * projection), so that nothing else of the shop customer takes part in comparisons.
 */
export function shopFields(customer: ShopCustomerView, names: readonly string[]): CustomerFields {
  const out: CustomerFields = {};
  for (const name of names) {
    if (name.startsWith('meta.')) out[name] = metaString(customer.meta_data, name.slice(5));
    else if (name.startsWith('billing.')) out[name] = customer.billing[name.slice(8)] ?? '';
    else if (name.startsWith('shipping.')) out[name] = customer.shipping[name.slice(9)] ?? '';
    else if (name === 'role') out[name] = customer.role;
    else out[name] = String((customer as unknown as Record<string, unknown>)[name] ?? '');
  }
  return out;
}

/** The fields whose values differ (a missing value counts as ''). */
export function changedFields(
  from: CustomerFields,
  to: CustomerFields,
  names: readonly string[] = Object.keys(to),
): CustomerFields {
  const out: CustomerFields = {};
  for (const name of names) {
    if ((from[name] ?? '') !== (to[name] ?? '')) out[name] = to[name] ?? '';
  }
  return out;
}
