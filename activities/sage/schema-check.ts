import type { FreeFieldsConfig } from '../../shared/config/sage';
import type { SageDb } from './db';
import { columnNames } from './ddl';
import { DEFAULT_FREE_FIELDS } from './free-fields';
import { SAGE_TABLES, type SageTableName } from './schema';

export interface SchemaCheck {
  ok: boolean;
  missingTables: string[];
  /** "TABLE.COLUMN", free-field columns from the configuration included. */
  missingColumns: string[];
}

/**
 * Compares the company's tables with the model (start-up check): a free-field column name that
 * does not exist, or a Sage version without a column the connector reads, is reported by name
 * instead of failing later inside a query. Uses Kysely's introspection (INFORMATION_SCHEMA on
 * SQL Server, pragma_table_info on SQLite); comparison is case-insensitive like SQL Server.
 */
/** The order import's header free fields under the model's names (`orders.sageFields`). */
const ORDER_FIELDS_OF_THE_MODEL = ['WEB_BOUTIQUE', 'WEB_ECART_PRIX'];

/**
 * `orderFields`: the header free fields the configuration names (`orders.sageFields`, `''` =
 * not used); they replace the model's default names in the check of F_DOCENTETE.
 */
export async function checkSageSchema(
  db: SageDb,
  freeFields: FreeFieldsConfig = DEFAULT_FREE_FIELDS,
  orderFields: string[] = ORDER_FIELDS_OF_THE_MODEL,
): Promise<SchemaCheck> {
  const tables = await db.introspection.getTables();
  const byName = new Map(tables.map((t) => [t.name.toUpperCase(), t]));
  const missingTables: string[] = [];
  const missingColumns: string[] = [];
  for (const table of Object.keys(SAGE_TABLES) as SageTableName[]) {
    const found = byName.get(table.toUpperCase());
    if (!found) {
      missingTables.push(table);
      continue;
    }
    const present = new Set(found.columns.map((c) => c.name.toUpperCase()));
    const expected =
      table === 'F_DOCENTETE'
        ? [
            ...columnNames(table, { freeFields }).filter(
              (c) => !ORDER_FIELDS_OF_THE_MODEL.includes(c),
            ),
            ...orderFields.filter((c) => c !== ''),
          ]
        : columnNames(table, { freeFields });
    for (const column of expected) {
      if (!present.has(column.toUpperCase())) missingColumns.push(`${table}.${column}`);
    }
  }
  return {
    ok: missingTables.length === 0 && missingColumns.length === 0,
    missingTables,
    missingColumns,
  };
}

export interface CompanyCounts {
  articles: number;
  /** Every third-party account (F_COMPTET, all types). */
  customers: number;
  depots: number;
}

async function countRows(
  db: SageDb,
  table: 'F_ARTICLE' | 'F_COMPTET' | 'F_DEPOT',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A few counts of the company: proves the connection reaches the tables. */
export async function countCompanyRows(db: SageDb): Promise<CompanyCounts> {
  const [articles, customers, depots] = await Promise.all([
    countRows(db, 'F_ARTICLE'),
    countRows(db, 'F_COMPTET'),
    countRows(db, 'F_DEPOT'),
  ]);
  return { articles, customers, depots };
}
