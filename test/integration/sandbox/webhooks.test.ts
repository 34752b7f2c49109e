import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../../sandbox/woo';
import { wc } from './client';
import { Receiver } from './receiver';

/** Webhooks: real HTTP deliveries, signature, asynchrony, collapsing, no retry, disabling. */

const SECRET = 'test-secret';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WooCommerce sandbox: webhooks', () => {
  let sb: RunningSandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(async () => {
    await sb.close();
    await receiver.stop();
  });

  const hook = async (topic: string, path = '/hook') =>
    (
      await wc(sb).post('/webhooks', {
        name: topic,
        topic,
        delivery_url: `${receiver.url}${path}`,
        secret: SECRET,
      })
    ).body;

  it('pings on creation, then delivers signed order.created and order.updated payloads', async () => {
    sb = await startSandbox();
    const created = await hook('order.created');
    const updated = await hook('order.updated');
    const order = (await wc(sb).post('/orders', { line_items: [] })).body;
    await wc(sb).put(`/orders/${order.id}`, { status: 'on-hold' });
    await sb.flushWebhooks();

    const pings = receiver.requests.filter((r) => r.headers['x-wc-webhook-topic'] === undefined);
    assert.deepEqual(pings.map((p) => p.body).sort(), [
      `webhook_id=${created.id}`,
      `webhook_id=${updated.id}`,
    ]);
    assert.equal(pings[0].headers['content-type'], 'application/x-www-form-urlencoded');

    const [c] = receiver.deliveries('order.created');
    assert.equal(c.headers['x-wc-webhook-signature'], sign(c.body));
    assert.equal(c.headers['x-wc-webhook-resource'], 'order');
    assert.equal(c.headers['x-wc-webhook-event'], 'created');
    assert.equal(c.headers['x-wc-webhook-id'], String(created.id));
    assert.match(String(c.headers['x-wc-webhook-delivery-id']), /^[0-9a-f]{32}$/);
    assert.equal(c.headers['user-agent'], 'WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)');
    assert.equal(JSON.parse(c.body).id, order.id);
    const [u] = receiver.deliveries('order.updated');
    assert.equal(u.headers['x-wc-webhook-signature'], sign(u.body));
    assert.equal(JSON.parse(u.body).status, 'on-hold');
  });

  it('fires customer.updated and product.updated (with the variation id) on REST changes', async () => {
    sb = await startSandbox();
    await hook('customer.updated');
    await hook('product.updated');
    const customer = (await wc(sb).post('/customers', { email: 'c@example.test' })).body;
    const parent = (
      await wc(sb).post('/products', {
        name: 'P',
        type: 'variable',
        attributes: [{ name: 'Size', variation: true, options: ['S'] }],
      })
    ).body;
    const variation = (
      await wc(sb).post(`/products/${parent.id}/variations`, {
        sku: 'V-S',
        attributes: [{ name: 'Size', option: 'S' }],
      })
    ).body;
    await sb.flushWebhooks();
    receiver.requests.length = 0;
    await wc(sb).put(`/customers/${customer.id}`, { first_name: 'Ann' });
    await wc(sb).put(`/products/${parent.id}/variations/${variation.id}`, {
      regular_price: '3.00',
    });
    await sb.flushWebhooks();
    const [cu] = receiver.deliveries('customer.updated');
    assert.equal(JSON.parse(cu.body).first_name, 'Ann');
    const ids = receiver.deliveries('product.updated').map((d) => JSON.parse(d.body).id);
    assert.ok(ids.includes(variation.id), `product.updated ids ${ids.join(',')}`);
  });

  it('delivers asynchronously after the delay, collapsing rapid changes into one delivery with the latest state', async () => {
    sb = await startSandbox({ webhookDelayMs: 200 });
    await hook('product.updated');
    const p = (await wc(sb).post('/products', { name: 'P', sku: 'ASYNC' })).body;
    for (const price of ['1.00', '2.00', '3.00'])
      await wc(sb).put(`/products/${p.id}`, { regular_price: price });
    await sleep(50);
    assert.equal(receiver.deliveries().length, 0, 'nothing is delivered before the delay');
    await sleep(300);
    await sb.flushWebhooks();
    const deliveries = receiver.deliveries('product.updated');
    assert.equal(deliveries.length, 1);
    assert.equal(JSON.parse(deliveries[0].body).regular_price, '3.00');
  });

  it('never retries a failed delivery and disables the webhook after repeated failures', async () => {
    sb = await startSandbox();
    receiver.status = 500;
    const h = await hook('customer.created');
    for (let i = 0; i < 9; i++) {
      await wc(sb).post('/customers', { email: `fail${i}@example.test` });
      await sb.flushWebhooks();
    }
    // the 7th failure in a row disables it: 7 deliveries, each tried once, nothing after
    assert.equal(receiver.deliveries('customer.created').length, 7);
    assert.equal((await wc(sb).get(`/webhooks/${h.id}`)).body.status, 'disabled');
  });

  it('queues nothing for a paused webhook, but still sends what was queued before the pause', async () => {
    sb = await startSandbox({ webhookDelayMs: 60_000 });
    const h = await hook('product.created');
    await wc(sb).post('/products', { name: 'before pause' });
    await wc(sb).put(`/webhooks/${h.id}`, { status: 'paused' });
    await wc(sb).post('/products', { name: 'after pause' });
    await sb.flushWebhooks();
    assert.deepEqual(
      receiver.deliveries('product.created').map((d) => JSON.parse(d.body).name),
      ['before pause'],
    );
  });

  it('ignores the status sent on creation (every new webhook is active)', async () => {
    sb = await startSandbox();
    const created = await wc(sb).post('/webhooks', {
      topic: 'order.created',
      delivery_url: `${receiver.url}/x`,
      status: 'paused',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.secret, undefined, 'the secret is never returned');
    assert.equal(sb.store.get('webhook', created.body.id)?.secret.length, 50);
  });
});
