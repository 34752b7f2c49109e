import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Big from 'big.js';
import type { Config } from '../../shared/config';
import { vatBreakdown, type InvoiceDocument } from '../../shared/orders/invoice';
import { OrderProblemTypes } from '../../shared/orders/states';
import { readCustomer } from '../sage/customers';
import type { SageDb } from '../sage/db';
import { readInvoice } from '../sage/documents';
import { OrderProblemError } from './failures';

/** The invoice as the PDF shows it: header, customer, lines, VAT per rate and totals. */
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
  const address = customer?.address;
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
    date: invoice.date.slice(0, 10),
    webOrderNumber: invoice.webOrderNumber || invoice.reference,
    customer: {
      account: invoice.customerAccount,
      name: customer?.name ?? invoice.customerAccount,
      addressLines: address
        ? [
            address.line1,
            address.line2,
            `${address.postalCode} ${address.city}`.trim(),
            address.country,
          ].filter((l) => l.trim() !== '')
        : [],
      vatNumber: customer?.vatNumber ?? '',
    },
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
