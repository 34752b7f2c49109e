import type { ChangeKey } from '../sage/types';
import { overlapSince } from '../sage/change-tracking';

/**
 * The Sage change feed of orders (workflows/sage-change-feed.ts): pure parts. One read per
 * interval of the document headers and lines changed since a watermark; the rows that belong to
 * a web order's quote wake that order's workflow.
 */

/** Where the feed stands in one table (F_DOCLIGNE or F_DOCENTETE). */
export interface TablePosition {
  /** Highest cbModification read so far (database wall-clock text); null before the first read. */
  watermark: string | null;
  /** Set when the last tick stopped inside a burst of changes: read on strictly after it. */
  after: ChangeKey | null;
}

export interface FeedPosition {
  lines: TablePosition;
  headers: TablePosition;
  /** The first tick found where to start (a company without any document starts from none). */
  started?: boolean;
}

/** Where one table's next read starts: `since` (watermark minus the overlap) and `after`. */
export interface TableRange {
  since: string | null;
  after: ChangeKey | null;
}

/** A changed document row, as much as the feed needs of it. */
export interface DocumentChangeRow {
  source: 'line' | 'header';
  rowId: number;
  modifiedAt: string;
  documentType: number;
  piece: string;
  /** The quote the row was born in ('' when none: a document not made from a quote). */
  quote: string;
  /** Header status and validation flag (-1 on lines). */
  status: number;
  validated: number;
}

export const emptyPosition = (): FeedPosition => ({
  lines: { watermark: null, after: null },
  headers: { watermark: null, after: null },
});

/** The read range of a table: its watermark minus the overlap, and where a burst stopped. */
export function rangeOf(position: TablePosition, overlapMs: number): TableRange {
  return {
    since: position.watermark === null ? null : overlapSince(position.watermark, overlapMs),
    after: position.after,
  };
}

/**
 * A changed row's identity for the overlap's de-duplication: the row, its change time and the
 * fields a stage depends on (where a line sits; a header's status and validation). With
 * minute-resolution timestamps two changes of one row in one minute share `modifiedAt`, so the
 * fields tell them apart.
 */
export function changeKeyOf(row: DocumentChangeRow): string {
  return [
    row.source === 'line' ? 'L' : 'H',
    row.rowId,
    row.modifiedAt,
    row.documentType,
    row.piece,
    row.status,
    row.validated,
    row.quote,
  ].join('|');
}

const modifiedAtOfKey = (key: string): string => key.split('|')[2] ?? '';

/**
 * The keys to remember after a tick: those still inside the next read's window (a row read
 * again there is not news). Older keys can never come back and are dropped.
 */
export function keysToRemember(keys: Iterable<string>, position: FeedPosition, overlapMs: number) {
  const floors = [position.lines.watermark, position.headers.watermark]
    .filter((w): w is string => w !== null)
    .map((w) => overlapSince(w, overlapMs));
  if (floors.length === 0) return [...keys];
  const floor = floors.sort()[0];
  return [...keys].filter((k) => modifiedAtOfKey(k) >= floor);
}

/** The highest of two watermarks (ISO-like text compares in time order). */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

/** The quotes the new rows concern, each with the pieces that changed (sorted, distinct). */
export function piecesByQuote(rows: readonly DocumentChangeRow[]): Map<string, string[]> {
  const byQuote = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.quote === '') continue;
    const pieces = byQuote.get(row.quote) ?? new Set<string>();
    pieces.add(row.piece);
    byQuote.set(row.quote, pieces);
  }
  return new Map([...byQuote].map(([quote, pieces]) => [quote, [...pieces].sort()]));
}
