import { z } from 'zod';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { openSnapshotStore, type StoredReport } from '../../../activities/state/snapshots';
import { createWooClient, type WooClient } from '../../../activities/woo';
import type { Customer as ShopCustomer } from '../../../shared/woo/customer';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { customerSync, type CustomerSyncInput } from '../../../workflows/customer-sync';
import type { ConnectorUnderTest } from '../../helpers/connector';

/** Write requests the shop received, by endpoint (everything but GET). */
export function writeRequests(counters: Record<string, number>): number {
  return Object.entries(counters)
    .filter(([key]) => !key.startsWith('GET ') && !key.startsWith('fault:'))
    .reduce((sum, [, n]) => sum + n, 0);
}

export async function runCustomerSync(connector: ConnectorUnderTest, input: CustomerSyncInput) {
  return connector.temporal.client.workflow.execute(customerSync, {
    taskQueue: TASK_QUEUES.workflows,
    workflowId: `test-customer-sync-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    args: [input],
  });
}

/** The shop's "new account" e-mail switch, as an operator would set it before a bulk load. */
export async function setNewAccountEmail(woo: WooClient, enabled: boolean): Promise<void> {
  await woo.http.request({
    method: 'PUT',
    path: '/settings/email_customer_new_account/enabled',
    body: { value: enabled ? 'yes' : 'no' },
    schema: z.unknown(),
    idempotent: true,
  });
}

export function shopClient(connector: ConnectorUnderTest): WooClient {
  return createWooClient(connector.config.woo);
}

export function sageOf(connector: ConnectorUnderTest): SageDb {
  return createSageDb(connector.config.sage);
}

export function meta(customer: ShopCustomer, key: string): unknown {
  return customer.meta_data?.find((m) => m.key === key)?.value;
}

/** Every shop customer carrying a Sage account, by account. */
export async function shopCustomersByAccount(woo: WooClient): Promise<Map<string, ShopCustomer>> {
  const out = new Map<string, ShopCustomer>();
  for await (const page of woo.customers.listAll({ role: 'all' })) {
    for (const c of page.items) {
      const account = meta(c, 'sage_account');
      if (typeof account === 'string') out.set(account, c);
    }
  }
  return out;
}

export async function reportsOf(connector: ConnectorUnderTest): Promise<StoredReport[]> {
  const store = await openSnapshotStore(connector.config.stateStore);
  try {
    return await store.listReports('customers');
  } finally {
    await store.close();
  }
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
