import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createWooClient } from '../activities/woo';
import { TASK_QUEUES } from '../shared/task-queues';
import { startConnectorUnderTest } from '../test/helpers/connector';
import { customerSync } from '../workflows/customer-sync';

/**
 * Benchmark of `customerSync` at the first customer's scale: the demo company (3,000 accounts)
 * exported into an empty shop sandbox through a real Temporal dev server and the connector's
 * workers, then the same full run again. Write requests are counted by the shop itself.
 * Target: full ≤ 1.1 × ceil(customers / 100) write requests, rerun 0.
 *
 *   npm run bench -- customers
 */

export interface CustomersBenchResult {
  /** Shop customers the full run created. */
  customers: number;
  sageAccounts: number;
  skipped: number;
  full: { writeRequests: number; wallMs: number; pages: number };
  rerun: { writeRequests: number; wallMs: number };
  writeRequestLimit: number;
}

function writeRequests(counters: Record<string, number>): number {
  return Object.entries(counters)
    .filter(([key]) => !key.startsWith('GET ') && !key.startsWith('fault:'))
    .reduce((sum, [, n]) => sum + n, 0);
}

export async function runCustomersBench(): Promise<CustomersBenchResult> {
  const connector = await startConnectorUnderTest({
    size: 'customer',
    seed: 42,
    temporal: 'own',
  });
  const { config, shop } = connector;
  const { client } = connector.temporal;
  try {
    // As an operator does before a bulk load: no "new account" e-mail to 3,000 customers.
    const woo = createWooClient(config.woo);
    await woo.http.request({
      method: 'PUT',
      path: '/settings/email_customer_new_account/enabled',
      body: { value: 'no' },
      schema: z.unknown(),
      idempotent: true,
    });
    woo.close();

    const run = async (id: string) => {
      shop.resetCounters();
      const started = Date.now();
      const result = await client.workflow.execute(customerSync, {
        taskQueue: TASK_QUEUES.workflows,
        workflowId: `bench-customer-sync-${id}-${started}`,
        args: [{ mode: 'full' }],
      });
      return { result, wallMs: Date.now() - started, writes: writeRequests(shop.counters()) };
    };
    const full = await run('full');
    const rerun = await run('rerun');
    const customers = full.result.counts.created;
    const result: CustomersBenchResult = {
      customers,
      sageAccounts: full.result.counts.read,
      skipped: full.result.counts.skipped,
      full: { writeRequests: full.writes, wallMs: full.wallMs, pages: full.result.pages },
      rerun: { writeRequests: rerun.writes, wallMs: rerun.wallMs },
      writeRequestLimit: Math.floor(1.1 * Math.ceil(customers / 100)),
    };
    const out = path.join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'customers.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await connector.stop();
  }
}
