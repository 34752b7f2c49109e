import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateStoreConfig } from '../../shared/config';
import { migrateStateStore, type StateTables } from './schema';

export interface HashEntry {
  key: string;
  hash: string;
}

export interface MappingEntry {
  sageKey: string;
  wooId: string;
}

/** What the activities use to remember mappings, pushed hashes and watermarks. */
export interface StateStore {
  getMappings(kind: string, sageKeys: readonly string[]): Promise<Map<string, string>>;
  putMappings(kind: string, entries: readonly MappingEntry[]): Promise<void>;
  findSageKey(kind: string, wooId: string): Promise<string | undefined>;
  getHashes(kind: string, keys: readonly string[]): Promise<Map<string, string>>;
  putHashes(kind: string, entries: readonly HashEntry[]): Promise<void>;
  /** Forgets every hash of a kind, so the next run pushes everything (forced full resync). */
  clearHashes(kind: string): Promise<number>;
  getWatermark(name: string): Promise<string | undefined>;
  putWatermark(name: string, value: string): Promise<void>;
  close(): Promise<void>;
}

// SQLite and PostgreSQL both cap bound parameters per statement; stay well below either limit.
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const now = (): string => new Date().toISOString();

class KyselyStateStore implements StateStore {
  constructor(private readonly db: Kysely<StateTables>) {}

  async getMappings(kind: string, sageKeys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(sageKeys)) {
      const rows = await this.db
        .selectFrom('sws_mappings')
        .select(['sage_key', 'woo_id'])
        .where('kind', '=', kind)
        .where('sage_key', 'in', part)
        .execute();
      for (const row of rows) found.set(row.sage_key, row.woo_id);
    }
    return found;
  }

  async putMappings(kind: string, entries: readonly MappingEntry[]): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(entries, CHUNK / 4)) {
        await trx
          .insertInto('sws_mappings')
          .values(part.map((e) => ({ kind, sage_key: e.sageKey, woo_id: e.wooId, updated_at: at })))
          .onConflict((oc) =>
            oc.columns(['kind', 'sage_key']).doUpdateSet({
              woo_id: (eb) => eb.ref('excluded.woo_id'),
              updated_at: (eb) => eb.ref('excluded.updated_at'),
            }),
          )
          .execute();
      }
    });
  }

  async findSageKey(kind: string, wooId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sws_mappings')
      .select('sage_key')
      .where('kind', '=', kind)
      .where('woo_id', '=', wooId)
      .executeTakeFirst();
    return row?.sage_key;
  }

  async getHashes(kind: string, keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(keys)) {
      const rows = await this.db
        .selectFrom('sws_content_hashes')
        .select(['entity_key', 'hash'])
        .where('kind', '=', kind)
        .where('entity_key', 'in', part)
        .execute();
      for (const row of rows) found.set(row.entity_key, row.hash);
    }
    return found;
  }

  async putHashes(kind: string, entries: readonly HashEntry[]): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(entries, CHUNK / 4)) {
        await trx
          .insertInto('sws_content_hashes')
          .values(part.map((e) => ({ kind, entity_key: e.key, hash: e.hash, updated_at: at })))
          .onConflict((oc) =>
            oc.columns(['kind', 'entity_key']).doUpdateSet({
              hash: (eb) => eb.ref('excluded.hash'),
              updated_at: (eb) => eb.ref('excluded.updated_at'),
            }),
          )
          .execute();
      }
    });
  }

  async clearHashes(kind: string): Promise<number> {
    const result = await this.db
      .deleteFrom('sws_content_hashes')
      .where('kind', '=', kind)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getWatermark(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sws_watermarks')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async putWatermark(name: string, value: string): Promise<void> {
    await this.db
      .insertInto('sws_watermarks')
      .values({ name, value, updated_at: now() })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: now() }))
      .execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Opens the state store's database: an SQLite file (WAL, so readers never wait for the writer)
 * or the connector's own schema of a PostgreSQL database. Every table family of the store
 * (mappings/hashes/watermarks here, snapshots/reports in snapshots.ts) opens through this.
 */
export async function openStateDatabase<T>(config: StateStoreConfig): Promise<Kysely<T>> {
  if (config.kind === 'sqlite') {
    // Loaded lazily: a worker configured for PostgreSQL never needs the native SQLite module.
    const { default: Database } = await import('better-sqlite3');
    const path = config.sqlite.path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    return new Kysely<T>({ dialect: new SqliteDialect({ database }) });
  }
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: config.postgres.connectionString, max: 5 });
  const db = new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(config.postgres.schema)}`.execute(db);
  return db.withSchema(config.postgres.schema);
}

/** Opens (and creates if needed) the state store the configuration names. */
export async function openStateStore(config: StateStoreConfig): Promise<StateStore> {
  const db = await openStateDatabase<StateTables>(config);
  await migrateStateStore(db);
  return new KyselyStateStore(db);
}
