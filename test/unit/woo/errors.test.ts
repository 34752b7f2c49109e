import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import {
  httpErrorFor,
  runAsActivity,
  toActivityFailure,
  WOO_NON_RETRYABLE_FAILURE_TYPES,
  WooAuthError,
  WooBadRequestError,
  WooItemError,
  WooNetworkError,
  WooNotFoundError,
  WooRateLimitError,
  WooServerError,
  WooTimeoutError,
  WooValidationError,
} from '../../../activities/woo/errors';
import { createRedactor } from '../../../activities/woo/redact';
import { parseRetryAfter } from '../../../activities/woo/retry-after';
import { TEST_KEY, TEST_SECRET } from './helpers/fake-shop';

const request = { method: 'POST', path: '/products/batch' };

describe('woo error classification', () => {
  const cases: [number, string, boolean][] = [
    [400, 'WooBadRequestError', false],
    [401, 'WooAuthError', false],
    [403, 'WooAuthError', false],
    [404, 'WooNotFoundError', false],
    [410, 'WooNotFoundError', false],
    [413, 'WooBadRequestError', false],
    [408, 'WooBadRequestError', true],
    [429, 'WooRateLimitError', true],
    [500, 'WooServerError', true],
    [502, 'WooServerError', true],
    [503, 'WooServerError', true],
    [504, 'WooServerError', true],
    [501, 'WooServerError', false],
  ];
  for (const [status, name, retryable] of cases) {
    it(`classifies ${status} as ${name}, ${retryable ? 'retryable' : 'not retryable'}`, () => {
      const err = httpErrorFor(status, 'some_code', 'message', request);
      assert.equal(err.name, name);
      assert.equal(err.status, status);
      assert.equal(err.retryable, retryable);
      const failure = toActivityFailure(err);
      assert.equal(failure.type, name);
      assert.equal(failure.nonRetryable, !retryable);
    });
  }

  it('makes network errors and timeouts retryable', () => {
    for (const err of [
      new WooNetworkError('ECONNRESET', request),
      new WooTimeoutError(500, true, request),
    ]) {
      assert.equal(err.retryable, true);
      const failure = toActivityFailure(err);
      assert.equal(failure.type, err.name);
      assert.equal(failure.nonRetryable, false);
    }
  });

  it('makes schema mismatches non-retryable', () => {
    const failure = toActivityFailure(new WooValidationError(['id: expected number'], request));
    assert.equal(failure.type, 'WooValidationError');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /id: expected number/);
  });

  it('passes Retry-After as nextRetryDelay', () => {
    const err = new WooRateLimitError(429, 'too_many', 'slow down', request, {
      retryAfterMs: 7_000,
    });
    const failure = toActivityFailure(err);
    assert.equal(failure.type, 'WooRateLimitError');
    assert.equal(failure.nextRetryDelay, 7_000);
    assert.deepEqual((failure.details?.[0] as Record<string, unknown>).retryAfterMs, 7_000);
  });

  it('does not set nextRetryDelay for non-retryable errors', () => {
    const err = new WooNotFoundError(404, 'x', 'gone', request, { retryAfterMs: 5_000 });
    assert.equal(toActivityFailure(err).nextRetryDelay, undefined);
  });

  it('lists the non-retryable types for retry policies', () => {
    for (const err of [
      new WooAuthError(401, 'a', 'b'),
      new WooNotFoundError(404, 'a', 'b'),
      new WooBadRequestError(400, 'a', 'b'),
      new WooValidationError([]),
    ]) {
      assert.ok(WOO_NON_RETRYABLE_FAILURE_TYPES.includes(err.name), err.name);
    }
    assert.ok(!WOO_NON_RETRYABLE_FAILURE_TYPES.includes(new WooServerError(500, 'a', 'b').name));
  });

  it('keeps ApplicationFailures and wraps unknown errors as retryable', () => {
    const original = ApplicationFailure.nonRetryable('x', 'Mine');
    assert.equal(toActivityFailure(original), original);
    const wrapped = toActivityFailure(new TypeError('boom'));
    assert.equal(wrapped.type, 'TypeError');
    assert.equal(wrapped.nonRetryable, false);
  });

  it('strips HTML from server messages', () => {
    const err = httpErrorFor(
      500,
      'internal_server_error',
      '<p>There has been a critical error on this website.</p><p><a href="x">Learn more</a></p>',
      request,
    );
    assert.match(
      err.message,
      /answered 500 internal_server_error: There has been a critical error on this website\. Learn more$/,
    );
  });

  it('reports the existing product of a duplicate-SKU item error', () => {
    const err = new WooItemError('product_invalid_sku', 400, 'Invalid or duplicated SKU.', {
      resource_id: 10,
      unique_sku: 'A-1',
    });
    assert.equal(err.duplicateOfId, 10);
    assert.equal(err.retryable, false);
    assert.equal(new WooItemError('other', 400, 'x', { resource_id: 10 }).duplicateOfId, undefined);
    assert.equal(new WooItemError('db', 503, 'x').retryable, true);
  });

  it('rethrows activity failures as ApplicationFailures', async () => {
    await assert.rejects(
      runAsActivity(async () => {
        throw new WooServerError(503, 'down', 'maintenance', request, { retryAfterMs: 3_000 });
      }),
      (err: unknown) =>
        err instanceof ApplicationFailure &&
        err.type === 'WooServerError' &&
        err.nonRetryable === false &&
        err.nextRetryDelay === 3_000,
    );
    assert.equal(await runAsActivity(async () => 42), 42);
  });

  it('scrubs secrets from failure messages and details', () => {
    const leaky = new WooBadRequestError(400, 'bad', `key ${TEST_KEY} secret ${TEST_SECRET}`, {
      method: 'GET',
      path: `/products?consumer_key=${TEST_KEY}`,
    });
    const failure = toActivityFailure(leaky, [TEST_KEY, TEST_SECRET]);
    const text = JSON.stringify({ m: failure.message, d: failure.details });
    assert.ok(!text.includes(TEST_KEY) && !text.includes(TEST_SECRET), text);
  });
});

