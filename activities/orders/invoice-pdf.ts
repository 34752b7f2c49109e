import PDFDocument from 'pdfkit';
import type { SellerIdentity } from '../../shared/config/invoice-seller';
import {
  formatEuros,
  formatFrenchDate,
  formatQuantity,
  type InvoiceDocument,
} from '../../shared/orders/invoice';
import {
  legalFormLine,
  paymentMentions,
  registrationLine,
  vatExemptionMention,
} from '../../shared/orders/invoice-mentions';

const MARGIN = 50;
const PAGE_BOTTOM = 780;
/** Where the seller's legal line sits on every page, under the content. */
const FOOTER_TOP = 758;
const RIGHT_COLUMN = 320;
const RIGHT_WIDTH = 225;
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
 * Renders an invoice PDF (A4, standard Helvetica fonts, PDF 1.4 for the widest reader support)
 * with the mentions of a French B2B invoice: the seller (legal form, capital, RCS, SIRET, VAT
 * number), the buyer (SIREN, VAT number), the delivery address when not the billing one, the
 * invoice, delivery and due dates, the order references, lines, VAT per rate and totals, then
 * the VAT exemption mention when some VAT is at 0 %, the payment terms, late-payment penalties,
 * the 40 € recovery fee and the discount terms.
 * Deterministic for the same input (fixed creation date), so a re-render is identical.
 */
