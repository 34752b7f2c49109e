import { addOrderNote } from './notes';
import { deriveManagedStockStatus } from './product-fields';
import type { Shop } from './shop';
import type { LineItem, OrderDoc, ProductDoc } from './types';

/**
 * How an order's status moves stock, as WooCommerce does: the "paid" statuses (processing,
 * completed, on-hold) reduce stock once, pending and cancelled give it back, and a quantity change on
 * an order that already reduced stock adjusts it. Custom statuses do not touch stock.
 */

export const STOCK_REDUCING_STATUSES = ['processing', 'completed', 'on-hold'];
export const STOCK_RESTORING_STATUSES = ['pending', 'cancelled'];
const REDUCED = '_reduced_stock';

/** the product whose stock a line moves: the variation if it manages stock, else a managing parent */
function stockHolder(shop: Shop, line: LineItem): ProductDoc | undefined {
  const id = line.variation_id || line.product_id;
  const doc = id ? shop.store.get('product', id) : undefined;
  if (!doc) return undefined;
  if (doc.manage_stock) return doc;
  if (doc.type === 'variation') {
    const parent = shop.store.get('product', doc.parent_id);
    if (parent?.manage_stock) return parent;
  }
  return undefined;
}

export function reducedQuantity(line: LineItem): number {
  const m = line.meta_data.find((x) => x.key === REDUCED);
  return m ? Number(m.value) : 0;
}

function setReduced(shop: Shop, line: LineItem, qty: number | null): void {
  line.meta_data = line.meta_data.filter((m) => m.key !== REDUCED);
  if (qty !== null) {
    const v = String(qty);
    line.meta_data.push({
      id: shop.store.nextId('meta'),
      key: REDUCED,
      value: v,
      display_key: REDUCED,
      display_value: v,
    });
  }
}

function moveStock(shop: Shop, product: ProductDoc, delta: number): [number, number] {
  const from = product.stock_quantity ?? 0;
  const to = from + delta;
  const next = { ...product, stock_quantity: to, date_modified: shop.now() };
  next.stock_status = deriveManagedStockStatus(next);
  shop.store.put('product', next);
  shop.emit('product', 'updated', product.id);
  return [from, to];
}

function label(_shop: Shop, product: ProductDoc, line: LineItem): string {
  // WooCommerce prints the (empty) variation description span after a variation's SKU
  const description = line.variation_id ? '<span class="description"></span>' : '';
  return `${line.name || product.name}${product.sku ? ` (${product.sku})` : ''}${description}`;
}

export function reduceOrderStock(shop: Shop, order: OrderDoc): void {
  if (order.stock_reduced) return;
  const changes: string[] = [];
  for (const line of order.line_items) {
    const product = stockHolder(shop, line);
    if (!product || line.quantity <= 0) continue;
    const [from, to] = moveStock(shop, product, -line.quantity);
    setReduced(shop, line, line.quantity);
    changes.push(`${label(shop, product, line)} ${from}&rarr;${to}`);
  }
  if (!order.sales_recorded)
    for (const line of order.line_items) bumpTotalSales(shop, line, line.quantity);
  order.sales_recorded = true;
  order.stock_reduced = true;
  if (changes.length) addOrderNote(shop, order.id, `Stock levels reduced: ${changes.join(', ')}`);
}

export function restoreOrderStock(shop: Shop, order: OrderDoc): void {
  if (!order.stock_reduced) return;
  const changes: string[] = [];
  for (const line of order.line_items) {
    const qty = reducedQuantity(line);
    const product = stockHolder(shop, line);
    setReduced(shop, line, null);
    if (!product || qty <= 0) continue;
    const [from, to] = moveStock(shop, product, qty);
    changes.push(`${label(shop, product, line)} ${from}&rarr;${to}`);
  }
  order.stock_reduced = false;
  if (changes.length) addOrderNote(shop, order.id, `Stock levels increased: ${changes.join(', ')}`);
}

/** A line's quantity changed on an order that already took its stock. */
export function adjustLineStock(shop: Shop, order: OrderDoc, line: LineItem): void {
  if (!order.stock_reduced) return;
  const already = reducedQuantity(line);
  const diff = line.quantity - already;
  const product = stockHolder(shop, line);
  if (!product || diff === 0) return;
  const [from, to] = moveStock(shop, product, -diff);
  setReduced(shop, line, line.quantity);
  addOrderNote(
    shop,
    order.id,
    `Adjusted stock: ${line.name || product.name} (${from}&rarr;${to})`,
    { author: 'admin' },
  );
}

function bumpTotalSales(shop: Shop, line: LineItem, qty: number): void {
  const product = line.product_id ? shop.store.get('product', line.product_id) : undefined;
  if (product && qty > 0)
    shop.store.put('product', { ...product, total_sales: product.total_sales + qty });
}
