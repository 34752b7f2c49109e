import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/woo';
import { compareBody, compareExchange } from './conformance/compare';
import { Receiver, type Received } from './receiver';
import {
  IdMap,
  RECORDED_HOST,
  fixtureFiles,
  isDelivery,
  loadFixture,
  resourceNamespace,
  type RecordedDelivery,
} from './conformance/replay';
import {
  RECORDED_MAIN_KEY,
  RECORDED_MAIN_SECRET,
  replayExchange,
  replaySteps,
  type Target,
} from './conformance/runner';
import { TIMELINE } from './conformance/timeline';

/**
 * Conformance: every recorded exchange of a real WooCommerce 10 store (test/fixtures/woocommerce)
 * is replayed against a fresh sandbox, after the steps that preceded it in the recording, and the
 * answer is compared (status, error code and message, pagination/Allow headers, the fields that
 * matter). Webhook delivery recordings are checked on a local receiver.
 */

const MAIN_KEY = RECORDED_MAIN_KEY;
const MAIN_SECRET = RECORDED_MAIN_SECRET;
const READ_ONLY_KEY = {
  consumerKey: 'ck_readonly_0000000000000000000000000000',
  consumerSecret: 'cs_readonly',
  permissions: 'read' as const,
};
const APP_PASSWORD = { username: 'admin', password: 'abcd efgh ijkl mnop qrst uvwx' };
const CUSTOM_STATUSES = [
  { slug: 'wc-awaiting-valid', label: 'Awaiting validation' },
  { slug: 'wc-validated', label: 'Validated' },
  { slug: 'wc-preparing', label: 'In preparation' },
  { slug: 'wc-shipping', label: 'Being delivered' },
];

/** the sandbox as a scenario target, with the recording's own credentials and host */
function sandboxTarget(sb: RunningSandbox, receiverUrl: string): Target {
  return {
    name: 'sandbox',
    port: sb.port,
    host: RECORDED_HOST,
    receiverUrl,
    credentials: {
      consumerKey: MAIN_KEY,
      consumerSecret: MAIN_SECRET,
      readOnlyKey: READ_ONLY_KEY.consumerKey,
      readOnlySecret: READ_ONLY_KEY.consumerSecret,
      appUser: APP_PASSWORD.username,
      appPassword: APP_PASSWORD.password,
    },
  };
}

function sandboxOptions(
  file: string,
  index: number,
  f: ReturnType<typeof loadFixture>,
): SandboxOptions {
  return {
    consumerKey: MAIN_KEY,
    consumerSecret: MAIN_SECRET,
    extraKeys: [READ_ONLY_KEY],
    applicationPasswords: [APP_PASSWORD],
    // the fixtures were (re-)recorded on a store with the shop plugin's statuses from the start
    customOrderStatuses: CUSTOM_STATUSES,
    plainHttp: !isDelivery(f) && f.request.transport !== undefined,
    // the recorded OAuth signature is months old
    oauthTimestampToleranceSec: Number.MAX_SAFE_INTEGER,
    // 23l: deliveries stay queued until the webhook has been paused, as on the real store
    webhookDelayMs: file.startsWith('23l') ? 600_000 : 0,
  };
}

function checkDeliveryHeaders(d: RecordedDelivery, got: Received): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(d.delivery.headers)) {
    if (['Host', 'Accept-Encoding', 'Content-Length', 'X-WC-Webhook-Source'].includes(name))
      continue;
    if (got.headers[name.toLowerCase()] === undefined) problems.push(`missing header ${name}`);
  }
  for (const name of Object.keys(got.headers))
    if (
      name.startsWith('x-wc-') &&
      !Object.keys(d.delivery.headers).some((h) => h.toLowerCase() === name)
    )
      problems.push(`unexpected header ${name}`);
  for (const name of [
    'User-Agent',
    'Content-Type',
    'X-WC-Webhook-Topic',
    'X-WC-Webhook-Resource',
    'X-WC-Webhook-Event',
  ])
    if (
      d.delivery.headers[name] !== undefined &&
      got.headers[name.toLowerCase()] !== d.delivery.headers[name]
    )
      problems.push(
        `header ${name}: expected ${d.delivery.headers[name]}, got ${got.headers[name.toLowerCase()]}`,
      );
  return problems;
}

