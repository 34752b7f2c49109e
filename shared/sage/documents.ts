/** Sales document types (F_DOCENTETE.DO_Type, domain 0) the connector follows. */
export const DocumentType = {
  Quote: 0,
  Order: 1,
  Picking: 2,
  Delivery: 3,
  Return: 4,
  CreditNote: 5,
  Invoice: 6,
  PostedInvoice: 7,
} as const;
export type DocumentTypeCode = (typeof DocumentType)[keyof typeof DocumentType];

export type DocumentKind =
  | 'quote'
  | 'order'
  | 'picking'
  | 'delivery'
  | 'return'
  | 'creditNote'
  | 'invoice'
  | 'postedInvoice';

const KIND_BY_TYPE: Record<number, DocumentKind> = {
  0: 'quote',
  1: 'order',
  2: 'picking',
  3: 'delivery',
  4: 'return',
  5: 'creditNote',
  6: 'invoice',
  7: 'postedInvoice',
};

export function documentKind(type: number): DocumentKind | undefined {
  return KIND_BY_TYPE[type];
}

/** Usual number prefixes (F_DOCCURRENTPIECE counters of the demo company use them). */
export const DOCUMENT_PREFIX: Record<DocumentKind, string> = {
  quote: 'DE',
  order: 'BC',
  picking: 'PL',
  delivery: 'BL',
  return: 'BR',
  creditNote: 'BA',
  invoice: 'FA',
  postedInvoice: 'FA',
};

/** Sage's short names, accepted by the simulator CLI ("BC", "PL"…). */
export const DOCUMENT_TYPE_BY_CODE: Record<string, DocumentTypeCode> = {
  DE: DocumentType.Quote,
  BC: DocumentType.Order,
  PL: DocumentType.Picking,
  BL: DocumentType.Delivery,
  FA: DocumentType.Invoice,
};

/** DO_Statut values (docs/sage-tables.md, Document statuses); 1 and 2 read per document type. */
export const DocumentStatus = {
  /** "Saisi": entered, waiting for the sales rep — the status of web quotes ("to validate"). */
  Entered: 0,
  /** "Confirmé" (quote: "Envoyé"). */
  Confirmed: 1,
  /** Quote "Accepté", order "A préparer", picking "A livrer", delivery "A facturer", invoice "A comptabiliser". */
  Ready: 2,
  /** Quote only, recent versions: "Perdu". */
  QuoteLost: 3,
  /** Quote only, recent versions: "Archivé". */
  QuoteArchived: 4,
} as const;

export function documentStatusLabel(type: number, status: number): string {
  if (status === 0) return 'Saisi';
  if (type === DocumentType.Quote) {
    return (
      ({ 1: 'Envoyé', 2: 'Accepté', 3: 'Perdu', 4: 'Archivé' } as Record<number, string>)[status] ??
      `Statut ${status}`
    );
  }
  if (status === 1) return 'Confirmé';
  if (status === 2) {
    const labels: Record<number, string> = {
      1: 'A préparer',
      2: 'A livrer',
      3: 'A facturer',
      6: 'A comptabiliser',
      7: 'A comptabiliser',
    };
    return labels[type] ?? 'A traiter';
  }
  return `Statut ${status}`;
}
