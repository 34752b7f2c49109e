import { strict as assert } from 'node:assert';
import { startSandbox, type RunningSandbox } from '../../../sandbox/woo';
import { wc } from './client';

/** REST behaviours the connector relies on that the recordings do not show directly. */

describe('WooCommerce sandbox: REST behaviours beyond the recordings', () => {
  let sb: RunningSandbox;
  beforeEach(async () => {
    sb = await startSandbox({
      customOrderStatuses: [{ slug: 'wc-validated', label: 'Validated' }],
    });
  });
  afterEach(() => sb.close());

  it('lets a trashed product’s SKU be reused, and finds several SKUs at once', async () => {
    const first = (await wc(sb).post('/products', { name: 'A', sku: 'REUSE' })).body;
    await wc(sb).post('/products', { name: 'B', sku: 'OTHER' });
    await wc(sb).del(`/products/${first.id}`);
    const again = await wc(sb).post('/products', { name: 'A2', sku: 'REUSE' });
    assert.equal(again.status, 201);
    const found = (await wc(sb).get('/products?sku=REUSE,OTHER')).body as { name: string }[];
    assert.deepEqual(found.map((p) => p.name).sort(), ['A2', 'B']);
  });

  it('prices a customer’s order lines with the net price the shop plugin shows them', async () => {
    const product = (
      await wc(sb).post('/products', {
        name: 'Raccord',
        sku: 'NET-1',
        regular_price: '20.00',
        meta_data: [
          { key: 'sage_family', value: 'RACC' },
          { key: 'sage_prices', value: { '1': '18' } },
          { key: 'sage_price_rules', value: { '1': { price: '20', article_discount: '10' } } },
        ],
      })
    ).body;
    const contract = (
      await wc(sb).post('/customers', {
        email: 'net@example.test',
        meta_data: [
          { key: 'sage_price_category', value: '1' },
          { key: 'sage_family_discounts', value: { RACC: '15' } },
          { key: 'sage_customer_discount', value: '0' },
        ],
      })
    ).body;
    const guest = (await wc(sb).post('/customers', { email: 'list@example.test' })).body;
    const line = async (customerId: number) =>
      (
        await wc(sb).post('/orders', {
          customer_id: customerId,
          line_items: [{ product_id: product.id, quantity: 2 }],
        })
      ).body.line_items[0] as { total: string };
    // highest of 10 % (category) and 15 % (the customer's family discount): 20 × 0.85 = 17.
    assert.equal((await line(contract.id)).total, '34.00');
    assert.equal((await line(guest.id)).total, '40.00', 'no contract: the regular price');
  });

  it('applies the 100-item limit to every batch endpoint', async () => {
    for (const path of ['/customers/batch', '/orders/batch', '/products/batch']) {
      const res = await wc(sb).post(path, { delete: Array.from({ length: 101 }, (_, i) => i + 1) });
      assert.equal(res.status, 413, path);
      assert.equal(res.body.code, 'woocommerce_rest_request_entity_too_large');
    }
    const create = Array.from({ length: 100 }, (_, i) => ({ email: `b${i}@example.test` }));
    const ok = await wc(sb).post('/customers/batch', { create });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.create.length, 100);
  });

  it('filters orders by a registered status, by status[] lists and by customer', async () => {
    const customer = (await wc(sb).post('/customers', { email: 'o@example.test' })).body;
    const a = (await wc(sb).post('/orders', { customer_id: customer.id })).body;
    const b = (await wc(sb).post('/orders', {})).body;
    await wc(sb).put(`/orders/${a.id}`, { status: 'validated' });
    await wc(sb).put(`/orders/${b.id}`, { status: 'on-hold' });
    const ids = async (q: string) =>
      ((await wc(sb).get(`/orders?${q}`)).body as { id: number }[]).map((o) => o.id).sort();
    assert.deepEqual(await ids('status=validated'), [a.id]);
    assert.deepEqual(await ids('status[]=validated&status[]=on-hold'), [a.id, b.id].sort());
    assert.deepEqual(await ids(`customer=${customer.id}`), [a.id]);
  });

  it('reports per-item errors of an orders batch and turns an unknown status into pending there', async () => {
    const order = (await wc(sb).post('/orders', {})).body;
    const res = await wc(sb).post('/orders/batch', {
      update: [
        { id: order.id, status: 'no-such-status' },
        { id: 999999, status: 'completed' },
      ],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.update[0].status, 'pending');
    assert.equal(res.body.update[1].error.code, 'woocommerce_rest_shop_order_invalid_id');
  });

  it('takes stock from a variation, or from its parent when only the parent manages stock', async () => {
    const parent = (
      await wc(sb).post('/products', {
        name: 'Hose',
        type: 'variable',
        attributes: [{ name: 'Diameter', variation: true, options: ['10mm', '12mm'] }],
      })
    ).body;
    const managed = (
      await wc(sb).post(`/products/${parent.id}/variations`, {
        sku: 'H-10',
        regular_price: '5.00',
        manage_stock: true,
        stock_quantity: 4,
        attributes: [{ name: 'Diameter', option: '10mm' }],
      })
    ).body;
    const order = (await wc(sb).post('/orders', { line_items: [{ sku: 'H-10', quantity: 3 }] }))
      .body;
    assert.equal(order.line_items[0].variation_id, managed.id);
    assert.equal(order.line_items[0].product_id, parent.id);
    await wc(sb).put(`/orders/${order.id}`, { status: 'processing' });
    const after = (await wc(sb).get(`/products/${parent.id}/variations/${managed.id}`)).body;
    assert.equal(after.stock_quantity, 1);
    await wc(sb).put(`/orders/${order.id}`, { status: 'cancelled' });
    assert.equal(
      (await wc(sb).get(`/products/${parent.id}/variations/${managed.id}`)).body.stock_quantity,
      4,
    );
  });
});
