import type { FreeFieldsConfig } from '../../shared/config/sage';
import { SAGE_TABLES, type ColumnSpec, type SageTableName, type TableSpec } from './schema';

/**
 * DDL rendered from the one model in schema.ts: the embedded engine's schema (SQLite) and the
 * SQL Server script of a test company. Both emulate what Sage does with cbMarq (identity) and
 * cbModification (set on insert, moved forward by an UPDATE trigger unless the writer sets it).
 */

export interface DdlOptions {
  freeFields: FreeFieldsConfig;
}

/** Free-field columns added to F_ARTICLE (master reference, attribute/value pairs). */
export function freeFieldColumns(freeFields: FreeFieldsConfig): string[] {
  const names = [freeFields.masterReference];
  for (const pair of freeFields.attributes) names.push(pair.name, pair.value);
  return [...new Set(names)];
}

function tableColumns(table: SageTableName, options: DdlOptions): [string, ColumnSpec][] {
  const spec: TableSpec = SAGE_TABLES[table];
  const columns = Object.entries(spec.columns);
  if (table !== 'F_ARTICLE') return columns;
  const extra = freeFieldColumns(options.freeFields).map((name): [string, ColumnSpec] => [
    name,
    { kind: 'text', length: 69 },
  ]);
  // Sage appends free fields after its own columns.
  return [...columns, ...extra];
}

/** Names of every column of a table, free fields included, in model order. */
export function columnNames(table: SageTableName, options: DdlOptions): string[] {
  return tableColumns(table, options).map(([name]) => name);
}

const SQLITE_NOW = `strftime('%Y-%m-%dT%H:%M:%f', 'now')`;

function sqliteColumn(name: string, spec: ColumnSpec): string {
  const q = `"${name}"`;
  switch (spec.kind) {
    case 'identity':
      return `${q} INTEGER PRIMARY KEY AUTOINCREMENT`;
    case 'key':
      // SQL Server's default collation ignores trailing spaces (and case). SQLite has one
      // collation per column: RTRIM gives the trailing-space behaviour, which real companies
      // depend on ('REF ' = 'REF'); keys are compared case-sensitively on the embedded engine.
      // The declared varchar(n) keeps TEXT affinity and carries the width the write guard reads
      // back (column-widths.ts).
      return `${q} varchar(${spec.length ?? 69}) NOT NULL COLLATE RTRIM`;
    case 'text':
      // RTRIM as on SQL Server, where every varchar comparison ignores trailing spaces (a text
      // column holding an account, e.g. F_ARTCLIENT.CT_Num, matches 'CLSPACES  ' either way).
      return `${q} varchar(${spec.length ?? 69}) DEFAULT '' COLLATE RTRIM`;
    case 'int':
    case 'small':
      return `${q} INTEGER NOT NULL DEFAULT 0`;
    case 'decimal':
      return `${q} TEXT NOT NULL DEFAULT '0'`;
    case 'date':
      return `${q} TEXT`;
    case 'requiredDate':
      return `${q} TEXT NOT NULL`;
    case 'modified':
      return `${q} TEXT NOT NULL DEFAULT (${SQLITE_NOW})`;
  }
}

/** SQLite statements creating the Sage tables, indexes and change-tracking triggers. */
export function renderSqliteSchema(options: DdlOptions): string[] {
  const statements: string[] = [];
  for (const table of Object.keys(SAGE_TABLES) as SageTableName[]) {
    const spec: TableSpec = SAGE_TABLES[table];
    const columns = tableColumns(table, options).map(([n, s]) => `  ${sqliteColumn(n, s)}`);
    statements.push(`CREATE TABLE IF NOT EXISTS "${table}" (\n${columns.join(',\n')}\n)`);
    spec.unique.forEach((cols, i) => {
      statements.push(
        `CREATE UNIQUE INDEX IF NOT EXISTS "UX_${table}_${i}" ON "${table}" (${cols.map((c) => `"${c}"`).join(', ')})`,
      );
    });
    spec.indexes.forEach((cols, i) => {
      statements.push(
        `CREATE INDEX IF NOT EXISTS "IX_${table}_${i}" ON "${table}" (${cols.map((c) => `"${c}"`).join(', ')})`,
      );
    });
    // What Sage's own writes do on SQL Server: every UPDATE moves cbModification forward, unless
    // the statement sets it itself. Recursive triggers are off, so the inner UPDATE does not loop.
    statements.push(
      `CREATE TRIGGER IF NOT EXISTS "TG_UPD_${table}" AFTER UPDATE ON "${table}" FOR EACH ROW ` +
        `WHEN NEW."cbModification" IS OLD."cbModification" BEGIN ` +
        `UPDATE "${table}" SET "cbModification" = ${SQLITE_NOW} WHERE "cbMarq" = NEW."cbMarq"; END`,
    );
  }
  return statements;
}

