import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Loading fixtures, mapping recorded ids to the sandbox's, and sending recorded requests. */

export const FIXTURE_DIR = path.resolve(__dirname, '../../../fixtures/woocommerce');

export interface RecordedExchange {
  description: string;
  request: {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
    headers?: Record<string, string>;
    auth?: string;
    transport?: string;
  };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export interface RecordedDelivery {
  description: string;
  webhook: { id: number; topic: string; delivery_url: string; secret: string; status: string };
  delivery: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body_raw: string;
    body?: unknown;
  };
  signature_check?: { secret: string };
}

export type Fixture = RecordedExchange | RecordedDelivery;

export function isDelivery(f: Fixture): f is RecordedDelivery {
  return 'delivery' in f;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => /^\d.*\.json$/.test(f))
    .sort();
}

export function loadFixture(file: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), 'utf8')) as Fixture;
}

// ---- ids ---------------------------------------------------------------------------------

export type IdNamespace = 'post' | 'user' | 'note' | 'webhook' | 'item';

/** recorded id -> sandbox id, per id sequence */
export class IdMap {
  private readonly maps = new Map<IdNamespace, Map<number, number>>();

  set(ns: IdNamespace, recorded: number, actual: number): void {
    if (!recorded) return;
    let m = this.maps.get(ns);
    if (!m) this.maps.set(ns, (m = new Map()));
    m.set(recorded, actual);
  }

  get(ns: IdNamespace, recorded: number): number {
    return this.maps.get(ns)?.get(recorded) ?? recorded;
  }

  has(ns: IdNamespace, recorded: number): boolean {
    return this.maps.get(ns)?.has(recorded) ?? false;
  }

  /** actual id -> recorded id, per id sequence (to write an answer back in recorded ids) */
  inverse(): IdMap {
    const out = new IdMap();
    for (const [ns, m] of this.maps) for (const [r, a] of m) out.set(ns, a, r);
    return out;
  }
}

/** The id sequence of the resource a REST path is about. */
export function resourceNamespace(p: string): IdNamespace {
  if (/\/notes/.test(p)) return 'note';
  if (/\/customers/.test(p)) return 'user';
  if (/\/webhooks/.test(p)) return 'webhook';
  return 'post';
}

export function rewritePath(p: string, ids: IdMap): string {
  return p
    .replace(/\/(products|orders|customers|webhooks)\/(\d+)/g, (_, kind: string, id: string) => {
      const ns: IdNamespace =
        kind === 'customers' ? 'user' : kind === 'webhooks' ? 'webhook' : 'post';
      return `/${kind}/${ids.get(ns, Number(id))}`;
    })
    .replace(
      /\/(variations)\/(\d+)/g,
      (_, kind: string, id: string) => `/${kind}/${ids.get('post', Number(id))}`,
    )
    .replace(/\/notes\/(\d+)/g, (_, id: string) => `/notes/${ids.get('note', Number(id))}`);
}

/** Rewrites ids inside a request body (ids of items, products, customers, deletes). */
export function rewriteBody(
  body: unknown,
  ids: IdMap,
  ns: IdNamespace,
  receiverUrl?: string,
): unknown {
  const walk = (value: unknown, key: string | null, itemNs: IdNamespace): unknown => {
    if (Array.isArray(value)) {
      if (key === 'delete')
        return value.map((v) =>
          typeof v === 'number' ? ids.get(itemNs, v) : walk(v, null, itemNs),
        );
      return value.map((v) =>
        walk(v, key === 'line_items' || key === 'shipping_lines' ? 'item-array' : null, itemNs),
      );
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'number' && k === 'id')
          out[k] = ids.get(key === 'item-array' ? 'item' : itemNs, v);
        else if (
          typeof v === 'number' &&
          (k === 'product_id' || k === 'variation_id' || k === 'parent_id')
        )
          out[k] = ids.get('post', v);
        else if (typeof v === 'number' && k === 'customer_id') out[k] = ids.get('user', v);
        else if (k === 'delivery_url' && typeof v === 'string' && receiverUrl)
          out[k] = v.replace(/^http:\/\/127\.0\.0\.1:9099/, receiverUrl);
        else out[k] = walk(v, k, itemNs);
      }
      return out;
    }
    return value;
  };
  return walk(body, null, ns);
}

