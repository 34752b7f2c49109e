import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidSignature, webhookSignature } from '../../../workers/webhooks/signature';

interface RecordedDelivery {
  delivery: { headers: Record<string, string>; body_raw: string };
  signature_check: { secret: string; header_value: string };
}

describe('webhook signature', () => {
  // A delivery captured from a real WooCommerce 10 store, with the secret it was signed with.
  const recorded = JSON.parse(
    readFileSync(
      join(__dirname, '../../fixtures/woocommerce/23f-webhook-delivery-order-created.json'),
      'utf8',
    ),
  ) as RecordedDelivery;
  const body = Buffer.from(recorded.delivery.body_raw, 'utf8');
  const { secret, header_value: header } = recorded.signature_check;

  it('matches the signature a real WooCommerce store sent', () => {
    assert.equal(webhookSignature(body, secret), header);
    assert.equal(isValidSignature(body, header, secret), true);
  });

  it('refuses a missing, wrong or truncated signature, another secret, or one changed byte', () => {
    assert.equal(isValidSignature(body, undefined, secret), false);
    assert.equal(isValidSignature(body, '', secret), false);
    assert.equal(isValidSignature(body, header.slice(0, -2), secret), false);
    assert.equal(isValidSignature(body, header, `${secret}x`), false);
    assert.equal(isValidSignature(body, header, ''), false);
    const tampered = Buffer.from(body);
    tampered[10] = tampered[10] ^ 1;
    assert.equal(isValidSignature(tampered, header, secret), false);
  });
});
