import { customerNetPrice } from './customer-price';
import { randomBytes } from 'node:crypto';
import { WooError, invalidParams, type ParamProblem } from './errors';
import { parseFilterDate, toWooDate } from './dates';
import { applyMetaUpdates } from './meta';
import { addOrderNote } from './notes';
import {
  adjustLineStock,
  reduceOrderStock,
  restoreOrderStock,
  STOCK_REDUCING_STATUSES,
  STOCK_RESTORING_STATUSES,
} from './order-stock';
import { paginate, parsePaging, type Page } from './pagination';
import { money } from './product-fields';
import { derivedPrices, sortDocs, variationOptionsLabel } from './products';
import { emptyAddress, mergeAddress } from './customers';
import type { RequestContext } from './context';
import type { Shop } from './shop';
import type { LineItem, OrderDoc, ShippingLine } from './types';
import { bodyObject, humanList, validateFields, type Schema } from './validation';

/** Orders: line items by product, variation or SKU; statuses incl. registered custom ones; stock effects. */

function orderSchema(shop: Shop): Schema {
  return {
    status: { type: 'string', enum: shop.orderStatuses.writeEnum() },
    customer_id: { type: 'integer' },
    customer_note: { type: 'string' },
    payment_method: { type: 'string' },
    payment_method_title: { type: 'string' },
    transaction_id: { type: 'string' },
    created_via: { type: 'string' },
    set_paid: { type: 'boolean' },
    billing: { type: 'object' },
    shipping: { type: 'object' },
    line_items: { type: 'array' },
    shipping_lines: { type: 'array' },
    meta_data: { type: 'array' },
  };
}

