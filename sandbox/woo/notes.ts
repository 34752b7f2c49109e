import { WooError, missingParams } from './errors';
import { toWooDate } from './dates';
import type { Shop } from './shop';
import type { NoteDoc } from './types';
import { bodyObject } from './validation';

/** Order notes (WordPress comments): system notes, private notes and notes to the customer. */

export function orderNotFoundForNotes(): WooError {
  return new WooError(404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
}

export function addOrderNote(
  shop: Shop,
  orderId: number,
  text: string,
  opts: { customerNote?: boolean; author?: string } = {},
): NoteDoc {
  const note: NoteDoc = {
    id: shop.store.nextId('comment'),
    order_id: orderId,
    author: opts.author ?? 'WooCommerce',
    note: text,
    customer_note: opts.customerNote ?? false,
    date_created: shop.now(),
  };
  shop.store.put('note', note);
  return note;
}

export function notesOf(shop: Shop, orderId: number): NoteDoc[] {
  return shop.store
    .all('note')
    .filter((n) => n.order_id === orderId)
    .sort((a, b) => b.id - a.id);
}

export function createNoteFromRequest(shop: Shop, orderId: number, body: unknown): NoteDoc {
  if (!shop.store.get('order', orderId)) throw orderNotFoundForNotes();
  const b = bodyObject(body);
  if (b.note === undefined || b.note === null) throw missingParams(['note']);
  const byUser = b.added_by_user === true || b.added_by_user === 'true' || b.added_by_user === 1;
  return addOrderNote(shop, orderId, String(b.note), {
    customerNote: b.customer_note === true || b.customer_note === 'true' || b.customer_note === 1,
    author: byUser ? 'admin' : 'WooCommerce',
  });
}

export function listNotes(shop: Shop, orderId: number, type: string | undefined): NoteDoc[] {
  if (!shop.store.get('order', orderId)) throw orderNotFoundForNotes();
  const all = notesOf(shop, orderId);
  if (type === 'customer') return all.filter((n) => n.customer_note);
  if (type === 'internal') return all.filter((n) => !n.customer_note);
  return all;
}

export function getNote(shop: Shop, orderId: number, noteId: number): NoteDoc {
  if (!shop.store.get('order', orderId)) throw orderNotFoundForNotes();
  const note = shop.store.get('note', noteId);
  if (!note || note.order_id !== orderId)
    throw new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
  return note;
}

export function deleteNote(shop: Shop, orderId: number, noteId: number, force: boolean): NoteDoc {
  const note = getNote(shop, orderId, noteId);
  // the wrong wording is WooCommerce's own (copied from the webhooks controller)
  if (!force)
    throw new WooError(
      501,
      'woocommerce_rest_trash_not_supported',
      'Webhooks do not support trashing.',
    );
  shop.store.remove('note', noteId);
  return note;
}

export function noteJson(note: NoteDoc, base: string): Record<string, unknown> {
  const orderUrl = `${base}/wp-json/wc/v3/orders/${note.order_id}`;
  return {
    id: note.id,
    author: note.author,
    date_created: toWooDate(note.date_created),
    date_created_gmt: toWooDate(note.date_created),
    note: note.note,
    customer_note: note.customer_note,
    _links: {
      self: [{ href: `${orderUrl}/notes/${note.id}`, targetHints: { allow: ['GET', 'DELETE'] } }],
      collection: [{ href: `${orderUrl}/notes` }],
      up: [{ href: orderUrl }],
    },
  };
}
