import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseConfig } from '../../../shared/config';
import { createWooClient } from '../../../activities/woo';
import {
  prefillShopFromSage,
  startConnectorUnderTest,
  type ConnectorUnderTest,
} from '../../helpers/connector';
import {
  countWaitingOrders,
  startMetricsEndpoint,
  type MetricsEndpoint,
} from '../../../workers/metrics';
import { runSync } from '../catalog/helpers';
import { customerSync } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';

/** One sample line of the text exposition format: `name{label="v",…} value`. */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,|(?=\})))*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/;

type Samples = Map<string, number>;

/** Parses an exposition, failing on any line that is neither a comment nor a sample. */
function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = SAMPLE.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

async function scrape(endpoint: MetricsEndpoint): Promise<{ text: string; samples: Samples }> {
  const response = await fetch(`http://${endpoint.listen}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseExposition(text) };
}

/** The sum of the samples of `name` whose labels include every `key="value"` given. */
function total(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of samples) {
    if (!key.startsWith(`${name}{`) && key !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

/** A port free right now (the SDK's exporter reports no port of its own: port 0 won't do). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * A process installing the Temporal runtime as the worker entry points do (the runtime is
 * installed once per process: this test process has its own already), with a native connection.
 */
const SDK_PROCESS = `
const { installTemporalRuntime, createLogger } = require('./workers/logging.ts');
const { NativeConnection, Worker } = require('@temporalio/worker');
(async () => {
  installTemporalRuntime(createLogger('warn'), [], process.argv[1]);
  const connection = await NativeConnection.connect({ address: process.argv[2] });
  const worker = await Worker.create({
    connection,
    taskQueue: 'metrics-test-' + process.pid,
    activities: { noop: async () => undefined },
  });
  const running = worker.run();
  process.stdout.write('ready\\n');
  process.stdin.on('end', () => { worker.shutdown(); running.finally(() => process.exit(0)); });
  process.stdin.resume();
})().catch((err) => { process.stderr.write(String(err)); process.exit(1); });
`;

describe('metrics endpoint (connector metrics in the worker process)', function () {
  this.timeout(180_000);
  let connector: ConnectorUnderTest;
  let endpoint: MetricsEndpoint;

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      // Customer creation is not held back by the shop's "new account" e-mail.
      config: { customers: { newAccountEmail: 'disable-setting' } },
    });
    await prefillShopFromSage(connector.shop, connector.config);
    const { client } = connector.temporal;
    endpoint = await startMetricsEndpoint('127.0.0.1:0', {
      ordersWaiting: countWaitingOrders(() => Promise.resolve(client)),
    });
  });
  after(async () => {
    await endpoint?.close();
    await connector?.stop();
  });

  it('is off by default', () => {
    const config = parseConfig({});
    assert.equal(config.metrics.listen, undefined);
    assert.equal(config.metrics.temporalListen, undefined);
    assert.throws(() => parseConfig({ metrics: { listen: 'localhost' } }), /host:port/);
  });

  it('counts shop requests by status and latency, and sync pages per flow', async () => {
    assert.match(endpoint.listen ?? '', /^127\.0\.0\.1:\d+$/);
    const before = (await scrape(endpoint)).samples;

    // Shop requests: one answered 200, one 404.
    const woo = createWooClient(connector.config.woo);
    try {
      await woo.products.list({ per_page: 1 });
      await assert.rejects(woo.products.get(987_654_321));
    } finally {
      woo.close();
    }
    // A tiny sync through the in-process workers.
    const { result } = await runSync(connector.temporal.client, 'catalog', { mode: 'full' });
    assert.equal(result.state, 'done');
    assert.ok(result.totals.pushed > 0, 'the sync pushed something');

    const { text, samples: after } = await scrape(endpoint);
    const delta = (name: string, labels: Record<string, string> = {}): number =>
      total(after, name, labels) - total(before, name, labels);

    assert.ok(delta('sws_shop_requests_total', { method: 'GET', status: '200' }) >= 1, text);
    assert.equal(delta('sws_shop_requests_total', { method: 'GET', status: '404' }), 1, text);
    // Every request is in the latency histogram too.
    assert.equal(
      delta('sws_shop_request_duration_seconds_count'),
      delta('sws_shop_requests_total'),
      text,
    );
    assert.equal(
      total(after, 'sws_shop_request_duration_seconds_bucket', { method: 'GET', le: '+Inf' }),
      total(after, 'sws_shop_request_duration_seconds_count', { method: 'GET' }),
    );

    for (const outcome of ['pushed', 'unchanged', 'failed'] as const) {
      assert.equal(
        delta('sws_sync_items_total', { flow: 'catalog', outcome }),
        result.totals[outcome],
        `${outcome}: ${text}`,
      );
    }
    assert.ok(delta('sws_sync_pages_total', { flow: 'catalog' }) >= 1);
    // No order waits in this shop: the gauge, fed by a visibility count, says 0.
    assert.equal(after.get('sws_orders_waiting_for_operator'), 0, text);
  });

  it('counts the customer sync per outcome, as its result counts them', async () => {
    const before = (await scrape(endpoint)).samples;
    const result = await connector.temporal.client.workflow.execute(customerSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-metrics-customers-${Date.now()}`,
      args: [{ mode: 'full' }],
    });
    const { text, samples: after } = await scrape(endpoint);
    const delta = (labels: Record<string, string>): number =>
      total(after, 'sws_sync_items_total', labels) - total(before, 'sws_sync_items_total', labels);
    const { counts } = result;
    assert.ok(counts.created > 0, JSON.stringify(counts));
    assert.equal(
      delta({ flow: 'customers', outcome: 'pushed' }),
      counts.created + counts.updated,
      text,
    );
    assert.equal(delta({ flow: 'customers', outcome: 'unchanged' }), counts.unchanged, text);
    assert.equal(
      delta({ flow: 'customers', outcome: 'failed' }) +
        delta({ flow: 'customers', outcome: 'skipped' }),
      counts.skipped,
      text,
    );
    assert.equal(
      total(after, 'sws_sync_pages_total', { flow: 'customers' }) -
        total(before, 'sws_sync_pages_total', { flow: 'customers' }),
      result.pages,
      text,
    );
  });

  it('serves the Temporal SDK metrics on metrics.temporalListen', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        SDK_PROCESS,
        `127.0.0.1:${port}`,
        connector.temporal.server.address,
      ],
      { cwd: resolve(__dirname, '..', '..', '..'), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => child.once('exit', done));
    try {
      await new Promise<void>((done, fail) => {
        child.stdout.on('data', () => output.includes('ready') && done());
        child.once('exit', (code) => fail(new Error(`exited ${code}: ${output}`)));
      });
      let text = '';
      for (let i = 0; i < 50 && !/^temporal_/m.test(text); i += 1) {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        assert.equal(response.status, 200);
        text = await response.text();
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(text, /^temporal_\w+/m, text);
      const samples = parseExposition(text);
      assert.ok([...samples.keys()].some((k) => k.startsWith('temporal_')));
    } finally {
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      await exited;
    }
  });

  it('answers 404 elsewhere than /metrics', async () => {
    const response = await fetch(`http://${endpoint.listen}/`);
    assert.equal(response.status, 404);
    await response.text();
  });
});
