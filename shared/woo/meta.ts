import type { MetaDataEntry, MetaDataWrite } from './common';

/** Read and build `meta_data` lists. Pure helpers, no I/O. */

type MetaList = ReadonlyArray<Pick<MetaDataEntry, 'key' | 'value'>>;

/** Value of the first entry with that key (WooCommerce keeps the first one on update), or undefined. */
export function getMeta(metaData: MetaList, key: string): unknown {
  return metaData.find((entry) => entry.key === key)?.value;
}

export function hasMeta(metaData: MetaList, key: string): boolean {
  return metaData.some((entry) => entry.key === key);
}

/** A string meta value; WooCommerce returns numbers and booleans as strings, so both are accepted. */
export function getMetaString(metaData: MetaList, key: string): string | undefined {
  const value = getMeta(metaData, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A meta value that is a JSON object, else {} (arrays and scalars are not records). */
export function metaRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return value as Record<string, unknown>;
}

/** The string and number fields of a JSON-object meta value, as strings; others left out. */
export function metaStringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metaRecord(value))) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/** Key → value of the first entry per key. */
export function metaToRecord(metaData: MetaList): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const entry of metaData) {
    if (!(entry.key in record)) record[entry.key] = entry.value;
  }
  return record;
}

/**
 * Returns a copy of `writes` where `key` is set to `value` (replacing an earlier write of the
 * same key). `value: null` asks WooCommerce to delete the key.
 */
export function setMeta(
  writes: readonly MetaDataWrite[],
  key: string,
  value: unknown,
): MetaDataWrite[] {
  const others = writes.filter((entry) => entry.key !== key);
  return [...others, { key, value }];
}

/** Write list from a record; `undefined` values are skipped, `null` values delete the key. */
export function metaWrites(values: Record<string, unknown>): MetaDataWrite[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value }));
}

/**
 * Meta keys starting with `_` are hidden from the REST API on customers since WooCommerce 9.5.2
 * (silently not stored); the connector's keys must never start with one.
 */
export function isWritableMetaKey(key: string): boolean {
  return key.length > 0 && !key.startsWith('_');
}
