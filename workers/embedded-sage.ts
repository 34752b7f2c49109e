import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import { openSqliteFile } from '../activities/sage/db';
import { generateDemoCompany } from '../sandbox/sage/generator';

function holdsCompany(path: string): boolean {
  if (!existsSync(path)) return false;
  const database = openSqliteFile(path);
  try {
    const table = database
      .prepare("select name from sqlite_master where type = 'table' and name = 'F_ARTICLE'")
      .get();
    if (!table) return false;
    return (database.prepare('select count(*) as n from F_ARTICLE').get() as { n: number }).n > 0;
  } finally {
    database.close();
  }
}

/**
 * With `sage.kind` "embedded", makes sure the demo company exists: generated once (seeded, so
 * always the same company), then reused, with whatever the syncs and the simulator changed.
 */
export async function ensureEmbeddedSage(
  config: Config,
  logger: Logger,
): Promise<{ description: string }> {
  const sage = config.sage;
  if (sage.kind !== 'embedded') {
    return { description: `SQL Server ${sage.sqlserver.server}/${sage.sqlserver.database}` };
  }
  const path = sage.embedded.path;
  if (path !== ':memory:' && !holdsCompany(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const started = Date.now();
    const counts = generateDemoCompany({
      path,
      size: sage.demo.size,
      seed: sage.demo.seed,
      freeFields: sage.freeFields,
    });
    logger.info({ path, ms: Date.now() - started, ...counts }, 'demo company generated');
  }
  return { description: `demo company (${sage.demo.size}) in ${path}` };
}
