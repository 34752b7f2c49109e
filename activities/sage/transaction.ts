import { sql } from 'kysely';
import { EMBEDDED_BUSY_TIMEOUT_MS, sageDialect, type SageDb } from './db';

/** Connection-bound instances currently inside a write transaction (nested calls reuse it). */
const openWriteTransactions = new WeakSet<SageDb>();

export interface WriteTransactionOptions {
  /** Longest wait for the write lock of the embedded engine before giving up (SQLITE_BUSY). */
  lockTimeoutMs?: number;
}

/**
 * Runs `work` in a transaction that may write.
 *
 * SQL Server: SERIALIZABLE, so range checks ("does a quote for this web order exist?") stay true
 * until commit; writers additionally take UPDLOCK/HOLDLOCK on the numbering row (see quotes.ts).
 *
 * Embedded engine: `BEGIN IMMEDIATE` takes SQLite's single write lock up front, which serialises
 * writers just like the counter lock does on SQL Server. better-sqlite3 is synchronous, so its
 * busy_timeout would block the whole event loop — a deadlock when the lock holder is another
 * connection of the same process. While acquiring the lock we therefore set busy_timeout to 0
 * and retry asynchronously with a small backoff.
 */
export async function withWriteTransaction<T>(
  db: SageDb,
  work: (trx: SageDb) => Promise<T>,
  options: WriteTransactionOptions = {},
): Promise<T> {
  if (openWriteTransactions.has(db) || db.isTransaction) return work(db);
  if (sageDialect(db) === 'mssql') {
    return db.transaction().setIsolationLevel('serializable').execute(work);
  }
  return db.connection().execute(async (connection) => {
    await beginImmediate(connection, options.lockTimeoutMs ?? 30_000);
    openWriteTransactions.add(connection);
    try {
      const result = await work(connection);
      await sql.raw('COMMIT').execute(connection);
      return result;
    } catch (error) {
      await sql
        .raw('ROLLBACK')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    } finally {
      openWriteTransactions.delete(connection);
    }
  });
}

async function beginImmediate(connection: SageDb, lockTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + lockTimeoutMs;
  await sql.raw('PRAGMA busy_timeout = 0').execute(connection);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.raw('BEGIN IMMEDIATE').execute(connection);
        return;
      } catch (error) {
        if (!isSqliteBusy(error) || Date.now() >= deadline) throw error;
        await delay(Math.min(2 + attempt * 2, 25));
      }
    }
  } finally {
    await sql.raw(`PRAGMA busy_timeout = ${EMBEDDED_BUSY_TIMEOUT_MS}`).execute(connection);
  }
}

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
