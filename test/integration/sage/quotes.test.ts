import assert from 'node:assert/strict';
import { readDocument } from '../../../activities/sage/documents';
import { SageDataError } from '../../../activities/sage/errors';
import { createQuote, type QuoteInput } from '../../../activities/sage/quotes';
import { createSqlSageWriter, DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import { DEMO_BAD_DATA } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, type TestCompany } from './company';

describe('Sage quote writer (embedded engine)', function () {
  let company: TestCompany;
  let articles: string[];

  before(async () => {
    company = createTestCompany('tiny', 5);
    articles = (
      await company.db
        .selectFrom('F_ARTICLE')
        .select('AR_Ref')
        .where('AR_Ref', 'like', '%-0%')
        .orderBy('cbMarq')
        .limit(3)
        .execute()
    ).map((a) => a.AR_Ref);
  });
  after(() => company.dispose());

  const order = (webOrderNumber: string, customerAccount = 'CL00001'): QuoteInput => ({
    webOrderNumber,
    customerAccount,
    date: '2026-03-02',
    depotNo: 2,
    lines: [
      {
        articleReference: articles[0],
        quantity: '3',
        unitPrice: '10.10',
        discountRate: '8',
        depotNo: 2,
      },
      {
        articleReference: articles[1],
        quantity: '1.5',
        unitPrice: '0.35',
        depotNo: 2,
        vatRate: '5.5',
      },
      { articleReference: articles[2], quantity: '2', unitPrice: '199.99', depotNo: 7 },
    ],
  });

  it('creates a quote with the next number, the web order as reference, a depot per line', async () => {
    const writer = createSqlSageWriter(company.db);
    const result = await writer.createQuote(order('WEB-1001'));
    assert.equal(result.created, true);
    assert.equal(result.quotePiece, 'DE00001');
    assert.equal(result.currentType, 0);
    assert.equal(result.lineRowIds.length, 3);
    const quote = await readDocument(company.db, 'DE00001', [0]);
    assert.ok(quote);
    assert.equal(quote.reference, 'WEB-1001');
    assert.equal(quote.webOrderNumber, 'WEB-1001');
    assert.equal(quote.status, 0, 'Saisi: to validate by the sales rep');
    assert.equal(quote.customerAccount, 'CL00001');
    assert.deepEqual(
      quote.lines.map((l) => l.depotNo),
      [2, 2, 7],
    );
    // 3 × 10.10 × 0.92 = 27.876 → 27.88; 1.5 × 0.35 = 0.525 → 0.53 (half-up); 2 × 199.99 = 399.98
    assert.deepEqual(
      quote.lines.map((l) => l.amountExclTax),
      ['27.88', '0.53', '399.98'],
    );
    assert.deepEqual(quote.lines[0].discounts, [{ value: '8', type: 1 }]);
    assert.equal(quote.totalExclTax, '428.39');
    // VAT per rate on the base: 20 % of 427.86 = 85.572 → 85.57; 5.5 % of 0.53 = 0.02915 → 0.03
    assert.equal(quote.totalInclTax, '513.99');
    const counter = await company.db
      .selectFrom('F_DOCCURRENTPIECE')
      .select('DC_Piece')
      .where('DC_IdCol', '=', 0)
      .executeTakeFirstOrThrow();
    assert.equal(counter.DC_Piece, 'DE00002');
  });

  it('returns the existing quote for the same web order number (sequential retry)', async () => {
    const again = await createQuote(company.db, order('WEB-1001'), DEFAULT_WRITER_OPTIONS);
    assert.equal(again.created, false);
    assert.equal(again.quotePiece, 'DE00001');
    const headers = await company.db
      .selectFrom('F_DOCENTETE')
      .select('DO_Piece')
      .where('DO_NoWeb', '=', 'WEB-1001')
      .execute();
    assert.equal(headers.length, 1);
    const counter = await company.db
      .selectFrom('F_DOCCURRENTPIECE')
      .select('DC_Piece')
      .where('DC_IdCol', '=', 0)
      .executeTakeFirstOrThrow();
    assert.equal(counter.DC_Piece, 'DE00002', 'a retry does not consume a number');
  });

  it('gives ONE quote for two concurrent creations of the same web order (two connections)', async () => {
    for (let round = 0; round < 5; round++) {
      const first = company.connect();
      const second = company.connect();
      const web = `WEB-CONC-${round}`;
      const results = await Promise.all([
        createQuote(first, order(web), DEFAULT_WRITER_OPTIONS),
        createQuote(second, order(web), DEFAULT_WRITER_OPTIONS),
      ]);
      assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
      assert.equal(results[0].quotePiece, results[1].quotePiece);
      const headers = await company.db
        .selectFrom('F_DOCENTETE')
        .select('DO_Piece')
        .where('DO_NoWeb', '=', web)
        .execute();
      assert.equal(headers.length, 1);
      const lines = await company.db
        .selectFrom('F_DOCLIGNE')
        .select('cbMarq')
        .where('DO_Piece', '=', results[0].quotePiece)
        .execute();
      assert.equal(lines.length, 3);
    }
  });

  it('gives distinct numbers to concurrent quotes of different web orders', async () => {
    const connections = [company.connect(), company.connect(), company.connect()];
    const results = await Promise.all(
      ['WEB-A', 'WEB-B', 'WEB-C', 'WEB-D', 'WEB-E', 'WEB-F'].map((web, i) =>
        createQuote(connections[i % 3], order(web), DEFAULT_WRITER_OPTIONS),
      ),
    );
    assert.ok(results.every((r) => r.created));
    assert.equal(new Set(results.map((r) => r.quotePiece)).size, 6);
  });

  it('skips numbers already used (a quote typed in Sage, or a transformed one whose header is gone)', async () => {
    const counter = await company.db
      .selectFrom('F_DOCCURRENTPIECE')
      .select('DC_Piece')
      .where('DC_IdCol', '=', 0)
      .executeTakeFirstOrThrow();
    const next = String(counter.DC_Piece);
    // A line that came from quote `next` now sits in an order: that number is taken.
    await company.db
      .insertInto('F_DOCLIGNE')
      .values({
        DO_Domaine: 0,
        DO_Type: 1,
        DO_Piece: 'BC09999',
        DL_PieceDE: next,
        AR_Ref: articles[0],
        DL_Qte: '1',
      })
      .execute();
    const result = await createQuote(company.db, order('WEB-SKIP'), DEFAULT_WRITER_OPTIONS);
    assert.notEqual(result.quotePiece, next);
    assert.equal(result.quotePiece, `DE${String(Number(next.slice(2)) + 1).padStart(5, '0')}`);
  });

  it('refuses unknown customers and articles with non-retryable typed errors, writing nothing', async () => {
    const before = await company.db.selectFrom('F_DOCENTETE').select('cbMarq').execute();
    await assert.rejects(
      createQuote(company.db, order('WEB-X1', 'NOBODY'), DEFAULT_WRITER_OPTIONS),
      (e: unknown) => {
        assert.ok(e instanceof SageDataError);
        assert.equal(e.type, 'UnknownCustomer');
        assert.equal(e.retryable, false);
        return true;
      },
    );
    const badLine = order('WEB-X2');
    badLine.lines[1].articleReference = 'NO-SUCH-SKU';
    await assert.rejects(
      createQuote(company.db, badLine, DEFAULT_WRITER_OPTIONS),
      /UnknownArticle|unknown article/,
    );
    const after = await company.db.selectFrom('F_DOCENTETE').select('cbMarq').execute();
    assert.equal(after.length, before.length);
  });

  it('validates the input (reference length, quantities, date)', async () => {
    await assert.rejects(
      createQuote(company.db, order('W'.repeat(18)), DEFAULT_WRITER_OPTIONS),
      SageDataError,
    );
    const zero = order('WEB-ZERO');
    zero.lines[0].quantity = '0';
    await assert.rejects(createQuote(company.db, zero, DEFAULT_WRITER_OPTIONS), SageDataError);
    await assert.rejects(
      createQuote(company.db, { ...order('WEB-DATE'), date: '02/03/2026' }, DEFAULT_WRITER_OPTIONS),
      SageDataError,
    );
  });

  it('accepts an article stored with trailing spaces under its trimmed reference', async () => {
    const input = order('WEB-SPACES');
    input.lines = [
      {
        articleReference: DEMO_BAD_DATA.articleTrailingSpaces.trim(),
        quantity: '1',
        unitPrice: '5',
        depotNo: 1,
      },
    ];
    const result = await createQuote(company.db, input, DEFAULT_WRITER_OPTIONS);
    const quote = await readDocument(company.db, result.quotePiece, [0]);
    assert.equal(quote?.lines[0].articleReference, DEMO_BAD_DATA.articleTrailingSpaces.trim());
    assert.equal(quote?.lines[0].designation, 'Référence avec espaces');
  });

  it('uses the customer default delivery address and copies its central and payer', async () => {
    const member = await company.db
      .selectFrom('F_COMPTET')
      .select(['CT_Num', 'CT_NumPayeur', 'N_CatTarif'])
      .where('CT_Num', '=', 'CL00002')
      .executeTakeFirstOrThrow();
    const result = await createQuote(
      company.db,
      order('WEB-ADDR', 'CL00002'),
      DEFAULT_WRITER_OPTIONS,
    );
    const header = await company.db
      .selectFrom('F_DOCENTETE')
      .select(['LI_No', 'CT_NumPayeur', 'DO_Tarif', 'cbCreateur'])
      .where('DO_Piece', '=', result.quotePiece)
      .executeTakeFirstOrThrow();
    const address = await company.db
      .selectFrom('F_LIVRAISON')
      .select('LI_No')
      .where('CT_Num', '=', 'CL00002')
      .where('LI_Principal', '=', 1)
      .executeTakeFirst();
    assert.equal(header.LI_No, address?.LI_No ?? 0);
    assert.equal(header.CT_NumPayeur, member.CT_NumPayeur);
    assert.equal(header.DO_Tarif, member.N_CatTarif);
    assert.equal(header.cbCreateur, 'WOO');
  });
});
