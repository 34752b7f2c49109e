import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../../../shared/config';
import { customStatusesOf } from '../../../shared/config/orders';
import type { DoctorCheck } from '../../../shared/health/doctor';
import { WEBHOOK_TOPICS, webhookNameOf } from '../../../shared/woo/webhook-topics';
import { createWooClient, type WooClient } from '../../../activities/woo';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from '../../../sandbox/woo';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';

const ROOT = join(__dirname, '..', '..', '..');

/** The CLI in a child process; asynchronously: the shop sandbox runs in this process. */
export function cli(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/cli.ts', ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface DoctorShop {
  connector: ConnectorUnderTest;
  /** A client of the shop sandbox, closed by stop(). */
  woo: WooClient;
  /** Writes a CLI configuration file for this connector (plus `extra` settings); its path. */
  writeCliConfig(name: string, extra?: Record<string, unknown>): string;
  stop(): Promise<void>;
}

/**
 * The connector under test with a healthy shop for the doctor: every mapped order status
 * registered (but `lackingStatus`), the connector's webhooks registered (delivering nowhere),
 * the "new account" e-mail off, one customer to check the key sees meta.
 */
export async function startDoctorShop(
  options: { lackingStatus?: string } = {},
): Promise<DoctorShop> {
  const statuses = customStatusesOf(parseConfig({}).orders).filter(
    (s) => s.slug !== options.lackingStatus,
  );
  const connector = await startConnectorUnderTest({
    size: 'tiny',
    sandbox: { customOrderStatuses: statuses },
  });
  const woo = createWooClient(connector.config.woo);
  for (const topic of WEBHOOK_TOPICS) {
    await woo.webhooks.create({
      name: webhookNameOf(topic),
      topic,
      delivery_url: 'http://127.0.0.1:9/webhooks',
      secret: 'doctor-test',
    });
  }
  await woo.http.request({
    method: 'PUT',
    path: '/settings/email_customer_new_account/enabled',
    body: { value: 'no' },
    schema: z.object({ value: z.unknown() }),
    idempotent: true,
  });
  await woo.customers.create({ email: 'doctor@example.com', first_name: 'Doc' });
  return {
    connector,
    woo,
    writeCliConfig(name, extra = {}) {
      const path = join(connector.dir, name);
      writeFileSync(
        path,
        JSON.stringify({
          sage: {
            kind: 'embedded',
            embedded: { path: join(connector.dir, 'sage.sqlite') },
            demo: { size: 'tiny' },
          },
          stateStore: { kind: 'sqlite', sqlite: { path: join(connector.dir, 'state.sqlite') } },
          temporal: { mode: 'external', address: connector.temporal.server.address },
          woo: {
            kind: 'sandbox',
            url: connector.shop.url,
            consumerKey: DEFAULT_CONSUMER_KEY,
            consumerSecret: DEFAULT_CONSUMER_SECRET,
          },
          ...extra,
        }),
      );
      return path;
    },
    async stop() {
      woo.close();
      await connector.stop();
    },
  };
}

/** Disables the connector's webhook of a topic, as the shop does after failed deliveries. */
export async function disableWebhook(woo: WooClient, topic: string): Promise<number> {
  const hooks = await woo.webhooks.list({ per_page: 100 });
  const hook = hooks.items.find((w) => w.topic === topic);
  if (!hook) throw new Error(`no webhook for ${topic}`);
  await woo.webhooks.update(hook.id, { status: 'disabled' });
  return hook.id;
}

/** The check of that name, which must be there. */
export function levelOf(checks: readonly DoctorCheck[], check: string): DoctorCheck {
  const found = checks.find((c) => c.check === check);
  assert.ok(found, `no check ${check} in ${JSON.stringify(checks)}`);
  return found;
}
