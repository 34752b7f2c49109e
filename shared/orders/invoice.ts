import Big from 'big.js';

/**
 * What an invoice PDF shows, read from the Sage invoice (activities/orders/sage-invoice.ts):
 * small enough to travel through the workflow history (a few KB for a usual invoice).
 */
export interface InvoiceDocument {
  piece: string;
  /** YYYY-MM-DD */
  date: string;
  /** Date of delivery (of sale): YYYY-MM-DD, see deliveryDayOf. */
  deliveryDate: string;
  /** Payment due date: YYYY-MM-DD, see dueDayOf. */
  dueDate: string;
  webOrderNumber: string;
  /** Sage order and delivery note numbers the invoice lines went through. */
  orderPieces: string[];
  deliveryNotes: string[];
  customer: {
    account: string;
    name: string;
    addressLines: string[];
    vatNumber: string;
    /** 9 digits grouped by 3 ('' when Sage holds no SIRET for the customer). */
    siren: string;
  };
  /** Where the goods went, when not the billing address (the document's delivery address). */
  deliveryAddressLines: string[] | null;
  lines: InvoiceLine[];
  vat: VatLine[];
  totals: { exclTax: string; tax: string; inclTax: string };
}

export interface InvoiceLine {
  reference: string;
  designation: string;
  quantity: string;
  unitPrice: string;
  /** Discount in percent ('' when none). */
  discount: string;
  amountExclTax: string;
  vatRate: string;
}

export interface VatLine {
  rate: string;
  base: string;
  tax: string;
}

/** VAT per rate on the summed base of each rate (the French way, as the Sage totals). */
export function vatBreakdown(
  lines: readonly Pick<InvoiceLine, 'amountExclTax' | 'vatRate'>[],
  decimals = 2,
): VatLine[] {
  const bases = new Map<string, Big>();
  for (const line of lines) {
    const rate = new Big(line.vatRate || '0').toFixed();
    bases.set(rate, (bases.get(rate) ?? new Big(0)).plus(line.amountExclTax || '0'));
  }
  return [...bases]
    .sort(([a], [b]) => new Big(b).cmp(a))
    .map(([rate, base]) => ({
      rate,
      base: base.toFixed(decimals),
      tax: base.times(rate).div(100).round(decimals, Big.roundHalfUp).toFixed(decimals),
    }));
}

/** French money: `1 234,50 €`. */
export function formatEuros(value: string): string {
  const [whole, cents = '00'] = new Big(value).toFixed(2).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '-' : ''}${grouped},${cents}\u00a0€`;
}

/** `2026-03-05` → `05/03/2026`. */
export function formatFrenchDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** A quantity without trailing zeros, decimal comma: `2`, `1,5`. */
export function formatQuantity(value: string): string {
  return new Big(value).toFixed().replace('.', ',');
}
