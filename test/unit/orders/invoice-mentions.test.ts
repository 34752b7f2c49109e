import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../shared/config';
import {
  DEMO_SELLER,
  MANDATORY_SELLER_FIELDS,
  invoiceSellerOf,
  type SellerIdentity,
} from '../../../shared/config/invoice-seller';
import {
  deliveryDayOf,
  dueDayOf,
  legalFormLine,
  paymentMentions,
  registrationLine,
  sameAddressLines,
  sirenOf,
  vatExemptionMention,
  withMentionDefaults,
} from '../../../shared/orders/invoice-mentions';
import type { InvoiceDocument } from '../../../shared/orders/invoice';

const realCompany = {
  kind: 'sqlserver',
  sqlserver: { server: 'sage.local', database: 'ACME', user: 'sync', password: 'pw' },
};
const { paymentDays: _days, earlyPaymentDiscount: _discount, ...seller } = DEMO_SELLER;

function problemsOf(input: Record<string, unknown>): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('invoice seller configuration', () => {
  it('names each mandatory seller field a real company generating its invoices lacks', () => {
    const problems = problemsOf({ sage: realCompany });
    for (const field of MANDATORY_SELLER_FIELDS) {
      assert.ok(
        problems.some((p) => p.startsWith(`orders.invoicePdf.company.${field}: required`)),
        `${field} in:\n${problems.join('\n')}`,
      );
    }
  });

  it('names the one field missing from an otherwise complete seller', () => {
    const { rcsCity: _rcs, ...withoutRcs } = seller;
    const problems = problemsOf({
      sage: realCompany,
      orders: { invoicePdf: { company: { ...withoutRcs, addressLines: ['1 rue X', ' '] } } },
    });
    assert.deepEqual(problems, [
      'orders.invoicePdf.company.rcsCity: required when orders.invoicePdf.source is "generate": a French invoice must show it',
    ]);
    assert.deepEqual(
      problemsOf({ sage: realCompany, orders: { invoicePdf: { company: seller } } }),
      [],
    );
  });

  it('asks nothing when Sage exports the PDFs, nor of the demo company', () => {
    assert.deepEqual(
      problemsOf({ sage: realCompany, orders: { invoicePdf: { source: 'folder', folder: '/x' } } }),
      [],
    );
    const demo = parseConfig({});
    assert.equal(demo.orders.invoicePdf.company.legalForm, '');
    const printed = invoiceSellerOf(demo.orders.invoicePdf.company, demo.sage.kind);
    assert.deepEqual(printed, DEMO_SELLER);
  });

  it('keeps what the demo configuration sets, and never fills a real company from the demo', () => {
    const configured: SellerIdentity = { ...DEMO_SELLER, name: 'Ma Société', legalForm: '' };
    assert.equal(invoiceSellerOf(configured, 'embedded').name, 'Ma Société');
    assert.equal(invoiceSellerOf(configured, 'embedded').legalForm, 'SAS');
    assert.equal(invoiceSellerOf(configured, 'sqlserver').legalForm, '');
  });

  it('refuses a SIRET that has not 14 digits', () => {
    const problems = problemsOf({ orders: { invoicePdf: { company: { siret: '123 456 789' } } } });
    assert.ok(
      problems.some((p) => p.startsWith('orders.invoicePdf.company.siret: a SIRET has 14 digits')),
    );
  });
});

