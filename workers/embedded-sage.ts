import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import { ensureDemoCompany } from '../sandbox/sage/ensure';

/**
 * With `sage.kind` "embedded", makes sure the demo company exists: generated once (seeded, so
 * always the same company), then reused with whatever the syncs and the simulator changed.
 */
export function ensureEmbeddedSage(config: Config, logger: Logger): { description: string } {
  const sage = config.sage;
  if (sage.kind !== 'embedded') {
    return { description: `SQL Server ${sage.sqlserver.server}/${sage.sqlserver.database}` };
  }
  const result = ensureDemoCompany(sage);
  if (result.generated) {
    logger.info(
      { ...result.counts, path: result.path, ms: result.wallMs },
      'demo company generated',
    );
  }
  return { description: `demo company (${sage.demo.size}) in ${result.path}` };
}