export function invalidOrderId(status: number): WooError {
  return new WooError(status, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
}

/** WooCommerce 10 dies on a line with quantity 0 (a PHP fatal error rendered as JSON). */
function criticalError(): WooError {
  return new WooError(
    500,
    'internal_server_error',
    '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
  );
}

function toInt(value: unknown): number {
  const n = typeof value === 'number' ? value : parseInt(String(value ?? ''), 10);
  return Number.isNaN(n) ? 0 : Math.trunc(n);
}

/** Builds a new line: SKU wins over ids; a variation id alone finds its parent; an unknown product gives an empty line. */
function newLine(shop: Shop, raw: Record<string, unknown>, customerId = 0): LineItem {
  if (raw.product_id === undefined && raw.variation_id === undefined && raw.sku === undefined)
    throw new WooError(
      400,
      'woocommerce_rest_required_product_reference',
      'Product ID or SKU is required.',
    );
  let id = 0;
  if (typeof raw.sku === 'string' && raw.sku !== '') id = shop.store.findIdBySku(raw.sku) ?? 0;
  else if (raw.variation_id) id = toInt(raw.variation_id);
  else id = toInt(raw.product_id);
  const product = id ? shop.store.get('product', id) : undefined;
  const quantity = toInt(raw.quantity ?? 1);
  const line: LineItem = {
    id: shop.store.nextId('order_item'),
    name: '',
    product_id: 0,
    variation_id: 0,
    quantity,
    subtotal: '0.00',
    total: '0.00',
    meta_data: [],
    parent_name: null,
  };
  if (!product || product.status === 'trash') return line;
  const parent =
    product.type === 'variation' ? shop.store.get('product', product.parent_id) : undefined;
  line.product_id = parent ? parent.id : product.id;
  line.variation_id = parent ? product.id : 0;
  line.name = parent ? `${parent.name} - ${variationOptionsLabel(product)}` : product.name;
  line.parent_name = parent ? parent.name : null;
  if (parent)
    line.meta_data = product.variation_attributes.map((a) => ({
      id: shop.store.nextId('meta'),
      key: a.name.toLowerCase(),
      value: a.option,
      display_key: a.name,
      display_value: a.option,
    }));
  // The shop plugin prices a customer's lines with their contract price.
  const unit = Number(
    customerNetPrice(shop, product, customerId, quantity) ??
      (derivedPrices(shop, product).price || 0),
  );
  const total = quantity > 0 ? unit * quantity : 0;
  line.subtotal = raw.subtotal !== undefined ? money(String(raw.subtotal)) : money(total);
  line.total = raw.total !== undefined ? money(String(raw.total)) : money(total);
  return line;
}

function newShippingLine(shop: Shop, raw: Record<string, unknown>): ShippingLine {
  if (!raw.method_id)
    throw new WooError(
      400,
      'woocommerce_rest_invalid_shipping_item',
      'Shipping method ID is required.',
    );
  return {
    id: shop.store.nextId('order_item'),
    method_id: String(raw.method_id),
    method_title: String(raw.method_title ?? ''),
    total: money(String(raw.total ?? '0')),
  };
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    : [];
}

function assertCustomer(shop: Shop, v: Record<string, unknown>): void {
  if (
    typeof v.customer_id === 'number' &&
    v.customer_id !== 0 &&
    !shop.store.get('customer', v.customer_id)
  )
    throw new WooError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
}

/** Status change with its side effects: dates, stock, the note, the paying-customer flag. */
function changeStatus(shop: Shop, order: OrderDoc, to: string): void {
  const from = order.status;
  if (from === to) return;
  const now = shop.now();
  order.status = to;
  if ((to === 'processing' || to === 'completed') && !order.date_paid) order.date_paid = now;
  if (to === 'completed') order.date_completed = now;
  if (STOCK_REDUCING_STATUSES.includes(to)) reduceOrderStock(shop, order);
  if (STOCK_RESTORING_STATUSES.includes(to)) restoreOrderStock(shop, order);
  const labels = shop.orderStatuses;
  addOrderNote(
    shop,
    order.id,
    `Order status changed from ${labels.label(from)} to ${labels.label(to)}.`,
  );
  if ((to === 'processing' || to === 'completed') && order.customer_id) {
    const customer = shop.store.get('customer', order.customer_id);
    if (customer && !customer.is_paying_customer)
      shop.store.put('customer', { ...customer, is_paying_customer: true });
  }
}

function wantedStatus(
  shop: Shop,
  v: Record<string, unknown>,
  lenient: boolean,
): string | undefined {
  if (typeof v.status !== 'string') return undefined;
  // inside a batch nothing validates the status: the model turns an unknown one into pending
  if (lenient && !shop.orderStatuses.writeEnum().includes(v.status)) return 'pending';
  return v.status;
}

function applyCommonOrderFields(shop: Shop, order: OrderDoc, v: Record<string, unknown>): void {
  if (typeof v.customer_id === 'number') order.customer_id = v.customer_id;
  if (typeof v.customer_note === 'string') order.customer_note = v.customer_note;
  if (typeof v.payment_method === 'string') order.payment_method = v.payment_method;
  if (typeof v.payment_method_title === 'string')
    order.payment_method_title = v.payment_method_title;
  if (typeof v.transaction_id === 'string') order.transaction_id = v.transaction_id;
  if (v.billing !== undefined) order.billing = mergeAddress(order.billing, v.billing, true);
  if (v.shipping !== undefined) order.shipping = mergeAddress(order.shipping, v.shipping, false);
  if (Array.isArray(v.meta_data))
    order.meta_data = applyMetaUpdates(order.meta_data, v.meta_data, () =>
      shop.store.nextId('meta'),
    );
}

export function createOrder(shop: Shop, body: unknown, lenient: boolean): OrderDoc {
  const v = validateFields(bodyObject(body), orderSchema(shop), lenient);
  assertCustomer(shop, v);
  const lines = records(v.line_items);
  if (lines.some((l) => l.quantity !== undefined && toInt(l.quantity) === 0)) throw criticalError();
  const now = shop.now();
  const order: OrderDoc = {
    id: 0,
    status: 'pending',
    previous_status: null,
    customer_id: 0,
    order_key: `wc_order_${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 13)}`,
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    payment_method: '',
    payment_method_title: '',
    transaction_id: '',
    created_via: typeof v.created_via === 'string' ? v.created_via : 'rest-api',
    customer_note: '',
    date_created: now,
    date_modified: now,
    date_paid: null,
    date_completed: null,
    meta_data: [],
    line_items: [],
    shipping_lines: [],
    stock_reduced: false,
    sales_recorded: false,
  };
  for (const l of lines) if (!l.product_id && !l.variation_id && !l.sku) newLine(shop, l); // reference check first
  order.id = shop.store.nextId('post');
  applyCommonOrderFields(shop, order, v);
  order.line_items = lines.map((l) => newLine(shop, l, order.customer_id));
  const customer = order.customer_id ? shop.store.get('customer', order.customer_id) : undefined;
  if (customer && !order.billing.email) order.billing.email = customer.email;
  order.shipping_lines = records(v.shipping_lines).map((s) => newShippingLine(shop, s));
  const status = wantedStatus(shop, v, lenient) ?? 'pending';
  changeStatus(shop, order, status);
  if (v.set_paid === true) payOrder(shop, order);
  shop.store.put('order', order);
  shop.emit('order', 'created', order.id);
  return order;
}

/** `set_paid`: payment_complete() moves a pending order to processing. */
function payOrder(shop: Shop, order: OrderDoc): void {
  if (['pending', 'on-hold', 'failed', 'cancelled', 'checkout-draft'].includes(order.status))
    changeStatus(shop, order, 'processing');
  if (!order.date_paid) order.date_paid = shop.now();
}

export function getOrder(shop: Shop, id: number): OrderDoc {
  const doc = shop.store.get('order', id);
  if (!doc) throw invalidOrderId(404);
  return doc;
}

export function updateOrder(shop: Shop, id: number, body: unknown, lenient: boolean): OrderDoc {
  const existing = shop.store.get('order', id);
  if (!existing) throw invalidOrderId(400);
  const v = validateFields(bodyObject(body), orderSchema(shop), lenient);
  assertCustomer(shop, v);
  const order: OrderDoc = structuredClone(existing);
  applyCommonOrderFields(shop, order, v);
  for (const raw of records(v.line_items)) {
    const lineId = toInt(raw.id);
    const line = lineId ? order.line_items.find((l) => l.id === lineId) : undefined;
    if (lineId && !line)
      throw new WooError(
        400,
        'woocommerce_rest_invalid_item_id',
        'Order item ID provided is not associated with order.',
      );
    if (line) {
      if (raw.quantity !== undefined) {
        const qty = toInt(raw.quantity);
        if (qty === 0) {
          order.line_items = order.line_items.filter((l) => l !== line);
          continue;
        }
        line.quantity = qty;
        // totals are not recalculated: the unit price shown becomes total / quantity
        adjustLineStock(shop, order, line);
      }
      if (raw.total !== undefined) line.total = money(String(raw.total));
      if (raw.subtotal !== undefined) line.subtotal = money(String(raw.subtotal));
    } else order.line_items.push(newLine(shop, raw, order.customer_id));
  }
  for (const s of records(v.shipping_lines))
    if (!s.id) order.shipping_lines.push(newShippingLine(shop, s));
  const status = wantedStatus(shop, v, lenient);
  if (status !== undefined) changeStatus(shop, order, status);
  if (v.set_paid === true) payOrder(shop, order);
  order.date_modified = shop.now();
  shop.store.put('order', order);
  shop.emit('order', 'updated', order.id);
  return order;
}

export function deleteOrder(shop: Shop, id: number, force: boolean): OrderDoc {
  const existing = shop.store.get('order', id);
  if (!existing) throw invalidOrderId(404);
  if (force) {
    shop.store.remove('order', id);
  } else {
    if (existing.status === 'trash')
      throw new WooError(
        410,
        'woocommerce_rest_already_trashed',
        'The order has already been deleted.',
      );
    shop.store.put('order', {
      ...existing,
      status: 'trash',
      previous_status: existing.status,
      date_modified: shop.now(),
    });
  }
  shop.emit('order', 'deleted', id);
  return existing;
}

// ---- listing -------------------------------------------------------------------------------

export function listOrders(shop: Shop, ctx: RequestContext): Page<OrderDoc> {
  const q = ctx.query;
  const paging = parsePaging(q);
  const problems: ParamProblem[] = [];
  const allowed = shop.orderStatuses.filterEnum();
  const statuses = (q.status ?? q['status[]'] ?? 'any').split(',').map((s) => s.trim());
  const bad = statuses.findIndex((s) => !allowed.includes(s));
  if (bad >= 0)
    problems.push({
      param: 'status',
      code: 'rest_not_in_enum',
      message: `status[${bad}] is not one of ${humanList(allowed)}.`,
    });
  const dateFilters: [string, (o: OrderDoc) => string, 1 | -1][] = [
    ['after', (o) => o.date_created, 1],
    ['before', (o) => o.date_created, -1],
    ['modified_after', (o) => o.date_modified, 1],
    ['modified_before', (o) => o.date_modified, -1],
  ];
  const dates: [number, (o: OrderDoc) => string, 1 | -1][] = [];
  for (const [name, field, dir] of dateFilters) {
    if (q[name] === undefined) continue;
    const ms = parseFilterDate(q[name]);
    if (ms === null)
      problems.push({ param: name, code: 'rest_invalid_date', message: 'Invalid date.' });
    else dates.push([ms, field, dir]);
  }
  if (problems.length) throw invalidParams(problems);
  const customer = q.customer !== undefined ? toInt(q.customer) : undefined;
  const product = q.product !== undefined ? toInt(q.product) : undefined;
  const include = q.include ? q.include.split(',').map(Number) : undefined;
  const search = q.search?.toLowerCase();
  const items = shop.store.all('order').filter((o) => {
    if (statuses.includes('any') ? o.status === 'trash' : !statuses.includes(o.status))
      return false;
    if (customer !== undefined && o.customer_id !== customer) return false;
    if (
      product !== undefined &&
      !o.line_items.some((l) => l.product_id === product || l.variation_id === product)
    )
      return false;
    if (include && !include.includes(o.id)) return false;
    if (
      search &&
      !JSON.stringify([o.billing, o.shipping, o.line_items.map((l) => l.name)])
        .toLowerCase()
        .includes(search)
    )
      return false;
    for (const [ms, field, dir] of dates) {
      const t = Date.parse(field(o));
      if (dir === 1 ? !(t > ms) : !(t < ms)) return false;
    }
    return true;
  });
  return paginate(
    ctx,
    sortDocs(items, q.orderby ?? 'date', q.order ?? 'desc', include, (o) => String(o.id)),
    paging,
  );
}

// ---- JSON ----------------------------------------------------------------------------------

function lineJson(shop: Shop, l: LineItem): Record<string, unknown> {
  const product = shop.store.get('product', l.variation_id || l.product_id);
  const total = Number(l.total);
  // a line keeps its name when its product is deleted, but its product ids read as 0
  const live = (id: number) => (id && shop.store.get('product', id) ? id : 0);
  return {
    id: l.id,
    name: l.name,
    product_id: live(l.product_id),
    variation_id: live(l.variation_id),
    quantity: l.quantity,
    tax_class: '',
    subtotal: l.subtotal,
    subtotal_tax: '0.00',
    total: l.total,
    total_tax: '0.00',
    taxes: [],
    meta_data: l.meta_data,
    sku: product ? product.sku : null,
    price: l.quantity > 0 ? total / l.quantity : 0,
    image: { id: l.variation_id ? 0 : '', src: '' },
    parent_name: l.parent_name,
  };
}

export function orderTotal(order: OrderDoc): number {
  return (
    order.line_items.reduce((s, l) => s + Number(l.total), 0) +
    order.shipping_lines.reduce((s, l) => s + Number(l.total), 0)
  );
}

export function orderJson(shop: Shop, order: OrderDoc, base: string): Record<string, unknown> {
  const total = orderTotal(order);
  const shippingTotal = order.shipping_lines.reduce((s, l) => s + Number(l.total), 0);
  const status = order.status;
  return {
    id: order.id,
    parent_id: 0,
    status,
    currency: 'EUR',
    version: '10.0.2',
    prices_include_tax: false,
    date_created: toWooDate(order.date_created),
    date_modified: toWooDate(order.date_modified),
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: money(shippingTotal),
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total: money(total),
    total_tax: '0.00',
    customer_id: order.customer_id,
    order_key: order.order_key,
    billing: { ...order.billing, email: order.billing.email ?? '' },
    shipping: order.shipping,
    payment_method: order.payment_method,
    payment_method_title: order.payment_method_title,
    transaction_id: order.transaction_id,
    customer_ip_address: '',
    customer_user_agent: '',
    created_via: order.created_via,
    customer_note: order.customer_note,
    date_completed: toWooDate(order.date_completed),
    date_paid: toWooDate(order.date_paid),
    cart_hash: '',
    number: String(order.id),
    meta_data: order.meta_data,
    line_items: order.line_items.map((l) => lineJson(shop, l)),
    tax_lines: [],
    shipping_lines: order.shipping_lines.map((s) => ({
      id: s.id,
      method_title: s.method_title,
      method_id: s.method_id,
      instance_id: '',
      total: s.total,
      total_tax: '0.00',
      taxes: [],
      tax_status: 'taxable',
      meta_data: [],
    })),
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    payment_url: `${base}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.order_key}`,
    is_editable: ['pending', 'on-hold', 'auto-draft', 'checkout-draft'].includes(status),
    needs_payment: ['pending', 'failed'].includes(status) && total > 0,
    needs_processing: true,
    date_created_gmt: toWooDate(order.date_created),
    date_modified_gmt: toWooDate(order.date_modified),
    date_completed_gmt: toWooDate(order.date_completed),
    date_paid_gmt: toWooDate(order.date_paid),
    currency_symbol: '€',
    _links: {
      self: [
        {
          href: `${base}/wp-json/wc/v3/orders/${order.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      ],
      collection: [{ href: `${base}/wp-json/wc/v3/orders` }],
      email_templates: [
        {
          embeddable: true,
          href: `${base}/wp-json/wc/v3/orders/${order.id}/actions/email_templates`,
        },
      ],
      ...(order.customer_id
        ? { customer: [{ href: `${base}/wp-json/wc/v3/customers/${order.customer_id}` }] }
        : {}),
    },
  };
}
