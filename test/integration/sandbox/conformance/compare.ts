import type { IdMap, IdNamespace, RawResponse, RecordedExchange } from './replay';

/**
 * Compares the sandbox's answer with the recorded one: status, error code/message/data, the
 * pagination and Allow headers, and the body fields that matter per resource. Ids are compared
 * through the recorded->actual id map; dates, generated keys and cosmetic HTML are ignored.
 */

type Json = Record<string, unknown>;

/** https links become http (the sandbox is plain HTTP), object keys are sorted */
const normalize = (v: unknown): unknown => {
  if (typeof v === 'string') return v.replace(/https:\/\//g, 'http://');
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, normalize(x)]),
    );
  return v;
};

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));

class Diff {
  readonly problems: string[] = [];
  check(where: string, expected: unknown, actual: unknown): void {
    if (!same(expected, actual))
      this.problems.push(
        `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
      );
  }
}

/** meta as [key, value] pairs; a trash timestamp is a date like any other and is not compared */
const kv = (meta: unknown) =>
  Array.isArray(meta)
    ? meta.map((m: Json) => [
        m.key,
        m.key === '_wp_trash_meta_time' && /^\d+$/.test(String(m.value)) ? '<unix time>' : m.value,
      ])
    : meta;

const PRODUCT_FIELDS = [
  'name',
  'slug',
  'permalink',
  'type',
  'status',
  'description',
  'short_description',
  'sku',
  'price',
  'regular_price',
  'sale_price',
  'on_sale',
  'purchasable',
  'total_sales',
  'manage_stock',
  'stock_quantity',
  'stock_status',
  'backorders',
  'backorders_allowed',
  'attributes',
  'default_attributes',
];
const CUSTOMER_FIELDS = [
  'email',
  'first_name',
  'last_name',
  'role',
  'username',
  'billing',
  'shipping',
  'is_paying_customer',
];
const ORDER_FIELDS = [
  'status',
  'currency',
  'total',
  'shipping_total',
  'discount_total',
  'total_tax',
  'created_via',
  'customer_note',
  'billing',
  'shipping',
  'payment_method',
  'payment_method_title',
  'is_editable',
  'needs_payment',
  'prices_include_tax',
];
const WEBHOOK_FIELDS = ['name', 'status', 'topic', 'resource', 'event', 'hooks'];

export function compareBody(
  recorded: unknown,
  actual: unknown,
  ids: IdMap,
  ns: IdNamespace,
): string[] {
  const d = new Diff();
  compareResource(d, 'body', recorded as Json, actual as Json, ids, ns);
  return d.problems;
}

function compareResource(
  d: Diff,
  where: string,
  r: Json,
  a: Json,
  ids: IdMap,
  ns: IdNamespace,
): void {
  if (!a || typeof a !== 'object') return d.check(where, r, a);
  if (typeof r.id === 'number' && ids.has(ns, r.id))
    d.check(`${where}.id`, ids.get(ns, r.id), a.id);
  else if (typeof r.id === 'string') d.check(`${where}.id`, r.id, a.id);
  const fields = (list: string[]) => {
    for (const f of list) if (f in r) d.check(`${where}.${f}`, r[f], a[f]);
  };
  if ('line_items' in r) {
    fields(ORDER_FIELDS);
    d.check(`${where}.customer_id`, ids.get('user', r.customer_id as number), a.customer_id);
    d.check(`${where}.meta_data`, kv(r.meta_data), kv(a.meta_data));
    d.check(`${where}.date_paid is set`, r.date_paid !== null, a.date_paid !== null);
    d.check(`${where}.date_completed is set`, r.date_completed !== null, a.date_completed !== null);
    const rl = r.line_items as Json[];
    const al = (a.line_items ?? []) as Json[];
    d.check(`${where}.line_items.length`, rl.length, al.length);
    rl.forEach((l, i) => {
      const x = al[i] ?? {};
      for (const f of ['name', 'quantity', 'subtotal', 'total', 'sku', 'price', 'parent_name'])
        d.check(`${where}.line_items[${i}].${f}`, l[f], x[f]);
      d.check(
        `${where}.line_items[${i}].product_id`,
        ids.get('post', l.product_id as number),
        x.product_id,
      );
      d.check(
        `${where}.line_items[${i}].variation_id`,
        ids.get('post', l.variation_id as number),
        x.variation_id,
      );
      const meta = (m: unknown) =>
        (m as Json[]).map((e) => [e.key, e.value, e.display_key, e.display_value]);
      d.check(`${where}.line_items[${i}].meta_data`, meta(l.meta_data), meta(x.meta_data ?? []));
    });
    const ship = (s: unknown) => (s as Json[]).map((e) => [e.method_id, e.method_title, e.total]);
    d.check(`${where}.shipping_lines`, ship(r.shipping_lines), ship(a.shipping_lines ?? []));
  } else if ('username' in r) {
    fields(CUSTOMER_FIELDS);
    d.check(`${where}.meta_data`, kv(r.meta_data), kv(a.meta_data));
  } else if ('topic' in r && 'delivery_url' in r) {
    fields(WEBHOOK_FIELDS);
    d.check(
      `${where}.delivery_url path`,
      new URL(String(r.delivery_url)).pathname,
      new URL(String(a.delivery_url)).pathname,
    );
  } else if ('note' in r && 'customer_note' in r) {
    fields(['note', 'customer_note', 'author']);
  } else if ('mime_type' in r) {
    fields(['slug', 'status', 'type', 'title', 'mime_type', 'media_type', 'media_details']);
    const file = (u: unknown) => String(u).replace(/^.*\/wp-content\/uploads\/\d{4}\/\d{2}\//, '');
    d.check(`${where}.source_url file`, file(r.source_url), file(a.source_url));
  } else if ('label' in r && 'value' in r) {
    fields([
      'id',
      'label',
      'description',
      'type',
      'default',
      'value',
      'options',
      'tip',
      'group_id',
    ]);
  } else if ('slug' in r && 'total' in r) {
    fields(['slug', 'name', 'total']);
  } else if ('sku' in r && 'type' in r) {
    fields(PRODUCT_FIELDS);
    if (r.type === 'variation' && !('slug' in r)) fields(['name']);
    if (r.type !== 'variation' && 'slug' in r) fields(['name']);
    d.check(`${where}.parent_id`, ids.get('post', r.parent_id as number), a.parent_id);
    d.check(`${where}.meta_data`, kv(r.meta_data), kv(a.meta_data));
    if (Array.isArray(r.variations))
      d.check(
        `${where}.variations`,
        (r.variations as number[]).map((v) => ids.get('post', v)).sort(),
        ((a.variations ?? []) as number[]).slice().sort(),
      );
  } else {
    d.check(where, r, a);
  }
}

function compareError(d: Diff, r: Json, a: Json, ids: IdMap): void {
  d.check('code', r.code, a?.code);
  d.check('message', r.message, a?.message);
  const rd = (r.data ?? {}) as Json;
  const ad = (a?.data ?? {}) as Json;
  d.check('data.status', rd.status, ad.status);
  if (rd.params !== undefined) d.check('data.params', rd.params, ad.params);
  if (rd.details !== undefined) d.check('data.details', rd.details, ad.details);
  if (rd.resource_id !== undefined)
    d.check('data.resource_id', ids.get('post', rd.resource_id as number), ad.resource_id);
  if (rd.unique_sku !== undefined) d.check('data.unique_sku', rd.unique_sku, ad.unique_sku);
  for (const k of ['json_error_code', 'json_error_message'])
    if (rd[k] !== undefined) d.check(`data.${k}`, rd[k], ad[k]);
}

/**
 * Lists: ordered ones are compared item by item; unordered ones (date order, where items made in
 * the same second have no defined order) are paired by mapped id, else by SKU/e-mail/name.
 * Ids that no replayed answer revealed (system notes) are not compared.
 */
function compareList(
  d: Diff,
  rec: Json[],
  act: unknown,
  ids: IdMap,
  ns: IdNamespace,
  mode: ListMode,
): void {
  if (!Array.isArray(act)) return d.check('body', 'an array', act);
  d.check('body.length', rec.length, act.length);
  if (mode === 'count-only') return;
  const actual = act as Json[];
  const used = new Set<Json>();
  const known = (x: Json) => typeof x.id === 'number' && ids.has(ns, x.id);
  rec.forEach((x, i) => {
    let match: Json | undefined;
    if (mode === 'ordered') match = actual[i];
    else if (known(x)) match = actual.find((a) => a.id === ids.get(ns, x.id as number));
    else
      match =
        pairByKey(
          x,
          actual.filter((a) => !used.has(a)),
        ) ?? actual[i];
    if (match) used.add(match);
    compareResource(d, `body[${i}]`, x, match as Json, ids, ns);
  });
}

/** the first item with the same SKU, e-mail, note text, name or slug */
function pairByKey(x: Json, candidates: Json[]): Json | undefined {
  for (const key of ['sku', 'email', 'note', 'name', 'slug']) {
    const v = x[key];
    if (typeof v !== 'string' || v === '') continue;
    const found = candidates.find((a) => a[key] === v);
    if (found) return found;
  }
  return undefined;
}

type ListMode = 'ordered' | 'unordered' | 'count-only';

export function compareExchange(
  rec: RecordedExchange,
  actual: RawResponse,
  ids: IdMap,
  ns: IdNamespace,
  options: { linkRelsOnly?: boolean } = {},
): string[] {
  const d = new Diff();
  d.check('status', rec.response.status, actual.status);
  const rh = rec.response.headers;
  for (const h of ['X-WP-Total', 'X-WP-TotalPages'])
    d.check(`header ${h}`, rh[h], actual.headers[h.toLowerCase()]);
  if (rh.Allow !== undefined) d.check('header Allow', rh.Allow, actual.headers.allow);
  if (rh.Link !== undefined) {
    const rels = (l: unknown) => [...String(l).matchAll(/rel="([^"]+)"/g)].map((m) => m[1]);
    if (options.linkRelsOnly) d.check('header Link rels', rels(rh.Link), rels(actual.headers.link));
    else d.check('header Link', rh.Link, actual.headers.link);
  }
  if (rh.Location !== undefined)
    d.check(
      'header Location',
      String(rh.Location).replace(/\d+$/, ''),
      String(actual.headers.location ?? '').replace(/\d+$/, ''),
    );

  const body = rec.response.body as Json | Json[];
  const got = actual.json as Json;
  if (Array.isArray(body)) {
    const q = rec.request.query;
    const paged = Number(rh['X-WP-TotalPages'] ?? 1) > 1;
    // one page of a list in date order: which of the items created in the same second come first
    // is undefined in MySQL (04 and 04b even disagree with each other), so only counts are compared
    // (webhooks too: their default order is the creation date, ties undefined — the recording
    // listed two webhooks of the same second oldest first, the real store newest first)
    const mode: ListMode =
      q.orderby !== undefined || !body.some((x) => typeof x.id === 'number')
        ? 'ordered'
        : paged
          ? 'count-only'
          : 'unordered';
    compareList(d, body, got, ids, ns, mode);
  } else if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    compareError(d, body, got, ids);
  } else if (body && ('create' in body || 'update' in body || 'delete' in body)) {
    const truncated = Object.keys(body).some((k) => k.startsWith('_fixture_note'));
    const request = (rec.request.body ?? {}) as Json;
    for (const section of ['create', 'update', 'delete']) {
      const rs = (body[section] ?? []) as Json[];
      const as = ((got?.[section] ?? []) as Json[]) ?? [];
      const expectedLength = truncated ? ((request[section] as unknown[]) ?? []).length : rs.length;
      d.check(`${section}.length`, expectedLength, as.length);
      rs.forEach((r, i) => {
        if (r.error) {
          d.check(`${section}[${i}].id`, r.id === 0 ? 0 : ids.get(ns, r.id as number), as[i]?.id);
          const e = new Diff();
          compareError(e, r.error as Json, (as[i]?.error ?? {}) as Json, ids);
          d.problems.push(...e.problems.map((p) => `${section}[${i}].error.${p}`));
        } else compareResource(d, `${section}[${i}]`, r, as[i], ids, ns);
      });
    }
  } else if (body && typeof body === 'object') {
    compareResource(d, 'body', body, got, ids, ns);
  }
  return d.problems;
}
