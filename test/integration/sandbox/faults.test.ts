import { strict as assert } from 'node:assert';
import { startSandbox, type RunningSandbox } from '../../../sandbox/woo';
import { AUTH, wc } from './client';

/** Fault injection (decided before the handler: a faulted write is not applied) and counters. */

describe('WooCommerce sandbox: faults and counters', () => {
  let sb: RunningSandbox;
  beforeEach(async () => {
    sb = await startSandbox({ seed: 42 });
  });
  afterEach(() => sb.close());

  const skuExists = async (sku: string) =>
    ((await wc(sb).get(`/products?sku=${sku}`)).body as unknown[]).length > 0;

  it('answers 429 with Retry-After and does not apply the write', async () => {
    sb.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const res = await wc(sb).post('/products', { name: 'x', sku: 'F-429' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    sb.setFaults({});
    assert.equal(await skuExists('F-429'), false);
  });

  it('answers 5xx without applying the write', async () => {
    sb.setFaults({ errorRate5xx: 1 });
    const res = await wc(sb).post('/products', { name: 'x', sku: 'F-500' });
    assert.ok([500, 502, 503].includes(res.status), `status ${res.status}`);
    sb.setFaults({});
    assert.equal(await skuExists('F-500'), false);
  });

  it('holds a request without answer for timeoutMs, then closes the connection, without applying it', async () => {
    sb.setFaults({ timeoutRate: 1, timeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(wc(sb).post('/products', { name: 'x', sku: 'F-TIMEOUT' }));
    assert.ok(Date.now() - started >= 140);
    sb.setFaults({});
    assert.equal(await skuExists('F-TIMEOUT'), false);
  });

  it('"timeout after apply" applies the write and loses the answer', async () => {
    sb.setFaults({ timeoutAfterApplyRate: 1, timeoutMs: 50 });
    await assert.rejects(wc(sb).post('/products', { name: 'x', sku: 'F-APPLIED' }));
    sb.setFaults({});
    assert.equal(await skuExists('F-APPLIED'), true);
  });

  it('adds latency, and latency per batch item', async () => {
    sb.setFaults({ latencyMs: 80 });
    let started = Date.now();
    await wc(sb).get('/products');
    assert.ok(Date.now() - started >= 75);
    sb.setFaults({ batchLatencyMsPerItem: 3 });
    started = Date.now();
    const res = await wc(sb).post('/products/batch', {
      create: Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, sku: `LAT-${i}` })),
    });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 115, `took ${Date.now() - started} ms`);
  });

  it('repeats the same faults for the same seed', async () => {
    const statuses = async (s: RunningSandbox) => {
      s.setFaults({ errorRate5xx: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await wc(s).get('/products')).status);
      return out;
    };
    const other = await startSandbox({ seed: 42 });
    try {
      const a = await statuses(sb);
      const b = await statuses(other);
      assert.deepEqual(a, b);
      assert.ok(
        a.includes(200) && a.some((s) => s >= 500),
        `mixed answers expected: ${a.join(',')}`,
      );
    } finally {
      await other.close();
    }
  });

  it('counts requests per endpoint, faulted ones too, and resets', async () => {
    await wc(sb).get('/products');
    await wc(sb).get('/products');
    await wc(sb).post('/products/batch', { update: [] });
    await wc(sb).put('/products/999999', { name: 'x' });
    sb.setFaults({ rate429: 1 });
    await wc(sb).get('/orders');
    assert.deepEqual(sb.counters(), {
      'GET /orders': 1,
      'GET /products': 2,
      'POST /products/batch': 1,
      'PUT /products/{id}': 1,
      'fault:rate-limited': 1,
    });
    sb.resetCounters();
    assert.deepEqual(sb.counters(), {});
  });

  it('exposes faults and counters on unauthenticated loopback admin endpoints', async () => {
    let res = await fetch(`${sb.url}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ rate429: 1 }),
    });
    assert.equal(res.status, 200);
    assert.equal(
      (await fetch(`${sb.url}/wp-json/wc/v3/products`, { headers: { Authorization: AUTH } }))
        .status,
      429,
    );
    await fetch(`${sb.url}/__admin/faults`, { method: 'POST', body: '{}' });
    assert.equal(
      (await fetch(`${sb.url}/wp-json/wc/v3/products`, { headers: { Authorization: AUTH } }))
        .status,
      200,
    );
    res = await fetch(`${sb.url}/__admin/counters`);
    assert.deepEqual(await res.json(), { 'GET /products': 2, 'fault:rate-limited': 1 });
    await fetch(`${sb.url}/__admin/reset-counters`, { method: 'POST' });
    assert.deepEqual(await (await fetch(`${sb.url}/__admin/counters`)).json(), {});
  });
});