describe('invoice legal mentions', () => {
  it('prints the legal form with the capital, and the RCS with the SIREN of the SIRET', () => {
    assert.equal(legalFormLine(DEMO_SELLER), 'SAS au capital de 50\u00a0000,00\u00a0€');
    assert.equal(registrationLine(DEMO_SELLER), 'RCS Lyon 123 456 789');
    assert.equal(sirenOf('42559081100027'), '425 590 811');
    assert.equal(sirenOf('4255'), '');
  });

  it('lists payment terms with the due date, penalties, the 40 € fee and the discount terms', () => {
    assert.deepEqual(
      paymentMentions({ ...DEMO_SELLER, latePenaltyRate: '12 % par an' }, '2026-04-05'),
      [
        'Conditions de paiement : 30 jours date de facture — échéance le 05/04/2026',
        'Pénalités de retard : 12 % par an, exigibles dès le lendemain de l’échéance',
        'Indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 du Code de commerce)',
        'Escompte : Pas d’escompte pour paiement anticipé',
      ],
    );
  });

  it('names the VAT exemption when a line or the invoice is at 0 %, and only then', () => {
    const line = (vatRate: string) => ({
      reference: 'RAC-12',
      designation: 'Raccord',
      quantity: '1',
      unitPrice: '10',
      discount: '',
      amountExclTax: '10',
      vatRate,
    });
    const dom = { lines: [line('0')], vat: [{ rate: '0', base: '10.00', tax: '0.00' }] };
    assert.equal(vatExemptionMention(DEMO_SELLER, dom), 'TVA non applicable, art. 294 du CGI');
    const mixed = { lines: [line('20'), line('0.00')], vat: [] };
    assert.equal(vatExemptionMention(DEMO_SELLER, mixed), 'TVA non applicable, art. 294 du CGI');
    const france = { lines: [line('20')], vat: [{ rate: '20', base: '10.00', tax: '2.00' }] };
    assert.equal(vatExemptionMention(DEMO_SELLER, france), null);
    // The text is the seller's setting; its default is the DOM export's ground.
    const configured = parseConfig({
      orders: {
        invoicePdf: { company: { vatExemptionMention: 'Exonération, art. 262 ter I du CGI' } },
      },
    }).orders.invoicePdf.company;
    assert.equal(vatExemptionMention(configured, dom), 'Exonération, art. 262 ter I du CGI');
    assert.equal(
      parseConfig({}).orders.invoicePdf.company.vatExemptionMention,
      'TVA non applicable, art. 294 du CGI',
    );
  });

  it("takes the due date from Sage's schedule (last instalment), else invoice date + days", () => {
    assert.equal(
      dueDayOf('2026-03-06', ['2026-04-30T00:00:00.000', '2026-04-05T00:00:00.000'], 30),
      '2026-04-30',
    );
    assert.equal(dueDayOf('2026-03-06', [], 30), '2026-04-05');
    assert.equal(dueDayOf('2026-12-15', [null], 45), '2027-01-29');
  });

  it('dates the delivery by the latest delivery note, else the planned date, else the invoice', () => {
    assert.equal(
      deliveryDayOf(
        '2026-03-06',
        ['2026-03-04T10:00:00.000', undefined, '2026-03-05T09:00:00.000'],
        null,
      ),
      '2026-03-05',
    );
    assert.equal(deliveryDayOf('2026-03-06', [undefined], '2026-03-02T00:00:00.000'), '2026-03-02');
    assert.equal(deliveryDayOf('2026-03-06T08:00:00.000', [], null), '2026-03-06');
  });

  it('compares addresses whatever the case and spacing', () => {
    assert.ok(sameAddressLines(['3 rue X', '69003  Lyon'], ['3 Rue x', '69003 Lyon']));
    assert.ok(!sameAddressLines(['3 rue X', '69003 Lyon'], ['5 rue X', '69003 Lyon']));
  });

  it('completes a document read before the mentions existed (an order mid-flight at upgrade)', () => {
    const older = {
      piece: 'FA00009',
      date: '2026-03-06',
      webOrderNumber: '1234',
      customer: { account: 'CL1', name: 'ACME', addressLines: [], vatNumber: '' },
      lines: [],
      vat: [],
      totals: { exclTax: '0', tax: '0', inclTax: '0' },
    } as unknown as InvoiceDocument;
    const completed = withMentionDefaults(older, 45);
    assert.equal(completed.deliveryDate, '2026-03-06');
    assert.equal(completed.dueDate, '2026-04-20');
    assert.equal(completed.customer.siren, '');
    assert.equal(completed.deliveryAddressLines, null);
    assert.deepEqual([completed.orderPieces, completed.deliveryNotes], [[], []]);
    const current = { ...completed, dueDate: '2026-05-01' };
    assert.equal(withMentionDefaults(current, 45).dueDate, '2026-05-01');
  });
});
