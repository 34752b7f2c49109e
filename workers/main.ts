/**
 * The main command (`npm start`). With nothing configured it runs the embedded default:
 * a Temporal dev server with its web UI, the Sage demo company, the WooCommerce sandbox,
 * then every worker and the schedules; it runs the connector check once, prints the URLs and
 * stops everything, the dev server included, on Ctrl-C.
 */
import { connectorCheck } from '../workflows';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { secretValues, type Config } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import { createRedactor } from '../activities/woo/redact';
import { checkShopOrderStatuses } from '../activities/orders/shop-statuses';
import { buildActivityDeps } from './deps';
import { startEmbedded } from './embedded';
import { assertPortsFree } from './embedded-ports';
import { loadConfigOrExit } from './load-config';
import { createLogger, installTemporalRuntime } from './logging';
import { startWorkers } from './run-workers';
import { applySchedules, triggerFirstRuns } from './schedules';
import { customerEditsInput, ensureCustomerEdits } from './webhooks/customer-updated';
import { ensureSageChangeFeed } from './sage-change-feed';
import { startConnectorWebhooks } from './webhooks/start';
import { countWaitingOrders, startMetricsEndpoint } from './metrics';
import { untilSignal } from './shutdown';
import { connectClient, connectWorkerConnection, targetOf } from './temporal-connection';

/**
 * The embedded default (demo company and sandbox) runs the catalog, stock and customer schedules
 * once at start, so the shop is in step right away instead of at the first interval.
 */
/** One run of each sync now (never a second one beside a run in progress or a recent one). */
async function triggerFirstSyncs(client: Client, config: Config, logger: Logger): Promise<void> {
  if (config.sage.kind !== 'embedded' || config.woo.kind !== 'sandbox') return;
  const ids = ['catalog-hourly', 'stock', 'customer-sync'];
  logger.info(await triggerFirstRuns(client, config.schedules, ids), 'first runs');
}

async function main(): Promise<void> {
  const signal = untilSignal();
  const fileConfig = loadConfigOrExit();
  const redact = createRedactor(secretValues(fileConfig));
  const say = (line: string): void => void process.stderr.write(`${redact(line)}\n`);
  // Logs go to stdout (one human line each on a terminal, JSON otherwise), the banner below to
  // stderr as plain text: a collector reading stdout gets JSON alone, a terminal no JSON at all.
  const logger = createLogger(fileConfig.log.level, secretValues(fileConfig));

  // A port taken (typically by a main command already running) stops the start before anything
  // is started, written or overwritten.
  try {
    await assertPortsFree(fileConfig);
  } catch (err) {
    say(`sage-woo-sync: cannot start: ${innermostMessage(err)}`);
    process.exit(1);
  }
  installTemporalRuntime(logger, [], fileConfig.metrics.temporalListen);

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    }
  };

  try {
    say('sage-woo-sync: starting…');
    const embedded = await startEmbedded(fileConfig, logger);
    cleanups.push(embedded.stop);
    const config = embedded.config;

    const target = targetOf(config.temporal, embedded.temporalAddress);
    const client = await connectClient(target);
    cleanups.push(() => client.connection.close());
    const connection = await connectWorkerConnection(target);
    cleanups.push(() => connection.close());
    const deps = buildActivityDeps(config, logger);
    cleanups.push(deps.close);

    // WooCommerce turns an unregistered status into a 400 (or silently into `pending` in a
    // batch): every status the order mapping names must exist before any order is touched.
    const statuses = await checkShopOrderStatuses(await deps.deps.woo(), config.orders);
    if (statuses.missing.length > 0) {
      throw new Error(
        `the shop has no order status ${statuses.missing.join(', ')} (orders.statuses maps to ` +
          `them): register them in the shop or change the mapping; the shop has ${statuses.known.join(', ')}`,
      );
    }

    // Before the workers: a webhook port already in use stops the start at once.
    const webhooks = await startConnectorWebhooks(config, client, logger, {
      roles: config.workers.roles,
    });
    cleanups.push(webhooks.close);
    const metrics = await startMetricsEndpoint(config.metrics.listen, {
      logger,
      ordersWaiting: countWaitingOrders(() => Promise.resolve(client)),
    });
    cleanups.push(metrics.close);

    const workers = await startWorkers({
      connection,
      namespace: config.temporal.namespace,
      roles: config.workers.roles,
      deps: deps.deps,
      logger,
    });
    cleanups.push(workers.shutdown);

    const schedules = await applySchedules(client, config.schedules, { prune: true });
    logger.info(schedules, 'schedules applied');
    await triggerFirstSyncs(client, config, logger);
    // The edits workflow polls the shop for customer edits, with or without webhooks.
    await ensureCustomerEdits(client, customerEditsInput(config));
    // The Sage change feed wakes orders when their quote's chain changes (orders.changeFeed).
    await ensureSageChangeFeed(client, config);

    const check = await client.workflow.execute(connectorCheck, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `connector-check-start-${Date.now()}`,
    });
    say('');
    say(
      `  Temporal UI      ${embedded.urls.temporalUi ?? '(external server: see your Temporal UI)'}`,
    );
    say(`  Temporal gRPC    ${embedded.temporalAddress}  namespace ${config.temporal.namespace}`);
    say(`  Shop             ${embedded.urls.shop ?? config.woo.url ?? ''}`);
    say(`  Sage company     ${embedded.urls.sage}`);
    say(`  Schedules        ${config.schedules.map((s) => s.id).join(', ') || '(none)'}`);
    say(
      `  Webhooks         ${webhooks.listen ? `listening on ${webhooks.listen}, shop delivers to ${webhooks.url ?? ''}` : '(not running here)'}`,
    );
    say(
      `  Connector check  Sage: ${check.sage.articles} articles, ${check.sage.customers} accounts, ` +
        `${check.sage.depots} depots · shop: ${check.woo.products} products, ` +
        `${check.woo.customers} customers, ${check.woo.orders} orders`,
    );
    say(
      check.woo.plugin
        ? `  Shop plugin      sage-woo-sync ${check.woo.plugin.version} (contract ${check.woo.plugin.contract}): ${check.woo.plugin.features.join(', ')}`
        : '  Shop plugin      not found: customers see list prices and no depot stock; install shop-plugin/sage-woo-sync',
    );
    say('');
    say('sage-woo-sync: ready. Press Ctrl-C to stop.');

    const received = await Promise.race([signal, workers.done.then(() => 'workers stopped')]);
    say(`sage-woo-sync: stopping (${received})…`);
  } catch (err) {
    logger.error({ err }, 'start failed');
    say(`sage-woo-sync: failed: ${innermostMessage(err)}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
    say('sage-woo-sync: stopped.');
  }
  // Whatever a library left open (a socket, a timer) must not keep a stopped connector alive.
  process.exit(process.exitCode ?? 0);
}

/** A failed workflow says "Workflow execution failed": the reason is its innermost cause. */
function innermostMessage(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

void main();
