import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { SAGE_TABLES } from '../../activities/sage/schema';

/**
 * SHA-256 over every Sage table of an embedded company, tables in model order, rows ordered by
 * cbMarq, all columns (free fields included) in table order. Two companies with the same hash
 * hold the same data.
 */
export function contentHash(database: Database.Database): string {
  const hash = createHash('sha256');
  for (const table of Object.keys(SAGE_TABLES)) {
    hash.update(`#${table}\n`);
    const statement = database.prepare(`SELECT * FROM "${table}" ORDER BY "cbMarq"`).raw(true);
    for (const row of statement.iterate()) hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}
