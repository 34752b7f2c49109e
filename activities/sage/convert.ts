import { toDecimalOrZero } from '../../shared/sage/decimal';
import { isoTimestamp, type DbDate, type DbDecimal } from './schema';

/**
 * Row → domain conversions shared by the readers.
 *
 * Decimals: SQLite gives the stored TEXT, tedious gives a JS number for numeric(24,6) (exact up
 * to 15 significant digits through String(n), which covers Sage's amounts; a company storing
 * more digits would need CAST(... AS varchar) in the SELECT). Both end as normalised strings.
 * Timestamps: SQLite gives the stored ISO text, tedious a Date (read as UTC, see db.ts).
 */
export function decimalOf(value: DbDecimal | null | undefined): string {
  return toDecimalOrZero(value);
}

export function timestampOf(value: DbDate | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value instanceof Date ? isoTimestamp(value) : value;
}

export function optionalTimestampOf(value: DbDate | null | undefined): string | null {
  const ts = timestampOf(value);
  return ts === '' || ts.startsWith('1900-01-01') || ts.startsWith('1753-01-01') ? null : ts;
}

export function flagOf(value: number | null | undefined): boolean {
  return value === 1;
}

export function textOf(value: string | null | undefined): string {
  return (value ?? '').trim();
}

/** Splits a key list for IN (...) clauses: SQL Server accepts at most 2,100 parameters. */
export function chunk<T>(values: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
