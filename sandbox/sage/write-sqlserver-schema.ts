import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FreeFieldsConfig } from '../../shared/config/sage';
import { renderSqlServerSchema } from '../../activities/sage/ddl';
import { DEFAULT_FREE_FIELDS } from '../../activities/sage/free-fields';

/** Where the committed SQL Server script of the test company lives. */
export const SQLSERVER_SCHEMA_PATH = join(__dirname, 'sqlserver-schema.sql');

/**
 * Writes the T-SQL script creating the Sage tables of a test company, from the same model as
 * the embedded engine. Run with `tsx sandbox/sage/write-sqlserver-schema.ts [out]`, then
 * `sqlcmd -S server -d TESTCOMPANY -i sandbox/sage/sqlserver-schema.sql`.
 */
export function writeSqlServerSchema(
  path = SQLSERVER_SCHEMA_PATH,
  freeFields: FreeFieldsConfig = DEFAULT_FREE_FIELDS,
): string {
  const script = renderSqlServerSchema({ freeFields });
  writeFileSync(path, script);
  return path;
}

if (require.main === module) {
  console.log(`wrote ${writeSqlServerSchema(process.argv[2])}`);
}
