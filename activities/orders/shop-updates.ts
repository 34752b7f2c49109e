import type { Config } from '../../shared/config';
import type { Media } from '../../shared/woo/media';
import type { MetaDataWrite } from '../../shared/woo/common';
import { shopStatusOf, stageNote, type ChainStage } from '../../shared/orders/stages';
import type { ChainProgress } from '../../shared/orders/types';
import { recordedPiecesOf } from '../../shared/orders/web-order';
import type { WooClient } from '../woo';

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

export interface InvoicePdfSource {
  filename: string;
  render: () => Promise<Buffer>;
}

/**
 * Links the invoice to the shop order: uploads the PDF (once — the media id is kept in the
 * order meta `sage_invoice_pdf`, and a retry finds it there), writes `sage_invoice`, adds a note
 * the customer sees with the link, and completes the order.
 *
 * Window left: a worker that dies between the upload and the meta write uploads a second copy
 * on retry (the media API has no idempotency key); the order still links exactly one.
 */
export async function deliverInvoiceToShop(
  woo: WooClient,
  config: Config,
  orderId: number,
  invoice: string,
  pdf: InvoicePdfSource,
): Promise<{ mediaId: number; url: string; uploaded: boolean }> {
  const { meta, statuses } = config.orders;
  const order = await woo.orders.get(orderId);
  const recorded = recordedPiecesOf(order.meta_data, meta);
  let media: Pick<Media, 'id' | 'source_url'>;
  let uploaded = false;
  if (recorded.invoicePdfMediaId !== undefined && recorded.invoice === invoice) {
    media = await woo.media.get(recorded.invoicePdfMediaId);
  } else {
    media = await woo.media.uploadPdf(pdf.filename, await pdf.render(), {
      title: `Facture ${invoice}`,
    });
    uploaded = true;
    // Recorded before anything else, so that a retry from here on does not upload again.
    await woo.orders.update(orderId, {
      meta_data: [
        { key: meta.invoice, value: invoice },
        { key: meta.invoicePdf, value: { mediaId: media.id, url: media.source_url, invoice } },
      ],
    });
  }
  await woo.orders.notes.createIfAbsent(orderId, {
    note: `Votre facture ${invoice} est disponible : ${media.source_url}`,
    customer_note: true,
  });
  if (order.status !== statuses.completed) {
    await woo.orders.update(orderId, { status: statuses.completed });
  }
  return { mediaId: media.id, url: media.source_url, uploaded };
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
