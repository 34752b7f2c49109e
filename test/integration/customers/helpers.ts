import type { WorkflowHandle } from '@temporalio/client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * A shop in front of the sandbox that can fail on demand, as a real one does: `unauthorized`
 * answers every request 401 as WooCommerce does for refused keys, `down` drops every connection
 * (an outage: the client sees ECONNRESET), `pass` forwards to `target`.
 */
export interface ShopProxy {
  url: string;
  target: string;
  mode: 'pass' | 'unauthorized' | 'down';
  /** Requests refused or dropped since the start. */
  refused: number;
  /** In `pass` mode: an answer of the proxy's own for some requests (e.g. a 400 for one id). */
  answer?: (method: string, url: string) => { status: number; body: unknown } | undefined;
  close(): Promise<void>;
}

export async function startShopProxy(): Promise<ShopProxy> {
  const proxy: ShopProxy = {
    url: '',
    target: '',
    mode: 'pass',
    refused: 0,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    if (proxy.mode === 'down') {
      proxy.refused += 1;
      req.socket.destroy();
      return;
    }
    if (proxy.mode === 'unauthorized') {
      proxy.refused += 1;
      req.resume();
      res.writeHead(401, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end(
        JSON.stringify({
          code: 'woocommerce_rest_authentication_error',
          message: 'Consumer secret is invalid.',
          data: { status: 401 },
        }),
      );
      return;
    }
    const own = proxy.answer?.(req.method ?? 'GET', req.url ?? '/');
    if (own) {
      req.resume();
      res.writeHead(own.status, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(own.body));
      return;
    }
    const target = new URL(proxy.target);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/** How many times the pending activity of this type has been attempted (0: none pending). */
export async function pendingAttempts(handle: WorkflowHandle, activityType: string) {
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities?.find((a) => a.activityType?.name === activityType);
  return pending?.attempt ?? 0;
}
