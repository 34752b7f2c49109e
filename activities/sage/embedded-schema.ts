import { sql } from 'kysely';
import type { FreeFieldsConfig } from '../../shared/config/sage';
import type { SageDb } from './db';
import { renderSqliteSchema } from './ddl';
import { DEFAULT_FREE_FIELDS } from './free-fields';

/** Creates the Sage tables in an embedded (SQLite) database; existing tables are left alone. */
export async function createEmbeddedSchema(
  db: SageDb,
  freeFields: FreeFieldsConfig = DEFAULT_FREE_FIELDS,
): Promise<void> {
  for (const statement of renderSqliteSchema({ freeFields })) {
    await sql.raw(statement).execute(db);
  }
}
