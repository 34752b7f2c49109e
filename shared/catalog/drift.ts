import { canonicalJson } from './hash';

/**
 * Drift: what the shop holds of the fields a sync owns, against what the sync wants there.
 * Full runs compare every entity whose hash says "already pushed" with the shop's current
 * product or variation (a price or stock edited in the shop admin, or by an import plugin, is
 * then written again); incremental runs trust the hashes.
 *
 * Only the fields an entity's payload sends are compared (the sync's own fields: price, stock,
 * statuses, its meta keys), loosely where WooCommerce reformats: decimal strings and numbers by
 * value (`"12.40"` = `"12.4"` = `12.4`), `""` = `null`, meta values by canonical JSON with the
 * same number rule (objects keep their keys, booleans come back as `"1"`/`""`). The price sync
 * compares its meta keys the same way (shared/price-sync/drift.ts).
 */

/** What the comparison needs of a shop product or variation (REST v3 shape). */
export interface ShopView {
  meta_data?: readonly { key: string; value?: unknown }[];
  [field: string]: unknown;
}

/** One field whose shop value differs from the wanted one. */
export interface DriftedField {
  field: string;
  shop: unknown;
  wanted: unknown;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A value as compared: decimals as numbers, empty as null, objects recursively; an empty list
 * as an empty object (PHP has one empty array: a meta value written `{}` comes back `[]`).
 */
function loose(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length === 0 ? {} : value.map(loose);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, loose(v)]),
    );
  }
  return value;
}

/** Whether the shop holds `wanted` as `shop`, WooCommerce's reformatting aside. */
export function sameLoosely(wanted: unknown, shop: unknown): boolean {
  const a = loose(wanted);
  const b = loose(shop);
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    // WooCommerce returns boolean meta as "1" / "" (1 / null once loosened), and a variation
    // managed at its parent's level as `manage_stock: "parent"` (its own flag is off).
    const truthy = (v: unknown) => v === true || v === 1;
    return truthy(a) === truthy(b);
  }
  return canonicalJson(a) === canonicalJson(b);
}

/** Fields of `wanted` (an entity's write payload) that the shop's `doc` holds otherwise. */
export function driftedFields(wanted: Record<string, unknown>, doc: ShopView): DriftedField[] {
  const out: DriftedField[] = [];
  for (const [field, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    if (field === 'meta_data') {
      const entries = Array.isArray(value) ? (value as { key: string; value?: unknown }[]) : [];
      for (const entry of entries) {
        // The last entry of a key is the one WooCommerce's get_meta returns.
        const held = [...(doc.meta_data ?? [])].reverse().find((m) => m.key === entry.key);
        if (!sameLoosely(entry.value, held?.value)) {
          out.push({ field: `meta:${entry.key}`, shop: held?.value ?? null, wanted: entry.value });
        }
      }
      continue;
    }
    if (!sameLoosely(value, doc[field]))
      out.push({ field, shop: doc[field] ?? null, wanted: value });
  }
  return out;
}

/** One line for the operator: `regular_price 9.99 → 12.40, stock_quantity 0 → 37`. */
export function describeDrift(fields: readonly DriftedField[]): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return fields.map((f) => `${f.field} ${show(f.shop)} → ${show(f.wanted)}`).join(', ');
}
