import PDFDocument from 'pdfkit';
import type { OrdersConfig } from '../../shared/config/orders';
import {
  formatEuros,
  formatFrenchDate,
  formatQuantity,
  type InvoiceDocument,
} from '../../shared/orders/invoice';

type Company = OrdersConfig['invoicePdf']['company'];

const MARGIN = 50;
const PAGE_BOTTOM = 780;
/** Column x positions and widths of the line table (A4 is 595 points wide). */
const COLUMNS = {
  reference: { x: 50, width: 80 },
  designation: { x: 132, width: 178 },
  quantity: { x: 312, width: 40 },
  unitPrice: { x: 354, width: 62 },
  discount: { x: 418, width: 36 },
  amount: { x: 456, width: 64 },
  vat: { x: 522, width: 28 },
} as const;

/**
 * Renders an invoice PDF (A4, standard Helvetica fonts, PDF 1.4 for the widest reader support):
 * company identity, customer, invoice number and date, web order reference, lines, VAT per rate
 * and totals. Deterministic for the same input (fixed creation date), so a re-render is identical.
 */
export function renderInvoicePdf(invoice: InvoiceDocument, company: Company): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.4',
    info: {
      Title: `Facture ${invoice.piece}`,
      Author: company.name,
      Subject: `Commande web ${invoice.webOrderNumber}`,
      CreationDate: new Date(`${invoice.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, invoice, company);
  let y = tableHeader(doc, 270);
  for (const line of invoice.lines) {
    if (y > PAGE_BOTTOM - 40) {
      doc.addPage();
      y = tableHeader(doc, MARGIN);
    }
    y = tableLine(doc, line, y);
  }
  totals(doc, invoice, y + 12);
  if (company.footer) {
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    doc.text(company.footer, MARGIN, PAGE_BOTTOM, { width: 495, align: 'center' });
  }
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, invoice: InvoiceDocument, company: Company): void {
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(14).text(company.name, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(9);
  for (const line of company.addressLines) doc.text(line);
  if (company.phone) doc.text(`Tél. ${company.phone}`);
  if (company.email) doc.text(company.email);
  if (company.siret) doc.text(`SIRET ${company.siret}`);
  if (company.vatNumber) doc.text(`TVA intracommunautaire ${company.vatNumber}`);

  doc.font('Helvetica-Bold').fontSize(18).text(`FACTURE ${invoice.piece}`, 320, MARGIN);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Date : ${formatFrenchDate(invoice.date)}`, 320);
  doc.text(`Commande web : ${invoice.webOrderNumber}`, 320);
  doc.text(`Compte client : ${invoice.customer.account}`, 320);

  doc.font('Helvetica-Bold').fontSize(11).text(invoice.customer.name, 320, 150, { width: 225 });
  doc.font('Helvetica').fontSize(10);
  for (const line of invoice.customer.addressLines) doc.text(line, 320, undefined, { width: 225 });
  if (invoice.customer.vatNumber) doc.text(`TVA ${invoice.customer.vatNumber}`, 320);
}

function cell(
  doc: PDFKit.PDFDocument,
  text: string,
  column: keyof typeof COLUMNS,
  y: number,
  align: 'left' | 'right' = 'left',
): void {
  const { x, width } = COLUMNS[column];
  doc.text(text, x, y, { width, align, lineBreak: false, ellipsis: true });
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.font('Helvetica-Bold').fontSize(8).fillColor('#000000');
  cell(doc, 'Référence', 'reference', y);
  cell(doc, 'Désignation', 'designation', y);
  cell(doc, 'Qté', 'quantity', y, 'right');
  cell(doc, 'P.U. HT', 'unitPrice', y, 'right');
  cell(doc, 'Rem. %', 'discount', y, 'right');
  cell(doc, 'Montant HT', 'amount', y, 'right');
  cell(doc, 'TVA', 'vat', y, 'right');
  doc
    .moveTo(MARGIN, y + 12)
    .lineTo(545, y + 12)
    .stroke();
  return y + 18;
}

function tableLine(
  doc: PDFKit.PDFDocument,
  line: InvoiceDocument['lines'][number],
  y: number,
): number {
  doc.font('Helvetica').fontSize(8);
  cell(doc, line.reference, 'reference', y);
  cell(doc, line.designation, 'designation', y);
  cell(doc, formatQuantity(line.quantity), 'quantity', y, 'right');
  cell(doc, formatEuros(line.unitPrice), 'unitPrice', y, 'right');
  cell(doc, line.discount ? line.discount.replace('.', ',') : '', 'discount', y, 'right');
  cell(doc, formatEuros(line.amountExclTax), 'amount', y, 'right');
  cell(doc, `${formatQuantity(line.vatRate)}%`, 'vat', y, 'right');
  return y + 14;
}

function totals(doc: PDFKit.PDFDocument, invoice: InvoiceDocument, top: number): void {
  let y = top > PAGE_BOTTOM - 120 ? (doc.addPage(), MARGIN) : top;
  doc.moveTo(300, y).lineTo(545, y).stroke();
  y += 8;
  const row = (label: string, value: string, bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9);
    doc.text(label, 300, y, { width: 150 });
    doc.text(value, 450, y, { width: 95, align: 'right' });
    y += bold ? 18 : 14;
  };
  row('Total HT', formatEuros(invoice.totals.exclTax));
  for (const vat of invoice.vat) {
    row(`TVA ${formatQuantity(vat.rate)} % sur ${formatEuros(vat.base)}`, formatEuros(vat.tax));
  }
  row('Total TTC', formatEuros(invoice.totals.inclTax), true);
}
