/**
 * Worker entry point for production: runs the workers of the configured roles against an
 * existing Temporal server (`temporal.mode` "external"), e.g. `--roles sage` next to the Sage
 * server and `--roles workflows,woo` elsewhere. `npm start` runs the embedded default instead.
 */
import { workerRoles, type WorkerRole } from '../shared/config';
import { buildActivityDeps } from './deps';
import { loadConfigOrExit } from './load-config';
import { createLogger, installTemporalRuntime } from './logging';
import { startWorkers } from './run-workers';
import { untilSignal } from './shutdown';
import { connectWorkerConnection, targetOf } from './temporal-connection';
import { secretValues } from '../shared/config';

function rolesFromArgs(argv: readonly string[], fallback: readonly WorkerRole[]): WorkerRole[] {
  const flag = argv.indexOf('--roles');
  if (flag < 0) return [...fallback];
  const roles = (argv[flag + 1] ?? '').split(',').filter(Boolean);
  const bad = roles.filter((r) => !(workerRoles as readonly string[]).includes(r));
  if (roles.length === 0 || bad.length > 0) {
    process.stderr.write(
      `--roles takes a comma list of ${workerRoles.join(', ')} (got "${argv[flag + 1] ?? ''}")\n`,
    );
    process.exit(2);
  }
  return roles as WorkerRole[];
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.log.level, secretValues(config));
  installTemporalRuntime(logger, []);
  const roles = rolesFromArgs(process.argv, config.workers.roles);
  const connection = await connectWorkerConnection(targetOf(config.temporal));
  const deps = buildActivityDeps(config, logger);
  const workers = await startWorkers({
    connection,
    namespace: config.temporal.namespace,
    roles,
    deps: deps.deps,
    logger,
  });
  const signal = await Promise.race([untilSignal(), workers.done.then(() => undefined)]);
  logger.info({ signal }, 'shutting down');
  await workers.shutdown();
  await deps.close();
  await connection.close();
  logger.info('stopped');
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
