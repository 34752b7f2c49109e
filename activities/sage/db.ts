import Database from 'better-sqlite3';
import { Kysely, MssqlAdapter, MssqlDialect, SqliteDialect } from 'kysely';
import * as tarn from 'tarn';
import * as tedious from 'tedious';
import type { SageConfig, SqlServerSageConfig } from '../../shared/config/sage';
import type { SageDatabase } from './schema';

export type SageDb = Kysely<SageDatabase>;
export type SageDialectName = 'sqlite' | 'mssql';

/** How long a connection of the embedded engine waits for another process's write lock. */
export const EMBEDDED_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the Sage company: SQL Server through tedious (pooled by tarn, small pool so Sage stays
 * responsive) or the embedded SQLite engine (better-sqlite3, WAL so readers never block the
 * writer, busy_timeout for other processes holding the write lock).
 */
export function createSageDb(config: SageConfig): SageDb {
  if (config.kind === 'embedded') return openEmbeddedSageDb(config.embedded.path);
  return new Kysely<SageDatabase>({ dialect: sqlServerDialect(config.sqlserver) });
}

export function openEmbeddedSageDb(path: string): SageDb {
  return sageDbFromSqlite(openSqliteFile(path));
}

/**
 * Wraps an open better-sqlite3 database (e.g. an in-memory demo company built by
 * generateDemoCompany({ database })). Destroying the Kysely instance closes the database.
 */
export function sageDbFromSqlite(database: Database.Database): SageDb {
  return new Kysely<SageDatabase>({ dialect: new SqliteDialect({ database }) });
}

/** Opens (creating if needed) a SQLite file with the pragmas the embedded engine relies on. */
export function openSqliteFile(path: string): Database.Database {
  const database = new Database(path);
  if (path !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${EMBEDDED_BUSY_TIMEOUT_MS}`);
  database.pragma('synchronous = NORMAL');
  return database;
}

function sqlServerDialect(settings: SqlServerSageConfig['sqlserver']): MssqlDialect {
  return new MssqlDialect({
    tarn: { ...tarn, options: { min: 0, max: settings.poolMax } },
    tedious: {
      ...tedious,
      connectionFactory: () =>
        new tedious.Connection({
          server: settings.server,
          authentication: {
            type: 'default',
            options: { userName: settings.user, password: settings.password },
          },
          options: {
            port: settings.port,
            database: settings.database,
            encrypt: settings.encrypt,
            trustServerCertificate: settings.trustServerCertificate,
            requestTimeout: settings.requestTimeoutMs,
            // datetime values are read and written as UTC wall-clock: the ISO strings the
            // connector exchanges are Sage's local time as stored, with no zone conversion.
            useUTC: true,
          },
        }),
    },
  });
}

/**
 * Which SQL dialect a Kysely instance (or transaction) speaks. Kysely exposes the adapter only
 * through its executor; the adapter class is the reliable discriminator.
 */
export function sageDialect(db: SageDb): SageDialectName {
  return db.getExecutor().adapter instanceof MssqlAdapter ? 'mssql' : 'sqlite';
}