describe('WooCommerce sandbox conformance (replays every recorded fixture)', function () {
  this.timeout(20_000);
  const receiver = new Receiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  for (const file of fixtureFiles()) {
    it(file, async () => {
      const index = TIMELINE.indexOf(file);
      assert.ok(index >= 0, `${file} is not placed in the recording timeline`);
      const fixture = loadFixture(file);
      const sb = await startSandbox(sandboxOptions(file, index, fixture));
      receiver.requests.length = 0;
      const ids = new IdMap();
      try {
        const plainHttp = !isDelivery(fixture) && fixture.request.transport !== undefined;
        const target = sandboxTarget(sb, receiver.url);
        await replaySteps(target, TIMELINE.slice(0, index), ids, plainHttp);
        if (!isDelivery(fixture)) {
          const res = await replayExchange(target, fixture, ids);
          const q = fixture.request.query ?? {};
          const linkRelsOnly = Object.keys(q).some(
            (k) => k.startsWith('oauth_') || k.startsWith('consumer_'),
          );
          const problems = compareExchange(
            fixture,
            res,
            ids,
            resourceNamespace(fixture.request.path),
            { linkRelsOnly },
          );
          assert.deepEqual(problems, [], `${fixture.description}\n${problems.join('\n')}`);
          return;
        }
        await sb.flushWebhooks();
        const d = fixture;
        const hookId = ids.get('webhook', d.webhook.id);
        const candidates = receiver.requests.filter((r) => r.path === d.delivery.path);
        const isPing = !('X-WC-Webhook-Topic' in d.delivery.headers);
        const got = isPing
          ? candidates.find((r) => r.headers['x-wc-webhook-topic'] === undefined)
          : candidates.find(
              (r) =>
                r.headers['x-wc-webhook-topic'] === d.webhook.topic &&
                (JSON.parse(r.body) as { id: number }).id ===
                  ids.get('post', (d.delivery.body as { id: number }).id),
            );
        assert.ok(
          got,
          `no delivery to ${d.delivery.path} received (${receiver.requests.length} requests)`,
        );
        const problems = checkDeliveryHeaders(d, got);
        if (isPing) {
          if (got.body !== `webhook_id=${hookId}`) problems.push(`ping body: ${got.body}`);
        } else {
          if (got.headers['x-wc-webhook-id'] !== String(hookId))
            problems.push(`X-WC-Webhook-ID ${got.headers['x-wc-webhook-id']}`);
          if (!/^[0-9a-f]{32}$/.test(String(got.headers['x-wc-webhook-delivery-id'])))
            problems.push('delivery id format');
          const secret = d.webhook.secret.startsWith(';')
            ? (sb.store.get('webhook', hookId)?.secret ?? '')
            : d.webhook.secret;
          const expected = createHmac('sha256', secret).update(got.body).digest('base64');
          if (got.headers['x-wc-webhook-signature'] !== expected)
            problems.push('signature does not verify');
          if (!got.body.includes('\\/'))
            problems.push('body is not PHP-encoded (slashes not escaped)');
          const recordedBody = JSON.parse(d.delivery.body_raw) as unknown;
          // the payload's links use the sandbox's own address where the recording had 127.0.0.1:8080
          const payload = JSON.parse(
            got.body.split(sb.url.replace(/\//g, '\\/')).join('http:\\/\\/127.0.0.1:8080'),
          );
          problems.push(...compareBody(recordedBody, payload, ids, 'post'));
        }
        assert.deepEqual(problems, [], `${fixture.description}\n${problems.join('\n')}`);
      } finally {
        await sb.close();
      }
    });
  }
});
