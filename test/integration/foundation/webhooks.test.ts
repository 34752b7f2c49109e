import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectItems, createWooClient, type WooClient } from '../../../activities/woo';
import { parseConfig, type Config } from '../../../shared/config';
import { shopIdOf } from '../../../shared/config/orders';
import { orderWorkflowId } from '../../../shared/orders/intake';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import { CUSTOMER_EDITS_WORKFLOW_ID, customersChanged } from '../../../workflows/customer-edits';
import { shopOrderChangedSignal } from '../../../shared/orders/messages';
import { freePort } from '../../../workers/dev-server';
import { DEFAULT_WEBHOOK_PATH } from '../../../workers/webhooks/server';
import { webhookSignature } from '../../../workers/webhooks/signature';
import { testTemporal, type TestTemporal } from '../../helpers/temporal';

const ROOT = resolve(__dirname, '..', '..', '..');
const SECRET = 'remote-shop-webhook-secret-0123';
const TOPICS = ['customer.updated', 'order.created', 'order.updated'];
const OURS = (topic: string) => `sage-woo-sync ${topic}`;

interface WorkerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `npm run worker -- --roles ROLES` as production runs it, with a configuration file. */
function spawnWorker(roles: string, configPath: string): WorkerProcess {
  const child = spawn('node', ['--import', 'tsx', 'workers/worker.ts', '--roles', roles], {
    cwd: ROOT,
    env: { ...process.env, SWS_CONFIG: configPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function signalsOf(temporal: TestTemporal, workflowId: string): Promise<string[]> {
  const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * A production install: `woo.kind` "remote" (the sandbox stands in for the real shop), the
 * webhook server on a fixed port behind `webhooks.publicUrl`, run by the worker of the
 * `workflows` role, which registers the shop's webhooks at start-up.
 */
describe('webhooks of a remote shop, run by the worker process', function () {
  this.timeout(120_000);
  let dir: string;
  let shop: RunningSandbox;
  let temporal: TestTemporal;
  let woo: WooClient;
  let config: Config;
  let configPath: string;
  let publicUrl: string;
  let listenPort: number;
  const workflowIds: string[] = [];
  const processes: WorkerProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sws-webhooks-'));
    shop = await startSandbox();
    temporal = await testTemporal();
    listenPort = await freePort();
    // Another path than the server's default: the server serves the public URL's path.
    publicUrl = `http://127.0.0.1:${listenPort}/hooks/shop`;
    const fileConfig = {
      temporal: {
        mode: 'external',
        address: temporal.server.address,
        namespace: temporal.server.namespace,
      },
      sage: { kind: 'embedded', embedded: { path: join(dir, 'sage.sqlite') } },
      woo: {
        kind: 'remote',
        url: shop.url,
        consumerKey: DEFAULT_CONSUMER_KEY,
        consumerSecret: DEFAULT_CONSUMER_SECRET,
        webhookSecret: SECRET,
      },
      stateStore: { kind: 'sqlite', sqlite: { path: join(dir, 'state.sqlite') } },
      webhooks: { publicUrl, listen: { port: listenPort } },
      log: { level: 'info' },
    };
    configPath = join(dir, 'sage-woo-sync.json');
    writeFileSync(configPath, JSON.stringify(fileConfig));
    config = parseConfig(fileConfig);
    woo = createWooClient(config.woo);
  });

  after(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    // Nothing this suite started may run on in the shared Temporal server.
    for (const id of [...workflowIds, CUSTOMER_EDITS_WORKFLOW_ID]) {
      await temporal?.client.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined);
    }
    woo?.close();
    await shop?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers the webhooks at the public URL, re-enables a disabled one, and serves signed deliveries', async () => {
    // Left by an earlier start: ours for order.updated, disabled by the shop after failures;
    // ours for customer.updated at an old URL; somebody else's order.created webhook.
    const disabled = await woo.webhooks.create({
      name: OURS('order.updated'),
      topic: 'order.updated',
      delivery_url: publicUrl,
      secret: 'an old secret',
    });
    await woo.webhooks.update(disabled.id, { status: 'disabled' });
    const stale = await woo.webhooks.create({
      name: OURS('customer.updated'),
      topic: 'customer.updated',
      delivery_url: 'http://127.0.0.1:9/old/path',
    });
    const foreign = await woo.webhooks.create({
      name: 'ERP bridge',
      topic: 'order.created',
      delivery_url: 'http://127.0.0.1:9/erp',
    });

    const worker = spawnWorker('workflows', configPath);
    processes.push(worker);
    await until(
      () => (/workers started/.test(worker.stdout()) ? true : undefined),
      90_000,
      `the worker to start:\n${worker.stdout()}\n${worker.stderr()}`,
    );

    // The listening address and the delivery URL are logged; the secret is not.
    const started = logLines(worker.stdout()).find((l) =>
      String(l.msg).startsWith('webhook server started'),
    );
    assert.ok(started, worker.stdout());
    assert.equal(started.listen, `127.0.0.1:${listenPort}`);
    assert.equal(started.port, listenPort);
    assert.equal(started.url, publicUrl);
    assert.deepEqual([...(started.topics as string[])].sort(), TOPICS);
    assert.ok(!worker.stdout().includes(SECRET), 'the webhook secret is never logged');
    const reenabled = logLines(worker.stdout()).filter((l) =>
      String(l.msg).startsWith('shop webhook re-enabled'),
    );
    assert.deepEqual(
      reenabled.map((l) => [l.topic, l.previousStatus]),
      [['order.updated', 'disabled']],
    );

    // One active webhook of ours per topic, at the public URL, with the configured secret.
    const hooks = await collectItems(woo.webhooks.listAll());
    const ours = hooks.filter((h) => h.name.startsWith('sage-woo-sync '));
    assert.deepEqual(
      ours.map((h) => [h.topic, h.delivery_url, h.status]).sort(),
      TOPICS.map((t) => [t, publicUrl, 'active']),
    );
    for (const hook of ours) assert.equal(shop.store.get('webhook', hook.id)?.secret, SECRET);
    assert.equal(ours.find((h) => h.topic === 'order.updated')?.id, disabled.id, 're-enabled');
    assert.ok(!hooks.some((h) => h.id === stale.id), 'the old URL was removed');
    assert.equal(hooks.find((h) => h.id === foreign.id)?.status, 'active', 'left alone');

    // The shop's own signed delivery of order.created starts the order's workflow.
    // A placed order (an unpaid `pending` one is not imported).
    const order = await woo.orders.create({ status: 'processing', line_items: [] });
    await shop.flushWebhooks();
    const delivered = shop
      .webhookDeliveries()
      .filter((d) => d.topic === 'order.created' && !d.ping);
    assert.deepEqual(
      delivered.filter((d) => d.url === publicUrl).map((d) => [d.resourceId, d.status]),
      [[order.id, 200]],
    );
    const orderWorkflow = orderWorkflowId(shopIdOf(config.orders, shop.url), order.id);
    workflowIds.push(orderWorkflow);
    const described = await until(
      () =>
        temporal.client.workflow
          .getHandle(orderWorkflow)
          .describe()
          .catch(() => undefined),
      20_000,
      orderWorkflow,
    );
    assert.equal(described.type, 'orderLifecycle');

    // customer.updated signals the customer's id to the edits workflow.
    const customer = await woo.customers.create({ email: 'webhook.remote@example.test' });
    await woo.customers.update(customer.id, { first_name: 'Remote' });
    await shop.flushWebhooks();
    await until(
      async () =>
        (await signalsOf(temporal, CUSTOMER_EDITS_WORKFLOW_ID).catch((): string[] => [])).includes(
          customersChanged.name,
        )
          ? true
          : undefined,
      20_000,
      'the customer edits signal',
    );

    // A signed delivery of a cancellation signals the order's workflow; a bad signature gets
    // 401 and does nothing; the server answers only on the public URL's path.
    const post = (url: string, body: string, signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-WC-Webhook-Topic': 'order.updated',
          'X-WC-Webhook-Signature': signature,
        },
        body,
      });
    const cancelled = JSON.stringify({ id: order.id, number: order.number, status: 'cancelled' });
    assert.equal(
      (await post(publicUrl, cancelled, webhookSignature(Buffer.from('x'), SECRET))).status,
      401,
    );
    const local = `http://127.0.0.1:${listenPort}${DEFAULT_WEBHOOK_PATH}`;
    const signature = webhookSignature(Buffer.from(cancelled), SECRET);
    assert.equal((await post(local, cancelled, signature)).status, 404);
    assert.equal((await post(publicUrl, cancelled, signature)).status, 200);
    // A signal that arrives during a workflow task shows in the history once the task is done.
    const signals = await until(
      async () => {
        const names = await signalsOf(temporal, orderWorkflow);
        return names.includes(shopOrderChangedSignal.name) ? names : undefined;
      },
      20_000,
      'the cancellation signal',
    );
    assert.deepEqual(signals, [shopOrderChangedSignal.name], 'the refused delivery sent nothing');

    // A process of the sage role alone runs no webhook server (it would find the port taken).
    const sageOnly = spawnWorker('sage', configPath);
    processes.push(sageOnly);
    await until(
      () => (/workers started/.test(sageOnly.stdout()) ? true : undefined),
      60_000,
      `the sage worker to start:\n${sageOnly.stderr()}`,
    );
    const skipped = logLines(sageOnly.stdout()).find((l) => l.msg === 'webhook server not started');
    assert.match(String(skipped?.reason), /workflows role/);
    sageOnly.child.kill('SIGTERM');
    assert.equal(await sageOnly.exited, 0);

    // A second workflows process on the same port stops at once, naming the port.
    const second = spawnWorker('workflows', configPath);
    processes.push(second);
    assert.equal(await second.exited, 1);
    assert.match(second.stderr(), new RegExp(`port ${listenPort} is already in use`));
    assert.doesNotMatch(second.stdout(), /workers started/);

    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.stderr());
    await assert.rejects(post(publicUrl, cancelled, signature), 'the server stopped with it');
  });
});
