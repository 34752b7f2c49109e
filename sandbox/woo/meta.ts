import type { MetaEntry } from './types';

/**
 * `meta_data` writes as WooCommerce's `update_meta_data` does: an entry with a known `id` updates
 * that row; otherwise the first row with the key is updated and further rows with the key removed;
 * `value: null` deletes. Top-level scalars come back as strings (PHP stores meta as text).
 */

export function storedMetaValue(value: unknown): unknown {
  if (value === true) return '1';
  if (value === false) return '';
  if (typeof value === 'number') return String(value);
  return value;
}

export function applyMetaUpdates(
  current: MetaEntry[],
  input: unknown[],
  nextId: () => number,
  options: { skipProtectedKeys?: boolean } = {},
): MetaEntry[] {
  let meta = current.map((m) => ({ ...m }));
  for (const raw of input) {
    if (typeof raw !== 'object' || raw === null) continue;
    const entry = raw as { id?: unknown; key?: unknown; value?: unknown };
    const key = typeof entry.key === 'string' ? entry.key : undefined;
    if (key !== undefined && options.skipProtectedKeys && key.startsWith('_')) continue;
    const value = entry.value === undefined ? null : entry.value;
    const byId =
      typeof entry.id === 'number' || typeof entry.id === 'string'
        ? meta.find((m) => m.id === Number(entry.id))
        : undefined;
    if (byId) {
      if (value === null) meta = meta.filter((m) => m !== byId);
      else {
        byId.value = storedMetaValue(value);
        if (key !== undefined) byId.key = key;
      }
      continue;
    }
    if (key === undefined) continue;
    const sameKey = meta.filter((m) => m.key === key);
    if (value === null) {
      meta = meta.filter((m) => m.key !== key);
    } else if (sameKey.length) {
      sameKey[0].value = storedMetaValue(value);
      meta = meta.filter((m) => m.key !== key || m === sameKey[0]);
    } else {
      meta.push({ id: nextId(), key, value: storedMetaValue(value) });
    }
  }
  return meta;
}

export function metaValue(meta: MetaEntry[], key: string): unknown {
  return meta.find((m) => m.key === key)?.value;
}