export function rewriteQuery(query: Record<string, string>, ids: IdMap): Record<string, string> {
  const out = { ...query };
  if (out.customer) out.customer = String(ids.get('user', Number(out.customer)));
  for (const k of ['include', 'exclude', 'product', 'parent'])
    if (out[k])
      out[k] = out[k]
        .split(',')
        .map((s) => String(ids.get('post', Number(s))))
        .join(',');
  return out;
}

/** Learns recorded -> actual ids from a recorded answer and the sandbox's answer to the same request. */
export function learnIds(recorded: unknown, actual: unknown, ns: IdNamespace, ids: IdMap): void {
  const learnResource = (r: unknown, a: unknown) => {
    if (!r || !a || typeof r !== 'object' || typeof a !== 'object') return;
    const rec = r as Record<string, unknown>;
    const act = a as Record<string, unknown>;
    // never override: a mapping learnt from a create is the reliable one
    if (
      typeof rec.id === 'number' &&
      typeof act.id === 'number' &&
      !('error' in rec) &&
      !ids.has(ns, rec.id)
    )
      ids.set(ns, rec.id, act.id);
    for (const listKey of ['line_items', 'shipping_lines'] as const) {
      const rl = rec[listKey];
      const al = act[listKey];
      if (Array.isArray(rl) && Array.isArray(al))
        rl.forEach((item, i) => {
          const ai = al[i] as { id?: unknown } | undefined;
          const rid = (item as { id?: unknown }).id;
          if (typeof rid === 'number' && typeof ai?.id === 'number' && !ids.has('item', rid))
            ids.set('item', (item as { id: number }).id, ai.id);
        });
    }
  };
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    // lists: pair items by a stable key (sku/email/name) when possible, else by position
    recorded.forEach((r) =>
      learnResource(
        r,
        pairFor(r, actual) ??
          (actual.length === 1 && recorded.length === 1 ? actual[0] : undefined),
      ),
    );
    return;
  }
  if (
    recorded &&
    typeof recorded === 'object' &&
    ('create' in recorded || 'update' in recorded || 'delete' in recorded)
  ) {
    for (const section of ['create', 'update', 'delete'] as const) {
      const rs = (recorded as Record<string, unknown>)[section];
      const as = (actual as Record<string, unknown> | undefined)?.[section];
      if (!Array.isArray(rs) || !Array.isArray(as)) continue;
      rs.forEach((r, i) => learnResource(r, as[i]));
      // the 100-item recordings keep 2 items: ids were consecutive, extrapolate the rest
      const first = rs[0] as { id?: unknown } | undefined;
      if (section === 'create' && rs.length < as.length && typeof first?.id === 'number')
        as.forEach((a, i) => {
          const id = (a as { id?: unknown }).id;
          if (typeof id === 'number' && id > 0 && !ids.has(ns, (first.id as number) + i))
            ids.set(ns, (first.id as number) + i, id);
        });
    }
    return;
  }
  learnResource(recorded, actual);
}

function pairFor(r: unknown, actual: unknown[]): unknown {
  if (!r || typeof r !== 'object') return undefined;
  const rec = r as Record<string, unknown>;
  for (const key of ['sku', 'email', 'note', 'name'] as const) {
    const v = rec[key];
    if (typeof v !== 'string' || v === '') continue;
    const found = actual.filter((a) => (a as Record<string, unknown>)?.[key] === v);
    if (found.length === 1) return found[0];
  }
  return undefined;
}

// ---- HTTP --------------------------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** The host the recordings were made against: the sandbox builds its links from the Host header. */
export const RECORDED_HOST = '127.0.0.1:8080';

export function send(
  port: number,
  method: string,
  pathWithQuery: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  host = RECORDED_HOST,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathWithQuery,
        headers: { Host: host, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function queryString(query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (!entries.length) return '';
  return (
    '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  );
}
