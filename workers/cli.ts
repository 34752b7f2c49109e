/**
 * Operator commands:
 *   config print       the effective configuration, secrets masked
 *   config check       validates the configuration (exit 2 and every bad field when invalid)
 *   schedules apply    creates/updates the configured schedules on the Temporal server
 *   check              runs the connector check workflow and prints its result
 *   reports [FLOW]     lists what a flow reported to the operator (catalog, stock, customers,
 *                      prices, orders, doctor, drift; every flow when none given)
 *   status             last run of every sync, orders waiting for an operator, webhooks
 *                      (exit 1 when something needs attention)
 *   parity             runs the price parity workflow and prints its report (exit 3 on mismatches)
 *   doctor [--fix]     checks the shop, Sage and Temporal, each failure with its fix (exit 1: a failure)
 *   reconcile [--heal] runs the drift reconciliation and prints its summary (exit 3 on drift)
 */
import { connectorCheck, driftReconciliation, priceParity } from '../workflows';
import { formatParityReport } from '../shared/price-sync/parity';
import { formatReconciliation } from '../shared/drift/report';
import { maskSecrets } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import { openSnapshotStore } from '../activities/state/snapshots';
import { loadConfigOrExit } from './load-config';
import { applySchedules } from './schedules';
import { formatStatus, lastSyncRuns, waitingOrders, webhookHealth } from './status';
import { connectClient, targetOf } from './temporal-connection';
import { formatDoctor, runDoctor } from './doctor';

/** Flows `reports` knows: the state store's reports, and the orders waiting in Temporal. */
const REPORT_FLOWS = [
  'catalog',
  'stock',
  'customers',
  'prices',
  'orders',
  'doctor',
  'drift',
] as const;

const USAGE = `usage: npm run cli -- <command> [--config FILE]
  config print       print the effective configuration (secrets masked)
  config check       validate the configuration
  schedules apply    create or update the configured schedules (--prune deletes the others)
  check              run the connector check workflow on the configured Temporal server
  reports [FLOW] [--problem P] [--limit N]
                     list what a flow reported (catalog, stock, customers, prices, orders, doctor,
                     drift; every flow when none given): bad data, SKUs missing in the shop,
                     conflicts, orders waiting for an operator, what the shop holds otherwise
  reconcile [--heal] compare the shop with Sage now (catalog, stock, prices, customer links,
                     order statuses), each drift in \`reports drift\`; --heal writes it again
                     (exit 3 when something drifted, 1 when an area failed)
  status             last run of every sync, orders waiting for an operator with the
                     command to resume them, the shop's webhooks (exit 1: needs attention)
  parity [--customers N] [--articles M] [--seed S]
                     compare the engine's prices with what the shop's data implies for
                     N customers × M articles; every mismatch with both derivations
                     (exit 3 when there are mismatches)
  doctor [--fix]     check the shop (key, plugin, statuses, webhooks, new account e-mail), Sage
                     and Temporal, each failure with its fix; --fix re-enables the webhooks the
                     shop disabled (exit 1 when a check fails); the \`doctor\` workflow runs the
                     same checks on schedule, its failures in \`reports doctor\``;

