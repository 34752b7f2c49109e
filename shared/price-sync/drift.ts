import { driftedFields, sameLoosely, type DriftedField } from '../catalog/drift';

/**
 * Price drift: the price meta a product, a variation or a customer holds in the shop against
 * the meta the price sync wants there (edited in the shop admin, by an import plugin). Compared
 * loosely as the catalog's drift (shared/catalog/drift.ts): decimals by value, `""` = absent,
 * `{}` = `[]`; only the sync's own keys, other meta left alone.
 */

type MetaList = readonly { key: string; value?: unknown }[];

/** One price meta key whose shop value differs from the wanted one. */
export interface DriftedMeta {
  key: string;
  shop: unknown;
  wanted: unknown;
}

/** The keys of `wanted` (a price meta write) whose value the shop's `held` meta differs on. */
export function priceMetaDrift(wanted: MetaList, held: MetaList): DriftedMeta[] {
  return driftedFields({ meta_data: wanted }, { meta_data: held }).map((f: DriftedField) => ({
    key: f.field.replace(/^meta:/, ''),
    shop: f.shop,
    wanted: f.wanted,
  }));
}

/** Entries of one map-valued key shown before `+N more`. */
const ENTRIES_SHOWN = 3;
/** Characters of one value shown. */
const VALUE_CHARS = 40;
/** Characters of a whole detail line (operator report). */
const DETAIL_CHARS = 400;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'absent';
  return shorten(typeof value === 'string' ? value : JSON.stringify(value), VALUE_CHARS);
}

/** A map-valued meta (`{}`, or `[]` as PHP returns an empty one), else undefined. */
function record(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value.length === 0 ? {} : undefined;
  if (value === undefined || value === null || value === '') return {};
  return typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function describeOne(drift: DriftedMeta): string {
  const wanted = record(drift.wanted);
  const shop = record(drift.shop);
  const whole = `${drift.key}: ${show(drift.shop)} → ${show(drift.wanted)}`;
  if (!wanted || !shop || typeof drift.wanted !== 'object' || drift.wanted === null) return whole;
  // A map (category → price, SKU → price, family → rate): only its entries that differ.
  const keys = [...new Set([...Object.keys(shop), ...Object.keys(wanted)])].sort();
  const differing = keys.filter((k) => !sameLoosely(wanted[k], shop[k]));
  if (differing.length === 0) return whole;
  const shown = differing
    .slice(0, ENTRIES_SHOWN)
    .map((k) => `${k} ${show(shop[k])} → ${show(wanted[k])}`);
  const more = differing.length - shown.length;
  return `${drift.key}: ${[...shown, ...(more > 0 ? [`+${more} more`] : [])].join(', ')}`;
}

/**
 * One line for the operator naming every drifted key, shop value → wanted value; of a map, the
 * first entries that differ: `sage_prices: 1 0.01 → 12.4, +2 more; sage_customer_discount: 9 → 4`.
 */
export function describePriceDrift(drift: readonly DriftedMeta[]): string {
  return shorten(drift.map(describeOne).join('; '), DETAIL_CHARS);
}
