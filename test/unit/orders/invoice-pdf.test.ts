import assert from 'node:assert/strict';
import { renderInvoicePdf } from '../../../activities/orders/invoice-pdf';
import { DEMO_SELLER } from '../../../shared/config/invoice-seller';
import { formatEuros, vatBreakdown, type InvoiceDocument } from '../../../shared/orders/invoice';
import { pdfText } from '../../integration/orders/pdf-text';

const invoice: InvoiceDocument = {
  piece: 'FA00042',
  date: '2026-03-05',
  deliveryDate: '2026-03-03',
  dueDate: '2026-04-04',
  webOrderNumber: '1234',
  orderPieces: ['BC00031'],
  deliveryNotes: ['BL00027'],
  customer: {
    account: 'CL00007',
    name: 'Hydraulique Dupont SARL',
    addressLines: ['3 rue des Vannes', '69003 Lyon'],
    vatNumber: 'FR12345678901',
    siren: '345 678 901',
  },
  deliveryAddressLines: ['Dépôt de Vénissieux', '8 avenue Jean Jaurès', '69200 Vénissieux'],
  lines: [
    {
      reference: 'RAC-12',
      designation: 'Raccord droit 12 mm',
      quantity: '3',
      unitPrice: '12.5',
      discount: '',
      amountExclTax: '37.5',
      vatRate: '20',
    },
    {
      reference: 'LIVRE-1',
      designation: 'Catalogue technique',
      quantity: '1',
      unitPrice: '1000',
      discount: '5',
      amountExclTax: '950',
      vatRate: '5.5',
    },
  ],
  vat: [],
  totals: { exclTax: '987.50', tax: '59.75', inclTax: '1047.25' },
};
invoice.vat = vatBreakdown(invoice.lines);

describe('invoice PDF', () => {
  it('breaks VAT down per rate on the summed base', () => {
    assert.deepEqual(vatBreakdown(invoice.lines), [
      { rate: '20', base: '37.50', tax: '7.50' },
      { rate: '5.5', base: '950.00', tax: '52.25' },
    ]);
    assert.equal(formatEuros('1047.25'), '1\u00a0047,25\u00a0€');
    assert.equal(formatEuros('-3'), '-3,00\u00a0€');
  });

  it('renders the seller, the customer, the dates, the lines, the VAT, the totals and the legal mentions', async function () {
    this.timeout(10_000);
    const company = DEMO_SELLER;
    const pdf = await renderInvoicePdf(invoice, company);
    assert.equal(pdf.subarray(0, 8).toString('latin1'), '%PDF-1.4');
    const text = await pdfText(pdf);
    for (const expected of [
      company.name,
      'FACTURE FA00042',
      '05/03/2026',
      'Commande web : 1234',
      'Hydraulique Dupont SARL',
      'RAC-12',
      'Catalogue technique',
      'TVA 5,5 % sur 950,00 €',
      '52,25 €',
      'Total TTC',
      '1 047,25 €',
      'Raccords Hydrauliques Démo SAS',
      'SAS au capital de 50 000,00 €',
      'RCS Lyon 123 456 789',
      'SIRET 123 456 789 00012',
      'TVA intracommunautaire FR32123456789',
      'SIREN 345 678 901',
      'TVA intracommunautaire FR12345678901',
      'Date de livraison : 03/03/2026',
      'Échéance : 04/04/2026',
      'Bon de commande : BC00031',
      'Bon de livraison : BL00027',
      'ADRESSE DE LIVRAISON',
      'Dépôt de Vénissieux',
      '69200 Vénissieux',
      'Conditions de paiement : 30 jours date de facture — échéance le 04/04/2026',
      'Pénalités de retard : 3 fois le taux d’intérêt légal',
      'Indemnité forfaitaire pour frais de recouvrement : 40 €',
      'Escompte : Pas d’escompte pour paiement anticipé',
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
    // Same input, same bytes: a retried render uploads the same document.
    assert.ok(pdf.equals(await renderInvoicePdf(invoice, company)));
  });

  it('prints no delivery block when the goods went to the billing address', async function () {
    this.timeout(10_000);
    const text = await pdfText(
      await renderInvoicePdf({ ...invoice, deliveryAddressLines: null }, DEMO_SELLER),
    );
    assert.ok(!text.includes('ADRESSE DE LIVRAISON'), text);
    assert.ok(!text.includes('TVA non applicable'), 'no exemption mention when VAT is charged');
  });

  it('prints the VAT exemption mention on an invoice at 0 % (a DOM customer)', async function () {
    this.timeout(10_000);
    const lines = invoice.lines.map((l) => ({ ...l, vatRate: '0' }));
    const dom = {
      ...invoice,
      lines,
      vat: vatBreakdown(lines),
      totals: { exclTax: '987.50', tax: '0.00', inclTax: '987.50' },
    };
    const text = await pdfText(await renderInvoicePdf(dom, DEMO_SELLER));
    assert.ok(text.includes('TVA non applicable, art. 294 du CGI'), text);
    assert.ok(text.includes('Conditions de paiement'), text);
  });
});