/**
 * `ALTER TABLE … ADD COLUMN` for the model's columns an existing embedded table lacks (a company
 * file created before the model gained them, e.g. F_DOCLIGNE.AC_RefClient). Only columns with a
 * constant default can be added that way: the kinds text, int, small, decimal and date.
 */
export function renderSqliteMissingColumns(
  table: SageTableName,
  present: ReadonlySet<string>,
  options: DdlOptions,
): string[] {
  const known = new Set([...present].map((c) => c.toUpperCase()));
  return tableColumns(table, options)
    .filter(([name]) => !known.has(name.toUpperCase()))
    .filter(([, spec]) => ['text', 'int', 'small', 'decimal', 'date'].includes(spec.kind))
    .map(([name, spec]) => `ALTER TABLE "${table}" ADD COLUMN ${sqliteColumn(name, spec)}`);
}

function sqlServerColumn(name: string, spec: ColumnSpec, table: string): string {
  const q = `[${name}]`;
  const df = (value: string) => `CONSTRAINT [DF_${table}_${name}] DEFAULT ${value}`;
  switch (spec.kind) {
    case 'identity':
      return `${q} int IDENTITY(1,1) NOT NULL CONSTRAINT [PK_${table}] PRIMARY KEY`;
    case 'key':
      return `${q} varchar(${spec.length}) NOT NULL`;
    case 'text':
      return `${q} varchar(${spec.length ?? 69}) NULL ${df("''")}`;
    case 'int':
      return `${q} int NOT NULL ${df('0')}`;
    case 'small':
      return `${q} smallint NOT NULL ${df('0')}`;
    case 'decimal':
      return `${q} numeric(24,6) NOT NULL ${df('0')}`;
    case 'date':
      return `${q} datetime NULL`;
    case 'requiredDate':
      return `${q} datetime NOT NULL`;
    case 'modified':
      return `${q} datetime NOT NULL ${df('GETDATE()')}`;
  }
}

/**
 * T-SQL script creating the same tables in an empty SQL Server database (a TEST company, never
 * a production one): batches separated by GO, idempotent (skips existing tables). cbModification
 * is datetime here (smalldatetime in Sage v3.10: 1-minute resolution, hence the read overlap).
 */
export function renderSqlServerSchema(options: DdlOptions): string {
  const batches: string[] = [
    '-- Sage 100c subset used by sage-woo-sync: test company schema (never a production company).\n' +
      '-- Generated from activities/sage/schema.ts by sandbox/sage/write-sqlserver-schema.ts; do not edit.',
    'SET ANSI_NULLS ON;\nSET QUOTED_IDENTIFIER ON;\nGO',
  ];
  for (const table of Object.keys(SAGE_TABLES) as SageTableName[]) {
    const spec: TableSpec = SAGE_TABLES[table];
    const columns = tableColumns(table, options).map(
      ([n, s]) => `    ${sqlServerColumn(n, s, table)}`,
    );
    const indexes = [
      ...spec.unique.map(
        (cols, i) =>
          `  CREATE UNIQUE INDEX [UX_${table}_${i}] ON [${table}] (${cols.map((c) => `[${c}]`).join(', ')});`,
      ),
      ...spec.indexes.map(
        (cols, i) =>
          `  CREATE INDEX [IX_${table}_${i}] ON [${table}] (${cols.map((c) => `[${c}]`).join(', ')});`,
      ),
    ];
    batches.push(
      `IF OBJECT_ID(N'[dbo].[${table}]', N'U') IS NULL\nBEGIN\n  CREATE TABLE [dbo].[${table}] (\n${columns.join(',\n')}\n  );\n${indexes.join('\n')}\nEND\nGO`,
    );
    batches.push(
      `CREATE OR ALTER TRIGGER [dbo].[TG_SWS_UPD_${table}] ON [dbo].[${table}] AFTER UPDATE AS\n` +
        `BEGIN\n  SET NOCOUNT ON;\n  IF NOT UPDATE([cbModification])\n` +
        `    UPDATE t SET [cbModification] = GETDATE() FROM [dbo].[${table}] t JOIN inserted i ON i.[cbMarq] = t.[cbMarq];\nEND\nGO`,
    );
  }
  return `${batches.join('\n\n')}\n`;
}