async function main(argv: string[]): Promise<number> {
  const valueFlags = ['--config', '--problem', '--limit', '--customers', '--articles', '--seed'];
  const words = argv.filter((a, i) => !a.startsWith('--') && !valueFlags.includes(argv[i - 1]));
  const flag = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const command = words.slice(0, 2).join(' ');
  switch (/^(check|reports)\b/.exec(command)?.[1] ?? command) {
    case 'config print':
      process.stdout.write(`${JSON.stringify(maskSecrets(loadConfigOrExit(argv)), null, 2)}\n`);
      return 0;
    case 'config check':
      loadConfigOrExit(argv);
      process.stdout.write('configuration is valid\n');
      return 0;
    case 'schedules apply': {
      const config = loadConfigOrExit(argv);
      const client = await connectClient(targetOf(config.temporal));
      const result = await applySchedules(client, config.schedules, {
        prune: argv.includes('--prune'),
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      await client.connection.close();
      return 0;
    }
    case 'check': {
      const config = loadConfigOrExit(argv);
      const client = await connectClient(targetOf(config.temporal));
      const result = await client.workflow.execute(connectorCheck, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `connector-check-cli-${Date.now()}`,
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      await client.connection.close();
      return 0;
    }
    case 'parity': {
      const config = loadConfigOrExit(argv);
      const client = await connectClient(targetOf(config.temporal));
      const number = (name: string) => (flag(name) === undefined ? undefined : Number(flag(name)));
      const result = await client.workflow.execute(priceParity, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `price-parity-cli-${Date.now()}`,
        args: [
          {
            customers: number('--customers'),
            articles: number('--articles'),
            seed: number('--seed'),
          },
        ],
      });
      process.stdout.write(formatParityReport(result));
      await client.connection.close();
      return result.mismatchCount === 0 ? 0 : 3;
    }
    case 'reports': {
      const flow = words[1];
      if (flow !== undefined && !(REPORT_FLOWS as readonly string[]).includes(flow)) {
        process.stderr.write(`unknown flow ${flow}: one of ${REPORT_FLOWS.join(', ')}\n`);
        return 2;
      }
      const flows = flow === undefined ? [...REPORT_FLOWS] : [flow];
      const config = loadConfigOrExit(argv);
      const problem = flag('--problem');
      const limit = Number(flag('--limit') ?? 1_000);
      process.stdout.write('flow\tkey\tproblem\tdetail\tlast seen\ttimes\n');
      const counts: string[] = [];
      const storeFlows = flows.filter((f) => f !== 'orders');
      if (storeFlows.length > 0) {
        const store = await openSnapshotStore(config.stateStore);
        try {
          for (const f of storeFlows) {
            const reports = await store.listReports(f, { problem, limit });
            for (const r of reports) {
              process.stdout.write(
                `${f}\t${r.key}\t${r.problem}\t${r.detail}\t${r.lastSeen}\t×${r.times}\n`,
              );
            }
            counts.push(`${reports.length} report(s) for ${f}`);
          }
        } finally {
          await store.close();
        }
      }
      if (flows.includes('orders')) {
        const client = await connectClient(targetOf(config.temporal));
        try {
          const orders = (await waitingOrders(client))
            .filter((o) => problem === undefined || o.problem?.type === problem)
            .slice(0, limit);
          for (const o of orders) {
            const detail = `${o.headline} (${o.workflowId})`;
            process.stdout.write(
              `orders\t${o.orderNumber}\t${o.problem?.type ?? o.state}\t${detail}\t` +
                `${o.since.toISOString()}\t×1\n`,
            );
          }
          counts.push(`${orders.length} order(s) waiting for an operator`);
        } finally {
          await client.connection.close();
        }
      }
      process.stderr.write(`${counts.join(', ')}\n`);
      return 0;
    }
    case 'reconcile': {
      const config = loadConfigOrExit(argv);
      const client = await connectClient(targetOf(config.temporal));
      try {
        const heal = argv.includes('--heal');
        const result = await client.workflow.execute(driftReconciliation, {
          taskQueue: TASK_QUEUES.workflows,
          workflowId: `drift-reconciliation-cli-${Date.now()}`,
          args: [{ heal }],
          staticSummary: `Drift reconciliation (${heal ? 'heal' : 'report only'}), from the CLI`,
        });
        process.stdout.write(formatReconciliation(result));
        if (result.areas.some((a) => a.state === 'failed')) return 1;
        return result.drifted === 0 ? 0 : 3;
      } finally {
        await client.connection.close();
      }
    }
    case 'status': {
      const config = loadConfigOrExit(argv);
      const client = await connectClient(targetOf(config.temporal));
      try {
        const [runs, orders, webhooks] = await Promise.all([
          lastSyncRuns(client),
          waitingOrders(client),
          webhookHealth(config),
        ]);
        const report = formatStatus({ runs, orders, webhooks });
        process.stdout.write(report.text);
        return report.attention.length === 0 ? 0 : 1;
      } finally {
        await client.connection.close();
      }
    }
    case 'doctor': {
      const config = loadConfigOrExit(argv);
      const report = formatDoctor(await runDoctor(config, { fix: argv.includes('--fix') }));
      process.stdout.write(report.text);
      return report.exitCode;
    }
    default:
      break;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