describe('Retry-After parsing', () => {
  const now = Date.parse('2026-11-28T04:00:00Z');
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 3 ', now), 3_000);
    assert.equal(parseRetryAfter(['2', '9'], now), 2_000);
  });
  it('reads HTTP dates, never negative', () => {
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 04:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 03:00:00 GMT', now), 0);
  });
  it('ignores absent or garbage values', () => {
    for (const v of [undefined, null, '', 'soon', '-5', 'NaN'])
      assert.equal(parseRetryAfter(v, now), undefined);
  });
  it('is never negative for any integer seconds', () => {
    fc.assert(fc.property(fc.nat(1_000_000), (s) => parseRetryAfter(String(s), now) === s * 1000));
  });
});

describe('secret redaction', () => {
  const redact = createRedactor([TEST_KEY, TEST_SECRET, 'app-pass word 1234']);
  it('masks query-string credentials, even unknown ones', () => {
    const out = redact(
      'https://shop/wp-json/wc/v3/products?consumer_key=ck_aaaaaaaaaaaaaaaaaaaaaaaa&consumer_secret=whatever&per_page=1&oauth_signature=abc%3D',
    );
    assert.ok(
      !out.includes('whatever') && !out.includes('ck_aaaa') && !out.includes('abc%3D'),
      out,
    );
    assert.match(out, /per_page=1/);
  });
  it('masks Authorization values and known secrets anywhere', () => {
    const basic = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');
    const out = redact(`Authorization: Basic ${basic} then ${TEST_SECRET} and app-pass word 1234`);
    assert.ok(!out.includes(basic) && !out.includes(TEST_SECRET) && !out.includes('app-pass'), out);
  });
  it('never lets a known secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const out = redact(`${before}${TEST_SECRET}${after}`);
        return !out.includes(TEST_SECRET);
      }),
    );
  });
});
