import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openSqliteFile } from '../../../activities/sage/db';
import { webhookSignature } from '../../../workers/webhooks/signature';
import type { Order } from '../../../shared/woo/order';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from '../../../sandbox/woo';
import { eventually, startOrdersHarness, WEBHOOK_SECRET, type OrdersHarness } from './harness';

const ROOT = resolve(__dirname, '..', '..', '..');
const KILLS = 5;
const ORDERS_PER_WAVE = 16;
const LINES_PER_ORDER = 4;
const DUPLICATE_DELIVERIES = 10;

interface SageWorker {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<void>;
}

/** `workers/worker.ts --roles sage` as its own process: the import activity runs there. */
function spawnSageWorker(env: Record<string, string>): SageWorker {
  const child = spawn('node', ['--import', 'tsx', 'workers/worker.ts', '--roles', 'sage'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const started = new Promise<void>((resolveStarted, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('workers started')) resolveStarted();
    });
    child.once('exit', (code) => reject(new Error(`sage worker exited (${code}) before starting`)));
  });
  started.catch(() => undefined);
  child.stderr!.resume();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, started, exited };
}

/**
 * Exactly once under duplicates and crashes: every web order's webhook is delivered 11 times
 * (the shop's own delivery plus 10 replays), and the Sage worker process is killed with SIGKILL
 * five times while imports are in flight, then restarted. Every order still ends with exactly
 * one Sage document.
 */
describe('order import exactly once (duplicate webhooks, worker killed during import)', function () {
  this.timeout(180_000);
  let h: OrdersHarness;
  let worker: SageWorker | undefined;
  let env: Record<string, string>;

  before(async () => {
    h = await startOrdersHarness({
      roles: ['workflows', 'woo'],
      customers: 4,
      // A killed worker's activity is retried once this expires (no heartbeat for short steps).
      config: { orders: { activityTimeout: '3s', chainPolling: { initial: '1h' } } },
    });
    env = {
      SWS_TEMPORAL__MODE: 'external',
      SWS_TEMPORAL__ADDRESS: h.temporal.server.address,
      SWS_SAGE__EMBEDDED__PATH: h.sagePath,
      SWS_WOO__URL: h.shop.url,
      SWS_WOO__CONSUMER_KEY: DEFAULT_CONSUMER_KEY,
      SWS_WOO__CONSUMER_SECRET: DEFAULT_CONSUMER_SECRET,
      SWS_STATE_STORE__SQLITE__PATH: join(h.dir, 'state-worker.sqlite'),
    };
  });
  after(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await h?.stop();
  });

  async function deliverAgain(order: Order): Promise<number[]> {
    const body = Buffer.from(JSON.stringify(order));
    return Promise.all(
      Array.from({ length: DUPLICATE_DELIVERIES }, () =>
        fetch(h.webhooks.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-WC-Webhook-Topic': 'order.created',
            'X-WC-Webhook-Signature': webhookSignature(body, WEBHOOK_SECRET),
          },
          body,
        }).then((r) => r.status),
      ),
    );
  }

  /** Import activities the server sees as started on a worker (they stay so until timeout). */
  async function importsInFlight(orders: Order[]): Promise<number> {
    const descriptions = await Promise.all(
      orders.map((order) =>
        h.temporal.client.workflow
          .getHandle(h.workflowIdOf(order.id))
          .describe()
          .catch(() => undefined),
      ),
    );
    return descriptions
      .flatMap((d) => d?.raw.pendingActivities ?? [])
      .filter(
        (a) => a.activityType?.name === 'importOrderQuote' && Number(a.state) === 2,
      ) // STARTED
    .length;
  }

  it('creates exactly one quote per order', async () => {
    const watcher = openSqliteFile(h.sagePath);
    const quoteCount = (numbers: string[]) =>
      (
        watcher
          .prepare(
            `SELECT COUNT(*) AS n FROM F_DOCENTETE WHERE DO_NoWeb IN (${numbers.map(() => '?').join(',')})`,
          )
          .get(...numbers) as { n: number }
      ).n;
    const orders: Order[] = [];
    const inFlightAtKill: number[] = [];
    try {
      for (let wave = 0; wave < KILLS; wave++) {
        worker = spawnSageWorker(env);
        await worker.started;
        // Sage is busy (another writer holds the write lock): imports start and wait for it.
        watcher.exec('BEGIN IMMEDIATE');
        const placed: Order[] = [];
        for (let i = 0; i < ORDERS_PER_WAVE; i++) {
          const customer = h.customers[(wave + i) % h.customers.length];
          const lines = Array.from({ length: LINES_PER_ORDER }, (_, l) => ({
            sku: h.skus[(wave * ORDERS_PER_WAVE + i + l * 5) % h.skus.length],
            quantity: 1 + l,
            unitPrice: '12.00',
          }));
          placed.push(await h.placeOrder(customer, lines));
        }
        const replays = placed.map(deliverAgain);
        // Imports of earlier waves that the last kill interrupted come back too.
        const all = [...orders, ...placed];
        const numbers = all.map((o) => o.number);
        const deadline = Date.now() + 30_000;
        while ((await importsInFlight(all)) === 0) {
          if (Date.now() > deadline) throw new Error(`wave ${wave}: no import started in 30 s`);
        }
        // Sage frees up; the waiting imports write their quotes one after the other, and the
        // worker dies among them.
        watcher.exec('COMMIT');
        await new Promise((r) => setTimeout(r, 5 + wave * 5));
        worker.child.kill('SIGKILL');
        await worker.exited;
        assert.ok(
          quoteCount(numbers) < all.length,
          `wave ${wave}: the kill came before every import finished`,
        );
        inFlightAtKill.push(await importsInFlight(all));
        for (const statuses of await Promise.all(replays)) {
          assert.deepEqual(statuses, Array(DUPLICATE_DELIVERIES).fill(200));
        }
        orders.push(...placed);
      }
      // Every kill left orders without their quote (checked per wave above); whether an import
      // was mid-activity at that instant or queued behind the Sage lock depends on scheduling,
      // so only require that kills did land inside running imports.
      assert.ok(
        inFlightAtKill.some((n) => n > 0),
        `imports in flight at each kill: ${inFlightAtKill.join(', ')}`,
      );

      // A fresh worker finishes what the killed ones left.
      worker = spawnSageWorker(env);
      await worker.started;
      const numbers = orders.map((o) => o.number);
      await eventually(
        async () => quoteCount(numbers) === orders.length,
        60_000,
        'every order imported',
      );
      for (const order of orders) {
        const documents = await h.quotesFor(order.number);
        assert.equal(documents.length, 1, `order ${order.number}: ${JSON.stringify(documents)}`);
        assert.equal(documents[0].type, 0);
      }
      const runs: string[] = [];
      for await (const run of h.temporal.client.workflow.list({
        query: `WorkflowType = 'orderLifecycle'`,
      })) {
        if (numbers.some((_, i) => run.workflowId === h.workflowIdOf(orders[i].id)))
          runs.push(run.workflowId);
      }
      assert.equal(runs.length, orders.length, 'one workflow per order');
    } finally {
      watcher.close();
    }
  });
});