export function renderInvoicePdf(
  invoice: InvoiceDocument,
  seller: SellerIdentity,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.4',
    info: {
      Title: `Facture ${invoice.piece}`,
      Author: sellerName(seller),
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

  pageFooter(doc, seller);
  doc.on('pageAdded', () => pageFooter(doc, seller));
  const headerBottom = header(doc, invoice, seller);
  let y = tableHeader(doc, parties(doc, invoice, headerBottom + 16) + 18);
  for (const line of invoice.lines) {
    if (y > PAGE_BOTTOM - 40) {
      doc.addPage();
      y = tableHeader(doc, MARGIN);
    }
    y = tableLine(doc, line, y);
  }
  y = totals(doc, invoice, y + 12);
  paymentTerms(doc, invoice, seller, y + 14);
  doc.end();
  return done;
}

/** `Raccords Hydrauliques Démo SAS`: the name with its legal form. */
function sellerName(seller: SellerIdentity): string {
  return `${seller.name} ${seller.legalForm}`.trim();
}

/** Seller on the left, invoice references and dates on the right; returns the lower bottom. */
function header(doc: PDFKit.PDFDocument, invoice: InvoiceDocument, seller: SellerIdentity): number {
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(14);
  doc.text(sellerName(seller), MARGIN, MARGIN, { width: 260 });
  doc.font('Helvetica').fontSize(9);
  for (const line of seller.addressLines) doc.text(line);
  if (seller.phone) doc.text(`Tél. ${seller.phone}`);
  if (seller.email) doc.text(seller.email);
  doc.moveDown(0.4);
  doc.text(legalFormLine(seller));
  doc.text(registrationLine(seller));
  if (seller.siret) doc.text(`SIRET ${seller.siret}`);
  if (seller.vatNumber) doc.text(`TVA intracommunautaire ${seller.vatNumber}`);
  const left = doc.y;

  doc.font('Helvetica-Bold').fontSize(18).text(`FACTURE ${invoice.piece}`, RIGHT_COLUMN, MARGIN);
  doc.font('Helvetica').fontSize(10);
  const row = (label: string, value: string) =>
    doc.text(`${label} : ${value}`, RIGHT_COLUMN, undefined, { width: RIGHT_WIDTH });
  row('Date', formatFrenchDate(invoice.date));
  row('Date de livraison', formatFrenchDate(invoice.deliveryDate));
  doc.font('Helvetica-Bold');
  row('Échéance', formatFrenchDate(invoice.dueDate));
  doc.font('Helvetica');
  row('Commande web', invoice.webOrderNumber);
  if (invoice.orderPieces.length > 0) row('Bon de commande', invoice.orderPieces.join(', '));
  if (invoice.deliveryNotes.length > 0) row('Bon de livraison', invoice.deliveryNotes.join(', '));
  row('Compte client', invoice.customer.account);
  return Math.max(left, doc.y);
}

/** Delivery address on the left (when not the billing one), the buyer on the right. */
function parties(doc: PDFKit.PDFDocument, invoice: InvoiceDocument, top: number): number {
  let bottom = top;
  if (invoice.deliveryAddressLines) {
    doc.font('Helvetica-Bold').fontSize(8).fillColor('#555555');
    doc.text('ADRESSE DE LIVRAISON', MARGIN, top, { width: 250 });
    doc.fillColor('#000000').font('Helvetica').fontSize(10);
    for (const line of invoice.deliveryAddressLines)
      doc.text(line, MARGIN, undefined, { width: 250 });
    bottom = doc.y;
  }
  const { customer } = invoice;
  doc.font('Helvetica-Bold').fontSize(8).fillColor('#555555');
  doc.text('FACTURÉ À', RIGHT_COLUMN, top, { width: RIGHT_WIDTH });
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(11);
  doc.text(customer.name, RIGHT_COLUMN, undefined, { width: RIGHT_WIDTH });
  doc.font('Helvetica').fontSize(10);
  for (const line of customer.addressLines) {
    doc.text(line, RIGHT_COLUMN, undefined, { width: RIGHT_WIDTH });
  }
  doc.fontSize(9);
  if (customer.siren) doc.text(`SIREN ${customer.siren}`, RIGHT_COLUMN);
  if (customer.vatNumber) doc.text(`TVA intracommunautaire ${customer.vatNumber}`, RIGHT_COLUMN);
  return Math.max(bottom, doc.y);
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

function totals(doc: PDFKit.PDFDocument, invoice: InvoiceDocument, top: number): number {
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
  return y;
}

/**
 * The payment block: the VAT exemption mention when some VAT is at 0 %, then terms and due
 * date, penalties, the recovery fee, discount terms.
 */
function paymentTerms(
  doc: PDFKit.PDFDocument,
  invoice: InvoiceDocument,
  seller: SellerIdentity,
  top: number,
): void {
  const lines = paymentMentions(seller, invoice.dueDate);
  const exemption = vatExemptionMention(seller, invoice);
  const height = 14 + lines.length * 12 + (exemption === null ? 0 : 16);
  const y = top + height > FOOTER_TOP - 6 ? (doc.addPage(), MARGIN) : top;
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(9);
  if (exemption !== null) {
    doc.text(exemption, MARGIN, y, { width: 495 });
    doc.moveDown(0.6);
  }
  doc.text('Conditions de règlement', MARGIN, exemption === null ? y : undefined, {
    width: 495,
  });
  doc.font('Helvetica').fontSize(8);
  for (const line of lines) doc.text(line, MARGIN, undefined, { width: 495 });
}

/**
 * The seller's legal identity (and the configured footer) at the bottom of every page; the
 * cursor is put back so the content carries on where it was.
 */
function pageFooter(doc: PDFKit.PDFDocument, seller: SellerIdentity): void {
  const { x, y } = doc;
  const identity = [
    `${sellerName(seller)}${seller.shareCapital ? ` au capital de ${formatEuros(seller.shareCapital)}` : ''}`,
    registrationLine(seller),
    seller.siret ? `SIRET ${seller.siret}` : '',
    seller.vatNumber ? `TVA ${seller.vatNumber}` : '',
  ].filter((part) => part !== '');
  doc.font('Helvetica').fontSize(7).fillColor('#555555');
  doc.text(identity.join(' — '), MARGIN, FOOTER_TOP, {
    width: 495,
    align: 'center',
    lineBreak: false,
  });
  if (seller.footer) {
    doc.text(seller.footer, MARGIN, FOOTER_TOP + 10, {
      width: 495,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.fillColor('#000000');
  doc.x = x;
  doc.y = y;
}
