import { strict as assert } from 'node:assert';
import { createHmac, randomBytes } from 'node:crypto';
import {
  IdMap,
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
  type RecordedExchange,
} from './replay';
import type { Step, SyntheticStep } from './timeline';

/**
 * The scenario runner: sends the recorded requests (and the timeline's synthetic steps) to a
 * target, the sandbox or a real WooCommerce store, with the target's own credentials, receiver
 * and ids. Recorded ids are mapped to the target's through an IdMap learnt from the answers.
 */

/** The credentials the recording used; requests carrying them are rewritten to the target's. */
export const RECORDED_MAIN_KEY = 'ck_4b7b42040f53d51d178e0bedbba1ed8bf903a3e8';
export const RECORDED_MAIN_SECRET = 'cs_cd710d73b4926e45a6b667aade3563390f9b24a1';
/** where the recording's webhooks delivered to */
export const RECORDED_RECEIVER = 'http://127.0.0.1:9099';

export interface TargetCredentials {
  consumerKey: string;
  consumerSecret: string;
  readOnlyKey: string;
  readOnlySecret: string;
  /** a WordPress application password of the administrator (media uploads) */
  appUser: string;
  appPassword: string;
}

export interface Target {
  /** 'sandbox' or 'real store', for messages */
  name: string;
  port: number;
  /** Host header to send (the sandbox builds its links from it) */
  host: string;
  credentials: TargetCredentials;
  /** replaces RECORDED_RECEIVER in webhook delivery URLs */
  receiverUrl: string;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** the credentials a recording used, from its `request.auth` description, as the target's */
export function authHeaders(
  auth: string | undefined,
  c: TargetCredentials,
): Record<string, string> {
  switch (auth) {
    case undefined:
    case 'basic: WooCommerce read_write consumer key':
      return { Authorization: basic(c.consumerKey, c.consumerSecret) };
    case 'basic: unknown ck, valid cs':
      return {
        Authorization: basic('ck_0000000000000000000000000000000000000000', c.consumerSecret),
      };
    case 'basic: valid ck, wrong cs':
      return { Authorization: basic(c.consumerKey, 'cs_wrong') };
    case 'basic: valid read-only key':
      return { Authorization: basic(c.readOnlyKey, c.readOnlySecret) };
    case 'basic: application password of an administrator':
      return { Authorization: basic(c.appUser, c.appPassword) };
    case 'Authorization: Bearer abc123':
      return { Authorization: 'Bearer abc123' };
    default:
      // 'none', query-string keys and OAuth parameters travel in the query itself
      return {};
  }
}

/** query-string keys of the recording replaced by the target's */
function rewriteQueryKeys(
  query: Record<string, string>,
  c: TargetCredentials,
): Record<string, string> {
  const out = { ...query };
  if (out.consumer_key === RECORDED_MAIN_KEY) out.consumer_key = c.consumerKey;
  if (out.consumer_secret === RECORDED_MAIN_SECRET) out.consumer_secret = c.consumerSecret;
  return out;
}

/**
 * Over plain HTTP a client must sign with OAuth 1.0a (one-legged, HMAC-SHA256): used to build the
 * state before the plain-HTTP recordings, written here from WooCommerce's description.
 */
export function oauthQuery(
  target: Target,
  method: string,
  path: string,
  query: Record<string, string>,
): Record<string, string> {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
    );
  const params: Record<string, string> = {
    ...query,
    oauth_consumer_key: target.credentials.consumerKey,
    oauth_nonce: randomBytes(8).toString('hex'),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
  };
  const normalized = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}%3D${enc(params[k])}`)
    .join('%26');
  const base = `${method}&${enc(`http://${target.host}${path}`)}&${normalized}`;
  return {
    ...params,
    oauth_signature: createHmac('sha256', `${target.credentials.consumerSecret}&`)
      .update(base)
      .digest('base64'),
  };
}

/** a 193-byte PDF like the recorded invoice */
export const FAKE_PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n% sandbox invoice\n'),
  Buffer.alloc(193 - 27, 0x20),
]);

/**
 * Sends a recorded request to the target. `signOAuth`: sign with OAuth 1.0a instead of Basic
 * auth (steps before a plain-HTTP recording, against a plain-HTTP sandbox).
 */
export async function replayExchange(
  target: Target,
  f: RecordedExchange,
  ids: IdMap,
  signOAuth = false,
): Promise<RawResponse> {
  const req = f.request;
  const ns = resourceNamespace(req.path);
  const useOAuth = signOAuth && req.auth === undefined && req.path.startsWith('/wp-json/wc/');
  const headers: Record<string, string> = {
    ...(useOAuth ? {} : authHeaders(req.auth, target.credentials)),
    ...(req.headers ?? {}),
  };
  let body: string | Buffer | undefined;
  if (req.path.startsWith('/wp-json/wp/v2/media')) body = FAKE_PDF;
  else if (typeof req.body === 'string') {
    body = req.body; // the malformed-JSON recording keeps the raw text
    headers['Content-Type'] = 'application/json';
  } else if (req.body !== null && req.body !== undefined) {
    body = JSON.stringify(rewriteBody(req.body, ids, ns, target.receiverUrl));
    headers['Content-Type'] = 'application/json';
  }
  const path = rewritePath(req.path, ids);
  let query = rewriteQueryKeys(rewriteQuery(req.query ?? {}, ids), target.credentials);
  if (useOAuth) query = oauthQuery(target, req.method, path, query);
  return send(target.port, req.method, path + queryString(query), headers, body, target.host);
}

/** Runs a synthetic step (must succeed) and maps its recorded id to the target's. */
export async function replaySynthetic(
  target: Target,
  s: SyntheticStep,
  ids: IdMap,
  signOAuth = false,
): Promise<RawResponse> {
  const body = JSON.stringify(rewriteBody(s.body, ids, 'post'));
  const path = rewritePath(s.path, ids);
  const auth = signOAuth ? {} : authHeaders(undefined, target.credentials);
  const to = signOAuth ? path + queryString(oauthQuery(target, s.method, path, {})) : path;
  const res = await send(
    target.port,
    s.method,
    to,
    { ...auth, 'Content-Type': 'application/json' },
    body,
    target.host,
  );
  assert.ok(
    res.status < 300,
    `${target.name}: synthetic step "${s.synthetic}" failed: ${res.status} ${res.text.slice(0, 200)}`,
  );
  ids.set(s.recordedId.ns, s.recordedId.id, (res.json as { id: number }).id);
  return res;
}

/** Replays a recorded exchange and learns the ids its answer reveals. */
export async function replayAndLearn(
  target: Target,
  f: RecordedExchange,
  ids: IdMap,
  signOAuth = false,
): Promise<RawResponse> {
  const res = await replayExchange(target, f, ids, signOAuth);
  learnIds(f.response.body, res.json, resourceNamespace(f.request.path), ids);
  return res;
}

/** Replays the given steps (delivery recordings are not requests and are passed over). */
export async function replaySteps(
  target: Target,
  steps: Step[],
  ids: IdMap,
  signOAuth = false,
): Promise<void> {
  for (const step of steps) {
    if (typeof step !== 'string') {
      await replaySynthetic(target, step, ids, signOAuth);
      continue;
    }
    const f = loadFixture(step);
    if (isDelivery(f)) continue;
    await replayAndLearn(target, f, ids, signOAuth);
  }
}

/** The response headers a fixture keeps, under their recorded names. */
export const KEPT_HEADERS = [
  'X-WP-Total',
  'X-WP-TotalPages',
  'Link',
  'Content-Type',
  'Allow',
  'Location',
];

export function keptHeaders(res: RawResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = res.headers[name.toLowerCase()];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** A target's answer as if it were a recording (the reference of a differential comparison). */
export function asRecording(f: RecordedExchange, res: RawResponse): RecordedExchange {
  return {
    description: f.description,
    request: f.request,
    response: { status: res.status, headers: keptHeaders(res), body: res.json ?? res.text },
  };
}
