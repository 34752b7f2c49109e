import type { Config } from '../../shared/config';
import type { MetaDataWrite } from '../../shared/woo/common';
import { shopStatusOf, stageNote, type ChainStage } from '../../shared/orders/stages';
import type { ChainProgress } from '../../shared/orders/types';
import type { WooClient } from '../woo';
import { placeInvoiceOnShop, type InvoicePdf, type PlacedInvoice } from './invoice-upload';

/**
 * Shows a stage of the Sage chain on the shop order: its status, the Sage pieces in the order
 * meta (`sage_quote`, `sage_order`, `sage_delivery_note`) and a note. Idempotent: the note is
 * created only if absent and the update writes the same values again.
 */
export async function showStageOnShop(
  woo: WooClient,
  config: Config,
  orderId: number,
  stage: Exclude<ChainStage, 'invoiced'>,
  progress: ChainProgress,
): Promise<{ status: string }> {
  const { meta, statuses } = config.orders;
  const metaData: MetaDataWrite[] = [{ key: meta.quote, value: progress.quote }];
  if (progress.order) metaData.push({ key: meta.order, value: progress.order });
  if (progress.delivery) metaData.push({ key: meta.deliveryNote, value: progress.delivery });
  const status = shopStatusOf(stage, statuses);
  await woo.orders.notes.createIfAbsent(orderId, {
    note: stageNote(stage, progress),
    // The customer hears about the delivery; the other stages are for the shop's staff.
    customer_note: stage === 'being-delivered',
  });
  // The status last: whoever sees it finds the note and the meta already there.
  await woo.orders.update(orderId, { status, meta_data: metaData });
  return { status };
}

export type InvoicePdfSource = InvoicePdf;

/**
 * Links the invoice to the shop order: puts the PDF on the shop once (the shop plugin's
 * protected storage when the plugin answers, else the media library — see invoice-upload.ts),
 * records `sage_invoice` and `sage_invoice_pdf`, adds a note the customer sees with the link,
 * and completes the order.
 */
export async function deliverInvoiceToShop(
  woo: WooClient,
  config: Config,
  orderId: number,
  invoice: string,
  pdf: InvoicePdfSource,
): Promise<PlacedInvoice> {
  const { statuses } = config.orders;
  const order = await woo.orders.get(orderId);
  const placed = await placeInvoiceOnShop(woo, config, order, invoice, pdf);
  await woo.orders.notes.createIfAbsent(orderId, {
    note: `Votre facture ${invoice} est disponible : ${placed.url}`,
    customer_note: true,
  });
  if (order.status !== statuses.completed) {
    await woo.orders.update(orderId, { status: statuses.completed });
  }
  return placed;
}

/** An order cancelled by the operator: the shop order becomes cancelled, with a note. */
export async function cancelShopOrder(
  woo: WooClient,
  config: Config,
  orderId: number,
  reason: string,
): Promise<void> {
  await woo.orders.update(orderId, { status: config.orders.statuses.cancelled });
  await woo.orders.notes.createIfAbsent(orderId, {
    note: `Commande annulée : ${reason}`,
    customer_note: false,
  });
}

/** A staff note on the shop order (price differences, problems), created once. */
export async function addShopNote(woo: WooClient, orderId: number, note: string): Promise<void> {
  await woo.orders.notes.createIfAbsent(orderId, { note, customer_note: false });
}
