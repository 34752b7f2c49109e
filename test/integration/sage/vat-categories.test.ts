import assert from 'node:assert/strict';
import { renderInvoicePdf } from '../../../activities/orders/invoice-pdf';
import { readInvoiceDocument } from '../../../activities/orders/sage-invoice';
import { readDocument, readDocumentChain } from '../../../activities/sage/documents';
import { SageDataError } from '../../../activities/sage/errors';
import { createSqlSageWriter } from '../../../activities/sage/writer';
import { readSalesVat } from '../../../activities/sage/vat';
import { parseConfig } from '../../../shared/config';
import { invoiceSellerOf } from '../../../shared/config/invoice-seller';
import { DocumentType } from '../../../shared/sage/documents';
import { DEMO_OVERSEAS_CUSTOMER } from '../../../sandbox/sage/demo-profile';
import { advanceChain } from '../../../sandbox/sage/simulator';
import { pdfText } from '../orders/pdf-text';
import { createTestCompany, type TestCompany } from './company';

/**
 * VAT by accounting category on the embedded demo company: the customer's N_CatCompta →
 * F_ARTCOMPTA / F_FAMCOMPTA → F_TAXE, through the quote writer, the document chain and the
 * invoice. The overseas customer (DOM-TOM, category 2) buys at 0 %, a French one at 20 %.
 */
