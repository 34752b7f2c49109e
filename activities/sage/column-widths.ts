import { sql, type Kysely } from 'kysely';
import { sageDialect, type SageDb } from './db';
import { SAGE_TABLES, type SageTableName } from './schema';

/**
 * Widths of the Sage text columns, read from the database's own column definitions (the static
 * model in schema.ts is only a fallback):
 * - SQL Server: INFORMATION_SCHEMA.COLUMNS.CHARACTER_MAXIMUM_LENGTH (-1 = varchar(max));
 * - embedded engine: the declared type of `pragma_table_info` (`varchar(35)`). A company file
 *   created before types carried a width (`TEXT`) falls back to the model, with source `model`.
 */
export interface ColumnWidths {
  /** Width in characters of TABLE.COLUMN (case-insensitive); undefined for non-text columns. */
  widthOf(table: string, column: string): number | undefined;
  /** Where each known width came from, "TABLE.COLUMN" (upper case) → source. */
  readonly sources: ReadonlyMap<string, 'database' | 'model'>;
}

/** The shape of INFORMATION_SCHEMA.COLUMNS the reader needs (SQL Server). */
interface InformationSchema {
  'INFORMATION_SCHEMA.COLUMNS': {
    TABLE_SCHEMA: string;
    TABLE_NAME: string;
    COLUMN_NAME: string;
    DATA_TYPE: string;
    CHARACTER_MAXIMUM_LENGTH: number | null;
  };
}

interface WidthRow {
  table: string;
  column: string;
  width: number | undefined;
}

const MODEL_TABLES = Object.keys(SAGE_TABLES) as SageTableName[];

/**
 * The SQL Server query: every character column of the model's tables in the connection's
 * default schema (Sage companies live in `dbo`).
 */
export function sqlServerWidthQuery(db: SageDb, tables: readonly string[] = MODEL_TABLES) {
  return (db as unknown as Kysely<InformationSchema>)
    .selectFrom('INFORMATION_SCHEMA.COLUMNS')
    .select(['TABLE_NAME', 'COLUMN_NAME', 'DATA_TYPE', 'CHARACTER_MAXIMUM_LENGTH'])
    .where('TABLE_SCHEMA', '=', sql<string>`schema_name()`)
    .where('TABLE_NAME', 'in', [...tables])
    .where('CHARACTER_MAXIMUM_LENGTH', 'is not', null);
}

async function readSqlServer(db: SageDb): Promise<WidthRow[]> {
  const rows = await sqlServerWidthQuery(db).execute();
  return rows.map((r) => ({
    table: r.TABLE_NAME,
    column: r.COLUMN_NAME,
    width:
      r.CHARACTER_MAXIMUM_LENGTH === null
        ? undefined
        : r.CHARACTER_MAXIMUM_LENGTH < 0
          ? Number.POSITIVE_INFINITY
          : Number(r.CHARACTER_MAXIMUM_LENGTH),
  }));
}

/** `varchar(35)`, `nvarchar (69)`, `char(17)` → 35, 69, 17; `TEXT` → undefined. */
export function declaredWidth(declaredType: string): number | undefined {
  const match = /char\s*\(\s*(\d+)\s*\)/i.exec(declaredType);
  return match ? Number(match[1]) : undefined;
}

async function readSqlite(db: SageDb): Promise<WidthRow[]> {
  const rows: WidthRow[] = [];
  for (const table of MODEL_TABLES) {
    const result = await sql<{ name: string; type: string }>`
      select "name", "type" from pragma_table_info(${table})`.execute(db);
    for (const r of result.rows) {
      rows.push({ table, column: r.name, width: declaredWidth(r.type) });
    }
  }
  return rows;
}

const keyOf = (table: string, column: string) => `${table}.${column}`.toUpperCase();

/** Reads the widths now (no cache); the model fills columns the database gives no width for. */
export async function readColumnWidths(db: SageDb): Promise<ColumnWidths> {
  const rows = sageDialect(db) === 'mssql' ? await readSqlServer(db) : await readSqlite(db);
  const widths = new Map<string, number>();
  const sources = new Map<string, 'database' | 'model'>();
  for (const row of rows) {
    if (row.width === undefined) continue;
    widths.set(keyOf(row.table, row.column), row.width);
    sources.set(keyOf(row.table, row.column), 'database');
  }
  for (const table of MODEL_TABLES) {
    for (const [column, spec] of Object.entries(SAGE_TABLES[table].columns)) {
      const key = keyOf(table, column);
      if (spec.length === undefined || widths.has(key)) continue;
      widths.set(key, spec.length);
      sources.set(key, 'model');
    }
  }
  return {
    widthOf: (table, column) => widths.get(keyOf(table, column)),
    sources,
  };
}

/**
 * One read per SageDb. A transaction or a connection of a Kysely instance shares its adapter
 * object with it (Kysely creates the adapter once per instance), so the adapter keys the cache:
 * a writer called inside a transaction reuses what the instance loaded.
 */
const cache = new WeakMap<object, Promise<ColumnWidths>>();

/** The company's column widths, read once per SageDb (call it at start-up to load them early). */
export function columnWidths(db: SageDb): Promise<ColumnWidths> {
  const key = db.getExecutor().adapter;
  let widths = cache.get(key);
  if (!widths) {
    widths = readColumnWidths(db);
    cache.set(key, widths);
    // A failed read (connection lost) is not cached: the next write tries again.
    widths.catch(() => cache.delete(key));
  }
  return widths;
}
