import { sql, type RawBuilder } from 'kysely';
import { sageDialect, type SageDb } from './db';

/**
 * `column IN (keys)` for trimmed business keys. SQL Server ignores trailing spaces when it
 * compares strings, so the plain column keeps its index; SQLite does not, so the embedded engine
 * compares the trimmed column (stored keys such as 'BAD-SPACES   ' exist in real companies).
 */
export function trimmedKeyIn(
  db: SageDb,
  column: string,
  keys: readonly string[],
): RawBuilder<boolean> {
  const ref = sql.ref(column);
  const lhs = sageDialect(db) === 'sqlite' ? sql`rtrim(ltrim(${ref}))` : ref;
  return sql<boolean>`${lhs} in (${sql.join([...keys])})`;
}
