import { existsSync, statSync } from 'node:fs';
import type { EmbeddedSageConfig, SageConfig } from '../../shared/config/sage';
import { openSqliteFile } from '../../activities/sage/db';
import { renderSqliteMissingColumns, renderSqliteSchema } from '../../activities/sage/ddl';
import { SAGE_TABLES, type SageTableName } from '../../activities/sage/schema';
import { generateDemoCompany, type DemoCounts } from './generator';

export interface EnsureResult {
  path: string;
  /** True when this call generated the company (the file was absent or empty). */
  generated: boolean;
  counts?: DemoCounts;
  wallMs: number;
}

/**
 * Makes sure the embedded demo company exists: generates it (size and seed from the
 * configuration) when the file is absent, empty, or holds no article table yet; an existing
 * company keeps its data, so demo data and simulator progress survive restarts, and only gets
 * the tables and columns a newer model added (e.g. F_DOCREGL, the payment schedules;
 * F_DOCLIGNE.AC_RefClient, the customer's article code).
 */
export function ensureDemoCompany(config: SageConfig): EnsureResult {
  if (config.kind !== 'embedded') throw new Error('ensureDemoCompany needs sage.kind "embedded"');
  const embedded: EmbeddedSageConfig = config;
  const { path } = embedded.embedded;
  if (path === ':memory:') {
    // Each connection to ':memory:' is a new empty database: build one with
    // generateDemoCompany({ database }) and wrap it with sageDbFromSqlite instead.
    throw new Error('ensureDemoCompany needs a file path, not ":memory:"');
  }
  const started = Date.now();
  if (existsSync(path) && statSync(path).size > 0 && hasCompany(path)) {
    addMissingTables(path, embedded);
    return { path, generated: false, wallMs: Date.now() - started };
  }
  const counts = generateDemoCompany({
    path,
    size: embedded.demo.size,
    seed: embedded.demo.seed,
    freeFields: embedded.freeFields,
  });
  return { path, generated: true, counts, wallMs: Date.now() - started };
}

/**
 * The model's DDL is all `IF NOT EXISTS`: existing tables and their rows stay as they are; columns
 * the model gained since are added (empty / 0 in the existing rows).
 */
function addMissingTables(path: string, config: EmbeddedSageConfig): void {
  const database = openSqliteFile(path);
  try {
    for (const statement of renderSqliteSchema({ freeFields: config.freeFields })) {
      database.exec(statement);
    }
    for (const table of Object.keys(SAGE_TABLES) as SageTableName[]) {
      const present = database.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as {
        name: string;
      }[];
      const statements = renderSqliteMissingColumns(table, new Set(present.map((c) => c.name)), {
        freeFields: config.freeFields,
      });
      for (const statement of statements) database.exec(statement);
    }
  } finally {
    database.close();
  }
}

function hasCompany(path: string): boolean {
  const database = openSqliteFile(path);
  try {
    const table = database
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'F_ARTICLE'`)
      .get();
    if (!table) return false;
    const row = database.prepare('SELECT COUNT(*) AS n FROM "F_ARTICLE"').get() as { n: number };
    return row.n > 0;
  } finally {
    database.close();
  }
}
