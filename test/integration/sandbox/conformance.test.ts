import { strict as assert } from 'node:assert';
import { createHmac, randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/woo';
import { compareBody, compareExchange } from './conformance/compare';
import { Receiver, type Received } from './receiver';
import {
  IdMap,
  fixtureFiles,
  isDelivery,
  learnIds,
  loadFixture,
  queryString,
  resourceNamespace,
  rewriteBody,
  rewritePath,
  rewriteQuery,
  send,
  type RawResponse,
  type RecordedDelivery,
  type RecordedExchange,
} from './conformance/replay';
import {
  SECOND_SESSION_START,
  TIMELINE,
  type Step,
  type SyntheticStep,
} from './conformance/timeline';

/**
 * Conformance: every recorded exchange of a real WooCommerce 10 store (test/fixtures/woocommerce)
 * is replayed against a fresh sandbox, after the steps that preceded it in the recording, and the
 * answer is compared (status, error code and message, pagination/Allow headers, the fields that
 * matter). Webhook delivery recordings are checked on a local receiver.
 */

const MAIN_KEY = 'ck_4b7b42040f53d51d178e0bedbba1ed8bf903a3e8';
const MAIN_SECRET = 'cs_cd710d73b4926e45a6b667aade3563390f9b24a1';
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

const stepName = (s: Step) => (typeof s === 'string' ? s : s.synthetic);
const secondSessionIndex = TIMELINE.findIndex((s) => stepName(s) === SECOND_SESSION_START);

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** the credentials a recording used, from its `request.auth` description */
function authHeaders(auth: string | undefined): Record<string, string> {
  switch (auth) {
    case undefined:
    case 'basic: WooCommerce read_write consumer key':
      return { Authorization: basic(MAIN_KEY, MAIN_SECRET) };
    case 'basic: unknown ck, valid cs':
      return { Authorization: basic('ck_0000000000000000000000000000000000000000', MAIN_SECRET) };
    case 'basic: valid ck, wrong cs':
      return { Authorization: basic(MAIN_KEY, 'cs_wrong') };
    case 'basic: valid read-only key':
      return { Authorization: basic(READ_ONLY_KEY.consumerKey, READ_ONLY_KEY.consumerSecret) };
    case 'basic: application password of an administrator':
      return { Authorization: basic(APP_PASSWORD.username, APP_PASSWORD.password) };
    case 'Authorization: Bearer abc123':
      return { Authorization: 'Bearer abc123' };
    default:
      // 'none', query-string keys and OAuth parameters travel in the query itself
      return {};
  }
}

/**
 * Over plain HTTP a client must sign with OAuth 1.0a (one-legged, HMAC-SHA256): used to build the
 * state before the plain-HTTP recordings, written here from WooCommerce's description.
 */
function oauthQuery(
  method: string,
  path: string,
  query: Record<string, string>,
): Record<string, string> {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
    );
  const params: Record<string, string> = {
    ...query,
    oauth_consumer_key: MAIN_KEY,
    oauth_nonce: randomBytes(8).toString('hex'),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
  };
  const normalized = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}%3D${enc(params[k])}`)
    .join('%26');
  const base = `${method}&${enc(`http://127.0.0.1:8080${path}`)}&${normalized}`;
  return {
    ...params,
    oauth_signature: createHmac('sha256', `${MAIN_SECRET}&`).update(base).digest('base64'),
  };
}

/** a 193-byte PDF like the recorded invoice */
const FAKE_PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n% sandbox invoice\n'),
  Buffer.alloc(193 - 27, 0x20),
]);

interface ReplayMode {
  receiverUrl: string;
  /** sign with OAuth instead of Basic auth (prefix steps against a plain-HTTP sandbox) */
  signOAuth: boolean;
}

async function replayExchange(
  sb: RunningSandbox,
  f: RecordedExchange,
  ids: IdMap,
  mode: ReplayMode,
): Promise<RawResponse> {
  const req = f.request;
  const ns = resourceNamespace(req.path);
  const receiverUrl = mode.receiverUrl;
  const useOAuth = mode.signOAuth && req.auth === undefined && req.path.startsWith('/wp-json/wc/');
  const headers: Record<string, string> = {
    ...(useOAuth ? {} : authHeaders(req.auth)),
    ...(req.headers ?? {}),
  };
  let body: string | Buffer | undefined;
  if (req.path.startsWith('/wp-json/wp/v2/media')) body = FAKE_PDF;
  else if (typeof req.body === 'string') {
    body = req.body; // the malformed-JSON recording keeps the raw text
    headers['Content-Type'] = 'application/json';
  } else if (req.body !== null && req.body !== undefined) {
    body = JSON.stringify(rewriteBody(req.body, ids, ns, receiverUrl));
    headers['Content-Type'] = 'application/json';
  }
  const path = rewritePath(req.path, ids);
  let query = rewriteQuery(req.query ?? {}, ids);
  if (useOAuth) query = oauthQuery(req.method, path, query);
  return send(sb.port, req.method, path + queryString(query), headers, body);
}

async function replaySynthetic(
  sb: RunningSandbox,
  s: SyntheticStep,
  ids: IdMap,
  mode: ReplayMode,
): Promise<void> {
  const body = JSON.stringify(rewriteBody(s.body, ids, 'post'));
  const path = rewritePath(s.path, ids);
  const auth = mode.signOAuth ? {} : authHeaders(undefined);
  const target = mode.signOAuth ? path + queryString(oauthQuery(s.method, path, {})) : path;
  const res = await send(
    sb.port,
    s.method,
    target,
    { ...auth, 'Content-Type': 'application/json' },
    body,
  );
  assert.ok(
    res.status < 300,
    `synthetic step "${s.synthetic}" failed: ${res.status} ${res.text.slice(0, 200)}`,
  );
  ids.set(s.recordedId.ns, s.recordedId.id, (res.json as { id: number }).id);
}

async function replayUpTo(
  sb: RunningSandbox,
  index: number,
  ids: IdMap,
  mode: ReplayMode,
): Promise<void> {
  for (const step of TIMELINE.slice(0, index)) {
    if (typeof step !== 'string') {
      await replaySynthetic(sb, step, ids, mode);
      continue;
    }
    const f = loadFixture(step);
    if (isDelivery(f)) continue;
    const res = await replayExchange(sb, f, ids, mode);
    learnIds(f.response.body, res.json, resourceNamespace(f.request.path), ids);
  }
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
    customOrderStatuses: index >= secondSessionIndex ? CUSTOM_STATUSES : [],
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
        await replayUpTo(sb, index, ids, { receiverUrl: receiver.url, signOAuth: plainHttp });
        if (!isDelivery(fixture)) {
          const res = await replayExchange(sb, fixture, ids, {
            receiverUrl: receiver.url,
            signOAuth: false,
          });
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
