/**
 * Operator commands:
 *   config print       the effective configuration, secrets masked
 *   config check       validates the configuration (exit 2 and every bad field when invalid)
 *   schedules apply    creates/updates the configured schedules on the Temporal server
 *   check              runs the connector check workflow and prints its result
 */
import { connectorCheck } from '../workflows';
import { maskSecrets } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import { loadConfigOrExit } from './load-config';
import { applySchedules } from './schedules';
import { connectClient, targetOf } from './temporal-connection';

const USAGE = `usage: npm run cli -- <command> [--config FILE]
  config print       print the effective configuration (secrets masked)
  config check       validate the configuration
  schedules apply    create or update the configured schedules (--prune deletes the others)
  check              run the connector check workflow on the configured Temporal server`;

async function main(argv: string[]): Promise<number> {
  const words = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--config');
  const command = words.slice(0, 2).join(' ');
  switch (command.startsWith('check') ? 'check' : command) {
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
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
