import assert from 'node:assert/strict';
import { renderInvoicePdf } from '../../../activities/orders/invoice-pdf';
import { ordersConfigSchema } from '../../../shared/config/orders';
import { formatEuros, vatBreakdown, type InvoiceDocument } from '../../../shared/orders/invoice';
import { pdfText } from '../../integration/orders/pdf-text';

const invoice: InvoiceDocument = {
  piece: 'FA00042',
  date: '2026-03-05',
  webOrderNumber: '1234',
  customer: {
    account: 'CL00007',
    name: 'Hydraulique Dupont SARL',
    addressLines: ['3 rue des Vannes', '69003 Lyon'],
    vatNumber: 'FR12345678901',
  },
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

  it('renders the company, the customer, the lines, the VAT and the totals', async function () {
    this.timeout(10_000);
    const company = ordersConfigSchema.parse({}).invoicePdf.company;
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
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
    // Same input, same bytes: a retried render uploads the same document.
    assert.ok(pdf.equals(await renderInvoicePdf(invoice, company)));
  });
});
