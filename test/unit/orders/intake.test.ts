import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../shared/config';
import { customStatusesOf, ordersConfigSchema, shopIdOf } from '../../../shared/config/orders';
import { intakeDecision, orderRefOf, orderWorkflowId } from '../../../shared/orders/intake';

describe('order intake and orders configuration', () => {
  const config = ordersConfigSchema.parse({});

  it('starts new orders, signals cancellations, ignores the rest (its own status updates)', () => {
    assert.equal(intakeDecision('processing', config), 'start');
    assert.equal(intakeDecision('on-hold', config), 'start');
    assert.equal(intakeDecision('cancelled', config), 'signal');
    assert.equal(intakeDecision('validated', config), 'ignore');
    assert.equal(intakeDecision('completed', config), 'ignore');
  });

  it('imports only placed orders: never a pending (unpaid) one, not even when configured', () => {
    assert.deepEqual(config.importStatuses, ['processing', 'on-hold']);
    assert.equal(intakeDecision('pending', config), 'ignore');
    assert.equal(intakeDecision('failed', config), 'ignore');
    assert.equal(intakeDecision('checkout-draft', config), 'ignore');
    assert.throws(
      () => ordersConfigSchema.parse({ importStatuses: ['pending', 'processing'] }),
      /never imported/,
    );
  });

  it('starts an order placed on account, straight in the awaiting-validation status', () => {
    assert.equal(intakeDecision('awaiting-valid', config), 'start');
    const renamed = ordersConfigSchema.parse({ statuses: { awaitingValidation: 'b2b-waiting' } });
    assert.equal(intakeDecision('b2b-waiting', renamed), 'start');
    assert.equal(intakeDecision('awaiting-valid', renamed), 'ignore');
  });

  it('names the workflow after the shop and the order', () => {
    assert.equal(orderWorkflowId('shop.example.com', 1234), 'order-shop.example.com-1234');
    assert.equal(shopIdOf(config, 'https://shop.example.com'), 'shop.example.com');
    assert.equal(shopIdOf(config, 'http://127.0.0.1:8234'), '127.0.0.1-8234');
    assert.equal(shopIdOf({ ...config, shopId: 'b2b' }, 'https://x.example'), 'b2b');
  });

  it('reads id, number and status from an untrusted payload', () => {
    assert.deepEqual(orderRefOf({ id: 12, number: 'W12', status: 'pending', x: 1 }), {
      id: 12,
      number: 'W12',
      status: 'pending',
    });
    assert.deepEqual(orderRefOf({ id: 12, status: 'pending' }), {
      id: 12,
      number: '12',
      status: 'pending',
    });
    assert.equal(orderRefOf({ id: '12', status: 'pending' }), undefined);
    assert.equal(orderRefOf({ id: 0, status: 'pending' }), undefined);
    assert.equal(orderRefOf({ id: 5 }), undefined);
    assert.equal(orderRefOf(null), undefined);
  });

  it('lists the custom statuses a shop plugin must register, with labels', () => {
    assert.deepEqual(customStatusesOf(config), [
      { slug: 'awaiting-valid', label: 'Awaiting validation' },
      { slug: 'validated', label: 'Validated' },
      { slug: 'preparing', label: 'In preparation' },
      { slug: 'shipping', label: 'Being delivered' },
    ]);
  });

  it('refuses prefixed statuses and a folder source without a folder, naming the field', () => {
    assert.throws(
      () => parseConfig({ orders: { statuses: { validated: 'wc-validated' } } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some((p) => p.startsWith('orders.statuses.validated')),
    );
    assert.throws(
      () => parseConfig({ orders: { invoicePdf: { source: 'folder' } } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some((p) => p.includes('orders.invoicePdf.folder')),
    );
  });

  it('takes settings from the environment', () => {
    const parsed = parseConfig(
      {},
      { SWS_ORDERS__PRICE_CHECK__BLOCKING: 'true', SWS_ORDERS__CANCEL_BEFORE_VALIDATION: 'delete' },
    );
    assert.equal(parsed.orders.priceCheck.blocking, true);
    assert.equal(parsed.orders.cancelBeforeValidation, 'delete');
  });
});