describe('VAT by accounting category (embedded engine)', function () {
  this.timeout(60_000);
  let company: TestCompany;
  let articles: { AR_Ref: string; FA_CodeFamille: string }[];
  const overseas = DEMO_OVERSEAS_CUSTOMER.account;

  before(async () => {
    company = createTestCompany('tiny', 5);
    articles = await company.db
      .selectFrom('F_ARTICLE')
      .select(['AR_Ref', 'FA_CodeFamille'])
      .where('AR_Ref', 'like', '%-0%')
      .where('AR_Sommeil', '=', 0)
      .orderBy('cbMarq')
      .limit(3)
      .execute();
  });
  after(() => company.dispose());

  const order = (webOrderNumber: string, customerAccount: string) => ({
    webOrderNumber,
    customerAccount,
    date: '2026-03-02',
    depotNo: 1,
    lines: [
      { articleReference: articles[0].AR_Ref, quantity: '3', unitPrice: '10.10', depotNo: 1 },
      {
        articleReference: articles[1].AR_Ref,
        quantity: '2',
        unitPrice: '199.99',
        discountRate: '5',
        depotNo: 1,
      },
    ],
  });

  it('reads the rate of the customer category: 20 % in France, 0 % overseas', async () => {
    const refs = articles.map((a) => ({ reference: a.AR_Ref, familyCode: a.FA_CodeFamille }));
    const france = await readSalesVat(company.db, 1, refs);
    const dom = await readSalesVat(company.db, DEMO_OVERSEAS_CUSTOMER.accountingCategory, refs);
    for (const a of articles) {
      assert.deepEqual(france.byArticle.get(a.AR_Ref.toUpperCase()), {
        rate: '20',
        code: 'C20',
        source: 'family',
      });
      assert.deepEqual(dom.byArticle.get(a.AR_Ref.toUpperCase()), {
        rate: '0',
        code: 'C00',
        source: 'family',
      });
    }
  });

  it("an overseas customer's quote has 0 % VAT lines and totals incl. tax equal to excl. tax", async () => {
    const writer = createSqlSageWriter(company.db);
    const created = await writer.createQuote(order('WEB-DOM-1', overseas));
    const quote = await readDocument(company.db, created.quotePiece, [DocumentType.Quote]);
    assert.ok(quote);
    assert.deepEqual(
      quote.lines.map((l) => [l.vatRate, l.amountExclTax, l.amountInclTax]),
      [
        ['0', '30.3', '30.3'],
        ['0', '379.98', '379.98'],
      ],
    );
    assert.equal(quote.totalExclTax, '410.28');
    assert.equal(quote.totalInclTax, quote.totalExclTax);
    const codes = await company.db
      .selectFrom('F_DOCLIGNE')
      .select(['DL_CodeTaxe1', 'DL_PUTTC', 'DL_PrixUnitaire'])
      .where('DO_Piece', '=', created.quotePiece)
      .orderBy('DL_Ligne')
      .execute();
    assert.deepEqual(
      codes.map((c) => c.DL_CodeTaxe1),
      ['C00', 'C00'],
    );
    assert.deepEqual(
      codes.map((c) => String(c.DL_PUTTC)),
      codes.map((c) => String(c.DL_PrixUnitaire)),
    );
    const header = await company.db
      .selectFrom('F_DOCENTETE')
      .select(['N_CatCompta', 'DO_TotalTTC', 'DO_NetAPayer'])
      .where('DO_Piece', '=', created.quotePiece)
      .executeTakeFirstOrThrow();
    assert.equal(header.N_CatCompta, 2);
    assert.equal(String(header.DO_TotalTTC), '410.28');
    assert.equal(String(header.DO_NetAPayer), '410.28');
  });

  it('a French customer pays 20 % on the same lines (code C20)', async () => {
    const writer = createSqlSageWriter(company.db);
    const created = await writer.createQuote(order('WEB-FR-1', 'CL00001'));
    const quote = await readDocument(company.db, created.quotePiece, [DocumentType.Quote]);
    assert.ok(quote);
    assert.deepEqual(
      quote.lines.map((l) => l.vatRate),
      ['20', '20'],
    );
    // 410.28 × 1.2 = 492.336 → 492.34
    assert.equal(quote.totalInclTax, '492.34');
  });

  it("the overseas customer's invoice shows 0 % VAT and totals incl. tax = excl. tax", async () => {
    const created = await createSqlSageWriter(company.db).createQuote(order('WEB-DOM-2', overseas));
    let invoicePiece: string | undefined;
    for (let step = 0; step < 4 && invoicePiece === undefined; step++) {
      await advanceChain(company.db, created.quotePiece);
      const chain = await readDocumentChain(company.db, created.quotePiece);
      invoicePiece = chain.lines.find((l) => l.documentType >= DocumentType.Invoice)?.piece;
    }
    assert.ok(invoicePiece, 'the quote became an invoice');
    const config = parseConfig({ sage: { kind: 'embedded', embedded: { path: company.path } } });
    const invoice = await readInvoiceDocument(company.db, config, invoicePiece);
    assert.deepEqual(
      invoice.lines.map((l) => l.vatRate),
      ['0', '0'],
    );
    assert.deepEqual(invoice.vat, [{ rate: '0', base: '410.28', tax: '0.00' }]);
    assert.equal(invoice.totals.inclTax, invoice.totals.exclTax);
    // The generated PDF says why there is no VAT (the seller's configured exemption mention).
    const seller = invoiceSellerOf(config.orders.invoicePdf.company, config.sage.kind);
    const text = await pdfText(await renderInvoicePdf(invoice, seller));
    assert.ok(text.includes('TVA non applicable, art. 294 du CGI'), text);
  });

  it('an article without a tax of the customer category is refused, nothing written', async () => {
    const family = articles[2].FA_CodeFamille;
    await company.db
      .updateTable('F_FAMCOMPTA')
      .set({ FCP_ComptaCPT_Taxe1: '' })
      .where('FA_CodeFamille', '=', family)
      .where('FCP_Champ', '=', DEMO_OVERSEAS_CUSTOMER.accountingCategory)
      .execute();
    const input = order('WEB-DOM-3', overseas);
    input.lines.push({
      articleReference: articles[2].AR_Ref,
      quantity: '1',
      unitPrice: '5',
      depotNo: 1,
    });
    await assert.rejects(
      createSqlSageWriter(company.db).createQuote(input),
      (err: unknown) =>
        err instanceof SageDataError &&
        /no sales tax code for accounting category 2/.test(err.message),
    );
    const written = await company.db
      .selectFrom('F_DOCENTETE')
      .select('DO_Piece')
      .where('DO_NoWeb', '=', 'WEB-DOM-3')
      .execute();
    assert.equal(written.length, 0);
  });

  it("an article's own tax row wins over its family's", async () => {
    await company.db
      .insertInto('F_ARTCOMPTA')
      .values({
        AR_Ref: articles[0].AR_Ref,
        ACP_Type: 0,
        ACP_Champ: 1,
        ACP_TypeFacture: 0,
        ACP_ComptaCPT_Taxe1: 'C05',
      })
      .execute();
    const created = await createSqlSageWriter(company.db).createQuote(order('WEB-FR-2', 'CL00001'));
    const quote = await readDocument(company.db, created.quotePiece, [DocumentType.Quote]);
    assert.deepEqual(
      quote?.lines.map((l) => l.vatRate),
      ['5.5', '20'],
    );
  });
});
