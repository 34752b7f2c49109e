import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Big from 'big.js';
import type { Config } from '../../shared/config';
import { vatBreakdown, type InvoiceDocument } from '../../shared/orders/invoice';
import {
  addressLinesOf,
  deliveryDayOf,
  dueDayOf,
  sameAddressLines,
  sirenOf,
} from '../../shared/orders/invoice-mentions';
import { OrderProblemTypes } from '../../shared/orders/states';
import { readCustomer, readDeliveryAddress } from '../sage/customers';
import type { SageDb } from '../sage/db';
import { readInvoice } from '../sage/documents';
import { readPaymentSchedule } from '../sage/payment-schedules';
import { OrderProblemError } from './failures';

/**
 * The invoice as the PDF shows it: header, dates (delivery, due), customer with SIREN and VAT
 * number, delivery address, lines, VAT per rate and totals.
 */
export async function readInvoiceDocument(
  db: SageDb,
  config: Config,
  piece: string,
): Promise<InvoiceDocument> {
  const invoice = await readInvoice(db, piece, { moneyDecimals: config.sage.moneyDecimals });
  if (!invoice) {
    throw new OrderProblemError({
      type: OrderProblemTypes.invoicePdfMissing,
      message: `invoice ${piece} not found in Sage`,
    });
  }
  const customer = await readCustomer(db, invoice.customerAccount);
  const billingLines = customer ? addressLinesOf(customer.address) : [];
  const delivery =
    invoice.deliveryAddressNo > 0
      ? await readDeliveryAddress(db, invoice.deliveryAddressNo)
      : undefined;
  const deliveryLines = delivery ? addressLinesOf(delivery) : [];
  const schedule = await readPaymentSchedule(db, invoice.type, invoice.piece);
  const day = invoice.date.slice(0, 10);
  const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].sort();
  const lines = invoice.lines.map((line) => ({
    reference: line.articleReference,
    designation: line.designation,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discount: line.discounts
      .filter((d) => d.type === 1)
      .map((d) => new Big(d.value).toFixed())
      .join(' + '),
    amountExclTax: line.amountExclTax,
    vatRate: line.vatRate,
  }));
  return {
    piece: invoice.piece,
    date: day,
    deliveryDate: deliveryDayOf(
      day,
      invoice.lines.map((l) => l.deliveredAt),
      invoice.deliveryDate,
    ),
    dueDate: dueDayOf(
      day,
      schedule.map((i) => i.dueDate),
      config.orders.invoicePdf.company.paymentDays,
    ),
    webOrderNumber: invoice.webOrderNumber || invoice.reference,
    orderPieces: distinct(invoice.lines.map((l) => l.origin.order)),
    deliveryNotes: distinct(invoice.lines.map((l) => l.origin.delivery)),
    customer: {
      account: invoice.customerAccount,
      name: customer?.name ?? invoice.customerAccount,
      addressLines: billingLines,
      vatNumber: customer?.vatNumber ?? '',
      siren: sirenOf(customer?.siret ?? ''),
    },
    deliveryAddressLines:
      delivery && deliveryLines.length > 0 && !sameAddressLines(deliveryLines, billingLines)
        ? [
            ...(delivery.name && delivery.name !== customer?.name ? [delivery.name] : []),
            ...deliveryLines,
          ]
        : null,
    lines,
    vat: vatBreakdown(lines, config.sage.moneyDecimals),
    totals: invoice.totals,
  };
}

/**
 * The PDF Sage exported for an invoice (`orders.invoicePdf.folder/<piece>.pdf`), base64. A
 * missing file is a business problem: the workflow waits for the operator to export it.
 */
export async function readExportedInvoicePdf(config: Config, piece: string): Promise<string> {
  const folder = config.orders.invoicePdf.folder;
  if (!folder) throw new Error('orders.invoicePdf.folder is not configured');
  const path = join(folder, `${piece}.pdf`);
  try {
    return (await readFile(path)).toString('base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OrderProblemError({
        type: OrderProblemTypes.invoicePdfMissing,
        message: `no exported PDF for invoice ${piece} in the invoice folder`,
      });
    }
    throw err;
  }
}
