import { strict as assert } from 'node:assert';
import { oauthSignature } from '../../../sandbox/woo/auth';
import { parseFilterDate } from '../../../sandbox/woo/dates';
import { seededRandom } from '../../../sandbox/woo/faults';
import { phpJsonEncode } from '../../../sandbox/woo/json';
import { applyMetaUpdates } from '../../../sandbox/woo/meta';
import { OrderStatusRegistry } from '../../../sandbox/woo/order-statuses';
import { formatDecimal, sanitizeTitle } from '../../../sandbox/woo/product-fields';
import { humanList } from '../../../sandbox/woo/validation';

/** The sandbox's pure helpers. */

describe('WooCommerce sandbox helpers', () => {
  it('formats prices like wc_format_decimal (observed on WooCommerce 10)', () => {
    assert.equal(formatDecimal('12.50'), '12.50');
    assert.equal(formatDecimal('12,50'), '1250');
    assert.equal(formatDecimal('abc'), '');
    assert.equal(formatDecimal('-5'), '-5');
  });

  it('encodes JSON like wp_json_encode (escaped slashes, \\u escapes)', () => {
    assert.equal(
      phpJsonEncode({ url: 'https://x/y', s: '€é' }),
      '{"url":"https:\\/\\/x\\/y","s":"\\u20ac\\u00e9"}',
    );
    assert.deepEqual(JSON.parse(phpJsonEncode({ a: 'é/€' })), { a: 'é/€' });
  });

  it('computes the OAuth 1.0a signature the real store accepted (fixture 20h)', () => {
    const params = {
      oauth_consumer_key: 'ck_4b7b42040f53d51d178e0bedbba1ed8bf903a3e8',
      oauth_nonce: 'e6d0f2b32e5d814b',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: '1795835875',
      per_page: '1',
    };
    const sig = oauthSignature(
      'GET',
      'http://127.0.0.1:8080/wp-json/wc/v3/products',
      params,
      'cs_cd710d73b4926e45a6b667aade3563390f9b24a1',
      'HMAC-SHA256',
    );
    assert.equal(sig, 'C9gSxuTb+Rkyq8it8ZeIlyF62nVkciAkUd4w4qZVCVQ=');
  });

  it('updates meta_data like update_meta_data', () => {
    let id = 100;
    const next = () => ++id;
    const start = [
      { id: 1, key: 'a', value: 'x' },
      { id: 2, key: 'b', value: 'y' },
      { id: 3, key: 'b', value: 'z' },
    ];
    const out = applyMetaUpdates(
      start,
      [
        { key: 'b', value: 'new' },
        { key: 'a', value: null },
        { key: 'flag', value: true },
        { key: 'obj', value: { depot: 1 } },
        { id: 2, value: 'by id' },
      ],
      next,
    );
    assert.deepEqual(out, [
      { id: 2, key: 'b', value: 'by id' },
      { id: 101, key: 'flag', value: '1' },
      { id: 102, key: 'obj', value: { depot: 1 } },
    ]);
    assert.deepEqual(
      applyMetaUpdates([], [{ key: '_hidden', value: 1 }], next, { skipProtectedKeys: true }),
      [],
    );
  });

  it('lists order statuses with registered ones, without their wc- prefix', () => {
    const r = new OrderStatusRegistry([{ slug: 'wc-validated', label: 'Validated' }]);
    assert.ok(r.writeEnum().includes('validated'));
    assert.ok(!r.writeEnum().includes('wc-validated'));
    assert.equal(r.writeEnum().at(-1), 'checkout-draft');
    assert.equal(r.label('validated'), 'Validated');
  });

  it('writes lists, slugs and dates as WordPress does', () => {
    assert.equal(humanList(['a', 'b', 'c']), 'a, b, and c');
    assert.equal(humanList(['a', 'b']), 'a and b');
    assert.equal(sanitizeTitle('Raccord Ø 1/2" Laiton'), 'raccord-o-1-2-laiton');
    assert.equal(parseFilterDate('2026-11-28T03:17:26'), Date.parse('2026-11-28T03:17:26Z'));
    assert.equal(parseFilterDate('2026-11-28T03:17:26+01:00'), Date.parse('2026-11-28T02:17:26Z'));
    assert.equal(parseFilterDate('yesterday'), null);
  });

  it('repeats the same pseudo-random sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 5 }, () => b()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });
});
