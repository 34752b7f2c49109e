import { z } from 'zod';

/**
 * `orders.invoicePdf.company`: the seller as a generated invoice shows it, with the mentions a
 * French B2B invoice must carry: legal form, share capital, RCS registration, SIRET, VAT number,
 * payment terms, the late-payment penalty rate and the early-payment discount terms (the fixed
 * 40 € recovery fee is the law's, not a setting).
 *
 * The mandatory fields have no default here. A real Sage company (`sage.kind` "sqlserver")
 * issues real invoices: with `orders.invoicePdf.source` "generate" each missing field is a
 * configuration error (sellerConfigProblems), so no incomplete invoice is ever issued. The
 * embedded demo company issues demo invoices only: what is not configured comes from
 * DEMO_SELLER (invoiceSellerOf), so the embedded default and a bare test configuration work.
 */
export const sellerIdentitySchema = z
  .object({
    /** Company name, without the legal form (`legalForm` is printed after it). */
    name: z.string().default(''),
    addressLines: z.array(z.string()).default([]),
    /** SAS, SARL, SA, EURL… */
    legalForm: z.string().default(''),
    /** Share capital in euros, e.g. "50000" (printed "au capital de 50 000,00 €"). */
    shareCapital: z
      .string()
      .regex(/^(\d+(\.\d{1,2})?)?$/, 'an amount in euros such as "50000" or "7500.50"')
      .default(''),
    /** City of the trade register (greffe): "Lyon" prints "RCS Lyon 123 456 789". */
    rcsCity: z.string().default(''),
    /** 14 digits, spaces allowed; its first 9 digits are the SIREN printed with the RCS city. */
    siret: z
      .string()
      .regex(/^(\d[\d ]*)?$/, 'digits (spaces allowed)')
      .refine((v) => v === '' || v.replace(/ /g, '').length === 14, {
        message: 'a SIRET has 14 digits',
      })
      .default(''),
    /** Intra-community VAT number, e.g. "FR32123456789". */
    vatNumber: z.string().default(''),
    phone: z.string().default(''),
    email: z.string().default(''),
    /** Payment terms as printed, e.g. "30 jours date de facture". */
    paymentTerms: z.string().default(''),
    /**
     * Days from the invoice date to its due date, used only when Sage holds no payment schedule
     * (F_DOCREGL) for the invoice; Sage's own due date always wins.
     */
    paymentDays: z.coerce.number().int().min(0).max(365).default(30),
    /** Late-payment penalty rate, e.g. "3 fois le taux d’intérêt légal" or "10 % par an". */
    latePenaltyRate: z.string().default(''),
    /** Early-payment discount terms; the law asks for the mention even when there is none. */
    earlyPaymentDiscount: z.string().min(1).default('Pas d’escompte pour paiement anticipé'),
    /**
     * The legal ground printed when a line or the invoice is at 0 % VAT (French law asks the
     * invoice to name it: a sale to a DOM customer is exempt under art. 294 du CGI; an
     * intra-community delivery would cite art. 262 ter I du CGI instead).
     */
    vatExemptionMention: z.string().min(1).default('TVA non applicable, art. 294 du CGI'),
    /** Extra text printed at the bottom of each page (bank details…), optional. */
    footer: z.string().default(''),
  })
  .prefault({});

export type SellerIdentity = z.infer<typeof sellerIdentitySchema>;

/** The fields without which a generated invoice is not a valid French invoice. */
export const MANDATORY_SELLER_FIELDS = [
  'name',
  'addressLines',
  'legalForm',
  'shareCapital',
  'rcsCity',
  'siret',
  'vatNumber',
  'paymentTerms',
  'latePenaltyRate',
] as const satisfies readonly (keyof SellerIdentity)[];

/** The demo company's seller identity (embedded Sage company only, never a real one). */
export const DEMO_SELLER: SellerIdentity = {
  name: 'Raccords Hydrauliques Démo',
  addressLines: ['12 rue de l’Industrie', '69007 Lyon', 'France'],
  legalForm: 'SAS',
  shareCapital: '50000',
  rcsCity: 'Lyon',
  siret: '123 456 789 00012',
  vatNumber: 'FR32123456789',
  phone: '04 78 00 00 00',
  email: 'factures@raccords-demo.example',
  paymentTerms: '30 jours date de facture',
  paymentDays: 30,
  latePenaltyRate: '3 fois le taux d’intérêt légal',
  earlyPaymentDiscount: 'Pas d’escompte pour paiement anticipé',
  vatExemptionMention: 'TVA non applicable, art. 294 du CGI',
  footer: '',
};

function isMissing(value: string | string[]): boolean {
  return Array.isArray(value) ? value.every((l) => l.trim() === '') : value.trim() === '';
}

/** The mandatory fields a seller identity lacks, by name. */
export function missingSellerFields(seller: SellerIdentity): string[] {
  return MANDATORY_SELLER_FIELDS.filter((field) => isMissing(seller[field]));
}

/**
 * Configuration problems of the seller (path under `orders.invoicePdf.company`, message): none
 * unless the connector generates the invoices of a real Sage company.
 */
export function sellerConfigProblems(
  invoicePdf: { source: 'generate' | 'folder'; company: SellerIdentity },
  sageKind: string,
): [field: string, message: string][] {
  if (invoicePdf.source !== 'generate' || sageKind === 'embedded') return [];
  return missingSellerFields(invoicePdf.company).map((field) => [
    field,
    'required when orders.invoicePdf.source is "generate": a French invoice must show it',
  ]);
}

/**
 * The seller printed on invoices: the configured one; for the demo company, each field left
 * empty comes from DEMO_SELLER.
 */
export function invoiceSellerOf(seller: SellerIdentity, sageKind: string): SellerIdentity {
  if (sageKind !== 'embedded') return seller;
  const filled: Record<string, unknown> = { ...seller };
  for (const [field, value] of Object.entries(seller)) {
    if (typeof value !== 'number' && isMissing(value)) {
      filled[field] = DEMO_SELLER[field as keyof SellerIdentity];
    }
  }
  return filled as SellerIdentity;
}
