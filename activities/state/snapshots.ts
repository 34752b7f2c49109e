import { type Kysely, sql } from 'kysely';
import type { StateStoreConfig } from '../../shared/config';
import { openStateDatabase } from './store';

/**
 * Two more tables of the state store, in their own file so that the flows needing them do not
 * touch the shared store:
 * - snapshots: per entity, what both systems held after the last sync (the base of 3-way merges);
 * - reports: problems recorded for the operator (bad e-mails, conflicts…), one row per
 *   (flow, key, problem), refreshed when seen again.
 * Same database as the state store (SQLite file or PostgreSQL schema), created idempotently.
 */
interface SnapshotTables {
  sws_snapshots: { kind: string; entity_key: string; data: string; updated_at: string };
  sws_reports: {
    flow: string;
    entity_key: string;
    problem: string;
    detail: string;
    first_seen: string;
    last_seen: string;
    times: number;
  };
}

export interface StoredReport {
  key: string;
  problem: string;
  detail: string;
  firstSeen: string;
  lastSeen: string;
  times: number;
}

export interface SnapshotStore {
  getSnapshots<T>(kind: string, keys: readonly string[]): Promise<Map<string, T>>;
  putSnapshots<T>(kind: string, entries: readonly { key: string; data: T }[]): Promise<void>;
  putReports(
    flow: string,
    reports: readonly { key: string; problem: string; detail?: string }[],
  ): Promise<void>;
  /** Forgets the reports of these keys (they went through), except the listed problems. */
  clearReports(flow: string, keys: readonly string[], keep?: readonly string[]): Promise<void>;
  /** Forgets one problem of these keys (it is over), leaving their other reports. */
  clearProblem(flow: string, problem: string, keys: readonly string[]): Promise<void>;
  listReports(
    flow: string,
    options?: { problem?: string; limit?: number },
  ): Promise<StoredReport[]>;
  close(): Promise<void>;
}

const CHUNK = 100;
const now = (): string => new Date().toISOString();

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function migrate(db: Kysely<SnapshotTables>): Promise<void> {
  await db.schema
    .createTable('sws_snapshots')
    .ifNotExists()
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sws_snapshots_pk', ['kind', 'entity_key'])
    .execute();
  await db.schema
    .createTable('sws_reports')
    .ifNotExists()
    .addColumn('flow', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('problem', 'varchar(64)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen', 'varchar(32)', (c) => c.notNull())
    .addColumn('times', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sws_reports_pk', ['flow', 'entity_key', 'problem'])
    .execute();
}

class KyselySnapshotStore implements SnapshotStore {
  constructor(private readonly db: Kysely<SnapshotTables>) {}

  async getSnapshots<T>(kind: string, keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.db
        .selectFrom('sws_snapshots')
        .select(['entity_key', 'data'])
        .where('kind', '=', kind)
        .where('entity_key', 'in', part)
        .execute();
      for (const row of rows) found.set(row.entity_key, JSON.parse(row.data) as T);
    }
    return found;
  }

  async putSnapshots<T>(kind: string, entries: readonly { key: string; data: T }[]): Promise<void> {
    if (entries.length === 0) return;
    const at = now();
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(entries)) {
        await trx
          .insertInto('sws_snapshots')
          .values(
            part.map((e) => ({
              kind,
              entity_key: e.key,
              data: JSON.stringify(e.data),
              updated_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['kind', 'entity_key']).doUpdateSet({
              data: (eb) => eb.ref('excluded.data'),
              updated_at: (eb) => eb.ref('excluded.updated_at'),
            }),
          )
          .execute();
      }
    });
  }

  async putReports(
    flow: string,
    reports: readonly { key: string; problem: string; detail?: string }[],
  ): Promise<void> {
    if (reports.length === 0) return;
    const at = now();
    // One row per (key, problem): the last detail of a batch wins.
    const unique = new Map(reports.map((r) => [`${r.key}\u0000${r.problem}`, r]));
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks([...unique.values()])) {
        await trx
          .insertInto('sws_reports')
          .values(
            part.map((r) => ({
              flow,
              entity_key: r.key,
              problem: r.problem,
              detail: r.detail ?? '',
              first_seen: at,
              last_seen: at,
              times: 1,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['flow', 'entity_key', 'problem']).doUpdateSet({
              detail: (eb) => eb.ref('excluded.detail'),
              last_seen: (eb) => eb.ref('excluded.last_seen'),
              times: sql`sws_reports.times + 1`,
            }),
          )
          .execute();
      }
    });
  }

  async clearReports(flow: string, keys: readonly string[], keep: readonly string[] = []) {
    for (const part of chunks([...new Set(keys)])) {
      let query = this.db
        .deleteFrom('sws_reports')
        .where('flow', '=', flow)
        .where('entity_key', 'in', part);
      if (keep.length > 0) query = query.where('problem', 'not in', [...keep]);
      await query.execute();
    }
  }

  async clearProblem(flow: string, problem: string, keys: readonly string[]) {
    for (const part of chunks([...new Set(keys)])) {
      await this.db
        .deleteFrom('sws_reports')
        .where('flow', '=', flow)
        .where('problem', '=', problem)
        .where('entity_key', 'in', part)
        .execute();
    }
  }

  async listReports(flow: string, options: { problem?: string; limit?: number } = {}) {
    let query = this.db
      .selectFrom('sws_reports')
      .selectAll()
      .where('flow', '=', flow)
      .orderBy('entity_key')
      .orderBy('problem')
      .limit(options.limit ?? 1000);
    if (options.problem) query = query.where('problem', '=', options.problem);
    const rows = await query.execute();
    return rows.map((r) => ({
      key: r.entity_key,
      problem: r.problem,
      detail: r.detail,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      times: Number(r.times),
    }));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Opens the snapshot and report tables in the configured state store database. */
export async function openSnapshotStore(config: StateStoreConfig): Promise<SnapshotStore> {
  const db = await openStateDatabase<SnapshotTables>(config);
  await migrate(db);
  return new KyselySnapshotStore(db);
}
