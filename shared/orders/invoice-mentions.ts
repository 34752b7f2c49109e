import Big from 'big.js';
import type { SellerIdentity } from '../config/invoice-seller';
import { formatEuros, formatFrenchDate, type InvoiceDocument } from './invoice';

/**
 * The legal mentions of a French B2B invoice, as text: pure, so the PDF renderer only lays
 * them out and unit tests read them without a PDF.
 */

/** The fixed recovery fee every late B2B payment owes, whatever the contract says. */
export const RECOVERY_FEE_MENTION =
  'Indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 du Code de commerce)';

/** `12345678900012` or `123 456 789 00012` → `123 456 789`; '' without 9 digits. */
export function sirenOf(siret: string): string {
  const digits = siret.replace(/\D/g, '');
  if (digits.length < 9) return '';
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)}`;
}

/** `SAS au capital de 50 000,00 €`. */
export function legalFormLine(seller: SellerIdentity): string {
  const capital = seller.shareCapital ? ` au capital de ${formatEuros(seller.shareCapital)}` : '';
  return `${seller.legalForm}${capital}`.trim();
}

/** `RCS Lyon 123 456 789`. */
export function registrationLine(seller: SellerIdentity): string {
  return `RCS ${seller.rcsCity} ${sirenOf(seller.siret)}`.trim();
}

/** The payment block under the totals: terms, due date, penalties, recovery fee, discount. */
export function paymentMentions(seller: SellerIdentity, dueDate: string): string[] {
  return [
    `Conditions de paiement : ${seller.paymentTerms} — échéance le ${formatFrenchDate(dueDate)}`,
    `Pénalités de retard : ${seller.latePenaltyRate}, exigibles dès le lendemain de l’échéance`,
    RECOVERY_FEE_MENTION,
    `Escompte : ${seller.earlyPaymentDiscount}`,
  ];
}

/**
 * The VAT exemption mention (`seller.vatExemptionMention`) when a line or the invoice is at 0 %
 * VAT (a DOM customer's sale), else null: an invoice without VAT must say why.
 */
export function vatExemptionMention(
  seller: Pick<SellerIdentity, 'vatExemptionMention'>,
  invoice: Pick<InvoiceDocument, 'lines' | 'vat'>,
): string | null {
  const zero = (rate: string) => new Big(rate || '0').eq(0);
  const exempt =
    invoice.lines.some((line) => zero(line.vatRate)) || invoice.vat.some((v) => zero(v.rate));
  return exempt ? seller.vatExemptionMention : null;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Due date of an invoice (YYYY-MM-DD): the last instalment of Sage's payment schedule, which
 * Sage computes from the customer's payment terms; without one (a company that keeps none),
 * the invoice date plus the seller's configured payment days.
 */
export function dueDayOf(
  invoiceDay: string,
  scheduleDueDates: readonly (string | null)[],
  paymentDays: number,
): string {
  const dates = scheduleDueDates.filter((d): d is string => d !== null).map((d) => d.slice(0, 10));
  if (dates.length > 0) return dates.sort()[dates.length - 1];
  return addDays(invoiceDay, paymentDays);
}

/**
 * Date of delivery (of sale) of an invoice (YYYY-MM-DD): the latest delivery note its lines
 * went through (the goods actually left), else the document's planned delivery date, else the
 * invoice date (goods invoiced straight from an order are sold on the invoice date).
 */
export function deliveryDayOf(
  invoiceDay: string,
  deliveryNoteDates: readonly (string | undefined)[],
  plannedDelivery: string | null,
): string {
  const notes = deliveryNoteDates
    .filter((d): d is string => d !== undefined && d !== '')
    .map((d) => d.slice(0, 10));
  if (notes.length > 0) return notes.sort()[notes.length - 1];
  return plannedDelivery ? plannedDelivery.slice(0, 10) : invoiceDay.slice(0, 10);
}

/** Postal address lines, blanks left out. */
export function addressLinesOf(address: {
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
}): string[] {
  return [
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`.trim(),
    address.country,
  ].filter((l) => l.trim() !== '');
}

/** Same address whatever the case and spacing (a delivery address copied from the billing one). */
export function sameAddressLines(a: readonly string[], b: readonly string[]): boolean {
  const norm = (lines: readonly string[]) =>
    lines.map((l) => l.toLowerCase().replace(/\s+/g, ' ').trim()).join('\n');
  return norm(a) === norm(b);
}

/**
 * An invoice document read before the legal mentions existed (an order whose history already
 * held it when the connector was upgraded) gets the fields it lacks: the invoice date as the
 * delivery date, the configured payment days for the due date, no SIREN nor delivery block.
 */
export function withMentionDefaults(
  document: InvoiceDocument,
  paymentDays: number,
): InvoiceDocument {
  const older = document as Partial<InvoiceDocument> & Omit<InvoiceDocument, 'customer'>;
  return {
    ...document,
    deliveryDate: older.deliveryDate ?? document.date,
    dueDate: older.dueDate ?? dueDayOf(document.date, [], paymentDays),
    orderPieces: older.orderPieces ?? [],
    deliveryNotes: older.deliveryNotes ?? [],
    customer: { ...document.customer, siren: document.customer.siren ?? '' },
    deliveryAddressLines: older.deliveryAddressLines ?? null,
  };
}
