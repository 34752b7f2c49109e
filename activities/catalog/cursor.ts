import type { ChangeKey } from '../../shared/sage/types';
import type { StateStore } from '../state/store';

/** Change-tracking cursors live in the state store as JSON `{modifiedAt, rowId}` watermarks. */
export async function readCursor(store: StateStore, name: string): Promise<ChangeKey | null> {
  const value = await store.getWatermark(name);
  if (!value) return null;
  const parsed = JSON.parse(value) as Partial<ChangeKey>;
  return typeof parsed.modifiedAt === 'string' && typeof parsed.rowId === 'number'
    ? { modifiedAt: parsed.modifiedAt, rowId: parsed.rowId }
    : null;
}

export async function writeCursor(
  store: StateStore,
  name: string,
  key: ChangeKey | null,
): Promise<void> {
  if (key) await store.putWatermark(name, JSON.stringify(key));
}

/** A Sage timestamp (ISO without zone, the database's clock) moved by `ms`, same format. */
export function shiftTimestamp(timestamp: string, ms: number): string {
  const shifted = new Date(Date.parse(`${timestamp.slice(0, 23)}Z`) + ms);
  return shifted.toISOString().slice(0, 23);
}
