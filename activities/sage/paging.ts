import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { sageDialect, type SageDb } from './db';
import { InvalidDecimalError } from '../../shared/sage/decimal';
import type { ChangeKey, ChangePage, RowIssue } from '../../shared/sage/types';
import { timestampOf } from './convert';
import type { DbDate } from './schema';

/**
 * Where a keyset read starts. Two ways to run incrementally:
 * - exact (embedded engine, datetime with ms): pass the previous run's `lastKey` as `after`;
 * - with an overlap (SQL Server whose cbModification is smalldatetime, 1-minute resolution, or
 *   long transactions committing late): pass `since` = previous `watermark` minus an overlap;
 *   rows in the window are read again and dropped downstream by their content hash.
 * Within a run, pass each page's `nextKey` as `after` (keeping `since`).
 */
export interface ChangePageParams {
  /** Lower bound on cbModification, inclusive. */
  since?: string | null;
  /** Key of the last row already read: reading resumes strictly after it. */
  after?: ChangeKey | null;
  /** Page size (default 500). */
  limit?: number;
}

export const DEFAULT_PAGE_SIZE = 500;

/**
 * WHERE clause of a keyset page over (cbModification, cbMarq) of table alias `alias`:
 * modified at or after `since`, and strictly after the key `after`. cbMarq breaks ties, which
 * matters: a bulk update gives thousands of rows the same cbModification.
 */
export function changeCondition(
  alias: string,
  since: string | null | undefined,
  after: ChangeKey | null | undefined,
): RawBuilder<SqlBool> {
  const modifiedAt = sql.ref(`${alias}.cbModification`);
  const rowId = sql.ref(`${alias}.cbMarq`);
  const parts: RawBuilder<unknown>[] = [];
  if (since) parts.push(sql`${modifiedAt} >= ${since}`);
  if (after) {
    parts.push(
      sql`(${modifiedAt} > ${after.modifiedAt} OR (${modifiedAt} = ${after.modifiedAt} AND ${rowId} > ${after.rowId}))`,
    );
  }
  if (parts.length === 0) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/** Collects per-row problems; a row that fails to map becomes an issue, never an exception. */
export class IssueLog {
  readonly issues: RowIssue[] = [];

  add(issue: RowIssue): void {
    this.issues.push(issue);
  }

  /** Maps one row, turning any thrown error into an issue (and dropping the row). */
  guard<T>(key: string, map: () => T): T | undefined {
    try {
      return map();
    } catch (error) {
      this.issues.push({
        key,
        problem: 'invalid-number',
        detail:
          error instanceof InvalidDecimalError
            ? error.message
            : `row skipped: ${(error as Error).message}`,
      });
      return undefined;
    }
  }
}

/** Assembles a page: next key and watermark come from the raw rows, mapped or not. */
export function finishPage<T>(
  rows: readonly { cbMarq: number; cbModification: DbDate }[],
  items: T[],
  log: IssueLog,
  params: ChangePageParams,
  limit: number,
): ChangePage<T> {
  const last = rows[rows.length - 1];
  const lastKey: ChangeKey | null = last
    ? { modifiedAt: timestampOf(last.cbModification), rowId: last.cbMarq }
    : null;
  const highest = lastKey ?? params.after ?? null;
  return {
    items,
    issues: log.issues,
    nextKey: rows.length === limit ? lastKey : null,
    watermark: highest?.modifiedAt ?? params.since ?? null,
    lastKey: highest,
  };
}

export function pageLimit(params: ChangePageParams): number {
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new RangeError(`page limit must be an integer between 1 and 10000, got ${limit}`);
  }
  return limit;
}

/** LIMIT on SQLite, TOP on SQL Server (which has no LIMIT): `.$call(limitTo(db, n))`. */
export function limitTo(db: SageDb, limit: number) {
  const mssql = sageDialect(db) === 'mssql';
  return <DB, TB extends keyof DB, O>(
    qb: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O> => (mssql ? qb.top(limit) : qb.limit(limit));
}

/** Rows of a change-tracked table after a cursor: the progress denominator of a sync. */
export async function countChangedRows(
  db: SageDb,
  table: 'F_ARTICLE' | 'F_ARTSTOCK',
  since: string | null,
  after: ChangeKey | null,
): Promise<number> {
  const row = await db
    .selectFrom(`${table} as t` as 'F_ARTICLE as t')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(changeCondition('t', since, after))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
