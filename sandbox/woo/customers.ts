import { createHash } from 'node:crypto';
import { WooError, missingParams } from './errors';
import { toWooDate } from './dates';
import { applyMetaUpdates } from './meta';
import { paginate, parsePaging, type Page } from './pagination';
import { sortDocs } from './products';
import type { RequestContext } from './context';
import type { Shop } from './shop';
import type { Address, CustomerDoc } from './types';
import { bodyObject, validateFields, type Schema } from './validation';

/** Customers (WordPress users with role `customer`). */

const customerSchema: Schema = {
  email: { type: 'string' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  billing: { type: 'object' },
  shipping: { type: 'object' },
  meta_data: { type: 'array' },
};

const ADDRESS_KEYS = [
  'first_name',
  'last_name',
  'company',
  'address_1',
  'address_2',
  'city',
  'state',
  'postcode',
  'country',
  'phone',
] as const;

export function emptyAddress(withEmail: boolean): Address {
  const a = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, ''])) as unknown as Address;
  if (withEmail) a.email = '';
  return a;
}

/** Only known keys are taken (WooCommerce calls a setter per key and ignores the rest). */
export function mergeAddress(current: Address, input: unknown, withEmail: boolean): Address {
  const next = { ...current };
  const obj = bodyObject(input);
  for (const key of [...ADDRESS_KEYS, ...(withEmail ? (['email'] as const) : [])]) {
    if (obj[key] !== undefined && obj[key] !== null)
      (next as unknown as Record<string, string>)[key] = String(obj[key]);
  }
  return next;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function invalidCustomerId(): WooError {
  return new WooError(404, 'wc_user_invalid_id', 'Invalid user ID.');
}

export function getCustomer(shop: Shop, id: number): CustomerDoc {
  const doc = shop.store.get('customer', id);
  if (!doc) throw invalidCustomerId();
  return doc;
}

function newUsername(shop: Shop, email: string): string {
  const base = email.split('@')[0].replace(/[^A-Za-z0-9._@-]/g, '') || 'customer';
  if (shop.store.findCustomerIdByUsername(base) === undefined) return base;
  for (let n = 1; ; n++)
    if (shop.store.findCustomerIdByUsername(`${base}-${n}`) === undefined) return `${base}-${n}`;
}

export function createCustomer(shop: Shop, body: unknown, lenient: boolean): CustomerDoc {
  const input = bodyObject(body);
  if (input.email === undefined) throw missingParams(['email']);
  const v = validateFields(input, customerSchema, lenient);
  const email = String(v.email ?? '').trim();
  if (!EMAIL.test(email))
    throw new WooError(400, 'customer_invalid_email', 'Invalid email address');
  if (shop.store.findCustomerIdByEmail(email) !== undefined)
    throw new WooError(
      400,
      'registration-error-email-exists',
      `An account is already registered with ${email}. Please log in or use a different email address.`,
    );
  let username: string;
  if (typeof v.username === 'string' && v.username !== '') {
    if (shop.store.findCustomerIdByUsername(v.username) !== undefined)
      throw new WooError(
        400,
        'registration-error-username-exists',
        'An account is already registered with that username. Please choose another.',
      );
    username = v.username;
  } else username = newUsername(shop, email);

  const now = shop.now();
  const id = shop.store.nextId('user');
  const nextMeta = () => shop.store.nextId('meta');
  // WordPress flags generated passwords so that the user is asked to change it
  const initialMeta =
    typeof v.password === 'string' && v.password
      ? []
      : [{ id: nextMeta(), key: 'default_password_nag', value: '1' }];
  const doc: CustomerDoc = {
    id,
    email,
    first_name: String(v.first_name ?? ''),
    last_name: String(v.last_name ?? ''),
    role: 'customer',
    username,
    billing: mergeAddress(emptyAddress(true), v.billing, true),
    shipping: mergeAddress(emptyAddress(false), v.shipping, false),
    is_paying_customer: false,
    meta_data: applyMetaUpdates(
      initialMeta,
      Array.isArray(v.meta_data) ? v.meta_data : [],
      nextMeta,
      {
        skipProtectedKeys: true,
      },
    ),
    date_created: now,
    date_modified: now,
  };
  shop.store.put('customer', doc);
  shop.emit('customer', 'created', id);
  return doc;
}

export function updateCustomer(
  shop: Shop,
  id: number,
  body: unknown,
  lenient: boolean,
): CustomerDoc {
  const existing = getCustomer(shop, id);
  const v = validateFields(bodyObject(body), customerSchema, lenient);
  const doc: CustomerDoc = structuredClone(existing);
  if (typeof v.username === 'string' && v.username !== existing.username)
    throw new WooError(
      400,
      'woocommerce_rest_customer_invalid_argument',
      "Username isn't editable.",
    );
  if (typeof v.email === 'string' && v.email.toLowerCase() !== existing.email.toLowerCase()) {
    const holder = shop.store.findCustomerIdByEmail(v.email);
    if (!EMAIL.test(v.email) || (holder !== undefined && holder !== id))
      throw new WooError(
        400,
        'woocommerce_rest_customer_invalid_email',
        'Email address is invalid.',
      );
    doc.email = v.email;
  }
  if (typeof v.first_name === 'string') doc.first_name = v.first_name;
  if (typeof v.last_name === 'string') doc.last_name = v.last_name;
  if (v.billing !== undefined) doc.billing = mergeAddress(doc.billing, v.billing, true);
  if (v.shipping !== undefined) doc.shipping = mergeAddress(doc.shipping, v.shipping, false);
  if (Array.isArray(v.meta_data))
    doc.meta_data = applyMetaUpdates(doc.meta_data, v.meta_data, () => shop.store.nextId('meta'), {
      skipProtectedKeys: true,
    });
  doc.date_modified = shop.now();
  shop.store.put('customer', doc);
  shop.emit('customer', 'updated', id);
  return doc;
}

export function deleteCustomer(shop: Shop, id: number, force: boolean): CustomerDoc {
  const existing = getCustomer(shop, id);
  if (!force)
    throw new WooError(
      501,
      'woocommerce_rest_trash_not_supported',
      'Customers do not support trashing.',
    );
  shop.store.remove('customer', id);
  shop.emit('customer', 'deleted', id);
  return existing;
}

export function listCustomers(shop: Shop, ctx: RequestContext): Page<CustomerDoc> {
  const q = ctx.query;
  const paging = parsePaging(q);
  const role = q.role ?? 'customer';
  const email = q.email?.toLowerCase();
  const search = q.search?.toLowerCase();
  const include = q.include ? q.include.split(',').map(Number) : undefined;
  const items = shop.store.all('customer').filter((c) => {
    if (role !== 'all' && c.role !== role) return false;
    if (email && c.email.toLowerCase() !== email) return false;
    if (include && !include.includes(c.id)) return false;
    if (
      search &&
      ![c.email, c.username, c.first_name, c.last_name].some((s) =>
        s.toLowerCase().includes(search),
      )
    )
      return false;
    return true;
  });
  const orderby = q.orderby === 'registered_date' ? 'date' : (q.orderby ?? 'name');
  return paginate(
    ctx,
    sortDocs(items, orderby, q.order ?? 'asc', include, (c) => c.username),
    paging,
  );
}

export function customerJson(doc: CustomerDoc, base: string): Record<string, unknown> {
  const address = (a: Address, withEmail: boolean) => ({
    first_name: a.first_name,
    last_name: a.last_name,
    company: a.company,
    address_1: a.address_1,
    address_2: a.address_2,
    city: a.city,
    postcode: a.postcode,
    country: a.country,
    state: a.state,
    ...(withEmail ? { email: a.email ?? '' } : {}),
    phone: a.phone,
  });
  const hash = createHash('sha256').update(doc.email.trim().toLowerCase()).digest('hex');
  return {
    id: doc.id,
    date_created: toWooDate(doc.date_created),
    date_created_gmt: toWooDate(doc.date_created),
    date_modified: toWooDate(doc.date_modified),
    date_modified_gmt: toWooDate(doc.date_modified),
    email: doc.email,
    first_name: doc.first_name,
    last_name: doc.last_name,
    role: doc.role,
    username: doc.username,
    billing: address(doc.billing, true),
    shipping: address(doc.shipping, false),
    is_paying_customer: doc.is_paying_customer,
    avatar_url: `https://secure.gravatar.com/avatar/${hash}?s=96&d=mm&r=g`,
    meta_data: doc.meta_data,
    _links: {
      self: [
        {
          href: `${base}/wp-json/wc/v3/customers/${doc.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      ],
      collection: [{ href: `${base}/wp-json/wc/v3/customers` }],
    },
  };
}
