/**
 * Worker entry point for production: runs the workers of the configured roles against an
 * existing Temporal server (`temporal.mode` "external"), e.g. `--roles sage` next to the Sage
 * server and `--roles workflows,woo` elsewhere. The process running the `workflows` role also
 * runs the webhook server and registers the shop's webhooks (`webhooks.*`), and starts the
 * long-running `customer-edits` workflow unless it runs (ensure-flows.ts). Schedules are applied
 * by `npm run cli -- schedules apply`. `npm start` runs the embedded default instead.
 */
import type { Client } from '@temporalio/client';
import { workerRoles, type WorkerRole } from '../shared/config';
import { buildActivityDeps } from './deps';
import { loadConfigOrExit } from './load-config';
import { createLogger, installTemporalRuntime } from './logging';
import { startWorkers } from './run-workers';
import { untilSignal } from './shutdown';
import { connectClient, connectWorkerConnection, targetOf } from './temporal-connection';
import { secretValues } from '../shared/config';
import { startConnectorWebhooks } from './webhooks/start';
import { ensureConnectorFlows } from './ensure-flows';
import { countWaitingOrders, startMetricsEndpoint } from './metrics';

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
  // Listened for from the start: a SIGTERM that comes while the workers start (right after
  // "workers started", say) is a stop asked for, not the default action that kills the process.
  const stopAsked = untilSignal();
  const config = loadConfigOrExit();
  const logger = createLogger(config.log.level, secretValues(config));
  installTemporalRuntime(logger, [], config.metrics.temporalListen);
  const roles = rolesFromArgs(process.argv, config.workers.roles);
  const target = targetOf(config.temporal);
  // The webhook server and the edits workflow's start need a client: only a process of the
  // `workflows` role connects one.
  // Before the workers, so that a webhook port already in use stops the start at once.
  let client: Promise<Client> | undefined;
  const temporalClient = (): Promise<Client> =>
    (client ??= connectClient(target).catch((err: unknown) => {
      client = undefined; // the next call tries again
      throw err;
    }));
  const webhooks = await startConnectorWebhooks(config, temporalClient, logger, { roles });
  const metrics = await startMetricsEndpoint(config.metrics.listen, {
    logger,
    ...(roles.includes('workflows') ? { ordersWaiting: countWaitingOrders(temporalClient) } : {}),
  });
  const connection = await connectWorkerConnection(target);
  const deps = buildActivityDeps(config, logger);
  const workers = await startWorkers({
    connection,
    namespace: config.temporal.namespace,
    roles,
    deps: deps.deps,
    logger,
  });
  const flows = ensureConnectorFlows(temporalClient, config, logger, roles);
  const signal = await Promise.race([stopAsked, workers.done.then(() => undefined)]);
  logger.info({ signal }, 'shutting down');
  // Not awaited: a start still waiting for an unreachable server must not hold the shutdown.
  flows.stop();
  await webhooks.close();
  await metrics.close();
  await workers.shutdown();
  await deps.close();
  await connection.close();
  if (client) await (await client.catch(() => undefined))?.connection.close();
  logger.info('stopped');
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
