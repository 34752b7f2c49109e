import { metaValue } from './meta';
import { orderTotal } from './orders';
import { notesOf } from './notes';
import { derivedPrices } from './products';
import type { Shop } from './shop';
import type { ProductDoc } from './types';

/** A read-only HTML view of the shop for demos: products with stock per depot, customers, orders. */

const ROWS_PER_TABLE = 500;
const PRODUCTS_PER_PAGE = 200;

export interface PageQuery {
  /** filter on SKU or name */
  q?: string;
  /** page of the products table, from 1 */
  page?: string;
  /** reload the page every N seconds */
  refresh?: string;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function depotStock(doc: ProductDoc): string {
  const value = metaValue(doc.meta_data, 'sage_stock_by_depot');
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([depot, qty]) => `${escapeHtml(depot)}: ${escapeHtml(qty)}`)
    .join(', ');
}

function productRow(shop: Shop, p: ProductDoc, indent: boolean): string {
  const price = derivedPrices(shop, p).price;
  return `<tr${indent ? ' class="variation"' : ''}><td>${p.id}</td><td>${indent ? '&nbsp;&nbsp;↳ ' : ''}${escapeHtml(p.sku)}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.type)}</td><td>${escapeHtml(p.status)}</td><td>${escapeHtml(price)}</td><td>${p.manage_stock ? escapeHtml(p.stock_quantity) : ''}</td><td>${escapeHtml(p.stock_status)}</td><td>${depotStock(p)}</td></tr>`;
}

function safeUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\//.test(value) ? value : undefined;
}

export function renderShopPage(shop: Shop, query: PageQuery = {}): string {
  const needle = query.q?.trim().toLowerCase() ?? '';
  const matches = (p: ProductDoc) =>
    !needle ||
    p.sku.toLowerCase().includes(needle) ||
    p.name.toLowerCase().includes(needle) ||
    shop.store.childrenOf(p.id).some((v) => v.sku.toLowerCase().includes(needle));
  const products = shop.store
    .all('product')
    .filter((p) => p.type !== 'variation' && p.status !== 'trash' && matches(p))
    .sort((a, b) => a.id - b.id);
  const pages = Math.max(1, Math.ceil(products.length / PRODUCTS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, parseInt(query.page ?? '1', 10) || 1));
  const productRows: string[] = [];
  for (const p of products.slice((page - 1) * PRODUCTS_PER_PAGE, page * PRODUCTS_PER_PAGE)) {
    productRows.push(productRow(shop, p, false));
    for (const v of shop.store.childrenOf(p.id)) productRows.push(productRow(shop, v, true));
  }
  const link = (n: number) =>
    `<a href="?page=${n}${needle ? `&amp;q=${encodeURIComponent(needle)}` : ''}${query.refresh ? `&amp;refresh=${encodeURIComponent(query.refresh)}` : ''}">${n}</a>`;
  const pager =
    pages > 1
      ? `<p>Page ${page} of ${pages}: ${Array.from({ length: pages }, (_, i) => (i + 1 === page ? `<b>${page}</b>` : link(i + 1))).join(' ')}</p>`
      : '';
  const refresh =
    Number(query.refresh) > 0
      ? `<meta http-equiv="refresh" content="${Number(query.refresh)}">`
      : '';
  const customers = shop.store
    .all('customer')
    .filter((c) => c.role === 'customer')
    .sort((a, b) => a.id - b.id)
    .slice(0, ROWS_PER_TABLE)
    .map(
      (c) =>
        `<tr><td>${c.id}</td><td>${escapeHtml(c.email)}</td><td>${escapeHtml(`${c.first_name} ${c.last_name}`)}</td><td>${escapeHtml(c.billing.company)}</td><td>${escapeHtml(metaValue(c.meta_data, 'sage_account'))}</td><td>${escapeHtml(metaValue(c.meta_data, 'sage_home_depot'))}</td></tr>`,
    );
  const orders = shop.store
    .all('order')
    .sort((a, b) => b.id - a.id)
    .slice(0, ROWS_PER_TABLE)
    .map((o) => {
      const invoice = safeUrl(metaValue(o.meta_data, 'sage_invoice_pdf'));
      const lines = o.line_items
        .map((l) => `${escapeHtml(l.quantity)} × ${escapeHtml(l.name)}`)
        .join('<br>');
      const notes = notesOf(shop, o.id)
        .map(
          (n) => `<li${n.customer_note ? ' class="customer-note"' : ''}>${escapeHtml(n.note)}</li>`,
        )
        .join('');
      return `<tr><td>${o.id}</td><td>${escapeHtml(o.date_created.slice(0, 19))}</td><td>${escapeHtml(shop.orderStatuses.label(o.status))} <small>(${escapeHtml(o.status)})</small></td><td>${o.customer_id}</td><td>${lines}</td><td>${orderTotal(o).toFixed(2)}</td><td><ul>${notes}</ul></td><td>${invoice ? `<a href="${escapeHtml(invoice)}">invoice</a>` : ''}</td></tr>`;
    });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${refresh}<title>WooCommerce sandbox</title>
<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;vertical-align:top}tr.variation{color:#555}li.customer-note{color:#06c}ul{margin:0;padding-left:1.2em}</style>
</head><body>
<h1>WooCommerce sandbox</h1>
<p>Read-only view. ${shop.store.count('product')} products and variations, ${customers.length} customers shown, ${shop.store.count('order')} orders.</p>
<h2>Products</h2>
<form method="get"><input name="q" value="${escapeHtml(query.q ?? '')}" placeholder="SKU or name"> <button>Filter</button></form>
${pager}
<table><tr><th>id</th><th>SKU</th><th>name</th><th>type</th><th>status</th><th>price</th><th>stock</th><th>stock status</th><th>stock per depot</th></tr>
${productRows.join('\n')}</table>
<h2>Customers</h2>
<table><tr><th>id</th><th>e-mail</th><th>name</th><th>company</th><th>Sage account</th><th>home depot</th></tr>
${customers.join('\n')}</table>
<h2>Orders</h2>
<table><tr><th>id</th><th>date</th><th>status</th><th>customer</th><th>lines</th><th>total</th><th>notes</th><th>invoice</th></tr>
${orders.join('\n')}</table>
</body></html>`;
}
