import type { ChangeKey } from './types';

/**
 * `since` for an incremental read with an overlap window: the previous watermark minus
 * `overlapMs`. Needed on SQL Server when cbModification is smalldatetime (1-minute resolution)
 * or when long Sage transactions commit rows stamped earlier than the watermark; rows of the
 * window are read again and dropped downstream by content hash. Timestamps are the database's
 * ISO-8601 wall-clock strings without a zone ("2026-01-31T08:15:00.000").
 */
export function overlapSince(watermark: string, overlapMs: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(
    watermark,
  );
  if (!match) throw new RangeError(`not a timestamp: ${watermark}`);
  const [, y, mo, d, h, mi, s, ms = '0'] = match;
  const time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0')) - overlapMs;
  return new Date(time).toISOString().slice(0, 23);
}

/** Orders two change keys the way the readers do: by time, then by cbMarq. */
export function compareChangeKeys(a: ChangeKey, b: ChangeKey): number {
  if (a.modifiedAt !== b.modifiedAt) return a.modifiedAt < b.modifiedAt ? -1 : 1;
  return a.rowId - b.rowId;
}
