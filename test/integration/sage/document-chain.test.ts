import assert from 'node:assert/strict';
import Big from 'big.js';
import {
  readDocumentChain,
  readInvoice,
  readSalesDocumentsChangedSince,
} from '../../../activities/sage/documents';
import { SageDataError } from '../../../activities/sage/errors';
import {
  createQuote,
  findDocumentForWebOrder,
  type QuoteInput,
} from '../../../activities/sage/quotes';
import { DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import type { SageDb } from '../../../activities/sage/db';
import { advanceChain, runAutoMode, transformDocument } from '../../../sandbox/sage/simulator';
import { createTestCompany, type TestCompany } from './company';

async function stockOf(db: SageDb, reference: string, depotNo: number) {
  const row = await db
    .selectFrom('F_ARTSTOCK')
    .select(['AS_QteSto', 'AS_QteRes', 'AS_QtePrepa'])
    .where('AR_Ref', '=', reference)
    .where('DE_No', '=', depotNo)
    .executeTakeFirstOrThrow();
  return {
    onHand: String(row.AS_QteSto),
    reserved: String(row.AS_QteRes),
    preparing: String(row.AS_QtePrepa),
  };
}

const plus = (a: string, b: string) => new Big(a).plus(b).toFixed();

describe('Document chain and simulator (embedded engine)', function () {
  let company: TestCompany;
  let reference: string;

  before(async () => {
    company = createTestCompany('tiny', 21);
    const article = await company.db
      .selectFrom('F_ARTICLE')
      .select('AR_Ref')
      .where('AR_Sommeil', '=', 0)
      .where('AR_Ref', 'like', '%-0%')
      .orderBy('cbMarq')
      .executeTakeFirstOrThrow();
    reference = article.AR_Ref;
  });
  after(() => company.dispose());

  const order = (web: string): QuoteInput => ({
    webOrderNumber: web,
    customerAccount: 'CL00001',
    date: '2026-03-02',
    depotNo: 3,
    lines: [
      { articleReference: reference, quantity: '4', unitPrice: '12.50', depotNo: 3 },
      {
        articleReference: reference,
        quantity: '1',
        unitPrice: '12.50',
        discountRate: '10',
        depotNo: 3,
      },
    ],
  });

  it('follows quote → order → picking → delivery → invoice with Sage numbering, statuses and stock', async () => {
    const quote = await createQuote(company.db, order('WEB-CHAIN-1'), DEFAULT_WRITER_OPTIONS);
    const initial = await stockOf(company.db, reference, 3);

    let chain = await readDocumentChain(company.db, quote.quotePiece);
    assert.equal(chain.stage, 'quote');
    assert.equal(chain.quote?.status, 0);
    assert.deepEqual(chain.orders, []);

    const toOrder = await transformDocument(company.db, quote.quotePiece, 1);
    assert.equal(toOrder.piece, 'BC00001');
    assert.deepEqual(toOrder.movedLineIds, quote.lineRowIds, 'lines move, keeping their cbMarq');
    chain = await readDocumentChain(company.db, quote.quotePiece);
    assert.equal(chain.stage, 'order');
    assert.equal(chain.quote?.exists, true);
    assert.equal(chain.quote?.statusLabel, 'Accepté');
    assert.deepEqual(
      chain.orders.map((o) => [o.piece, o.exists, o.status]),
      [['BC00001', true, 2]],
    );
    assert.deepEqual(await stockOf(company.db, reference, 3), {
      ...initial,
      reserved: plus(initial.reserved, '5'),
    });

    await transformDocument(company.db, 'BC00001', 2);
    chain = await readDocumentChain(company.db, quote.quotePiece);
    assert.equal(chain.stage, 'picking');
    assert.deepEqual(
      chain.orders.map((o) => [o.piece, o.exists]),
      [['BC00001', false]],
      'the order header is gone once all its lines moved; its number lives on the lines',
    );
    assert.ok(chain.orders[0].date, 'the date of a vanished stage comes from the lines');
    assert.deepEqual(
      chain.pickings.map((p) => [p.piece, p.exists, p.statusLabel]),
      [['PL00001', true, 'A livrer']],
    );
    assert.deepEqual(await stockOf(company.db, reference, 3), {
      ...initial,
      preparing: plus(initial.preparing, '5'),
    });

    await transformDocument(company.db, 'PL00001', 3);
    assert.deepEqual(await stockOf(company.db, reference, 3), {
      ...initial,
      onHand: new Big(initial.onHand).minus(5).toFixed(),
    });
    await transformDocument(company.db, 'BL00001', 6);
    chain = await readDocumentChain(company.db, quote.quotePiece);
    assert.equal(chain.stage, 'invoice');
    assert.deepEqual(
      [chain.orders, chain.pickings, chain.deliveries, chain.invoices].map((steps) =>
        steps.map((s) => s.piece),
      ),
      [['BC00001'], ['PL00001'], ['BL00001'], ['FA00001']],
    );
    assert.equal(chain.invoices[0].validated, true);
    assert.deepEqual(
      chain.lines.map((l) => [l.rowId, l.documentType, l.piece]),
      quote.lineRowIds.map((id) => [id, 6, 'FA00001']),
    );

    const invoice = await readInvoice(company.db, 'FA00001');
    assert.ok(invoice);
    assert.equal(invoice.lines.length, 2);
    assert.deepEqual(
      invoice.lines.map((l) => l.origin),
      [
        { quote: quote.quotePiece, order: 'BC00001', picking: 'PL00001', delivery: 'BL00001' },
        { quote: quote.quotePiece, order: 'BC00001', picking: 'PL00001', delivery: 'BL00001' },
      ],
    );
    // 4 × 12.50 = 50.00 ; 1 × 12.50 × 0.9 = 11.25 ; VAT 20 % of 61.25 = 12.25
    assert.deepEqual(invoice.totals, { exclTax: '61.25', tax: '12.25', inclTax: '73.5' });
    assert.deepEqual(invoice.headerTotals, { exclTax: '61.25', inclTax: '73.5' });
    assert.equal(invoice.webOrderNumber, 'WEB-CHAIN-1');

    // The web order still resolves to its quote, wherever it stands now.
    const found = await findDocumentForWebOrder(company.db, {
      webOrderNumber: 'WEB-CHAIN-1',
      customerAccount: 'CL00001',
    });
    assert.equal(found?.quotePiece, quote.quotePiece);
    const retry = await createQuote(company.db, order('WEB-CHAIN-1'), DEFAULT_WRITER_OPTIONS);
    assert.equal(retry.created, false);
    assert.equal(retry.quotePiece, quote.quotePiece);
  });

  it('reads the chain when Sage removes the quote header after transformation', async () => {
    const quote = await createQuote(company.db, order('WEB-CHAIN-2'), DEFAULT_WRITER_OPTIONS);
    const result = await transformDocument(company.db, quote.quotePiece, 1, {
      keepQuoteHeader: false,
    });
    const chain = await readDocumentChain(company.db, quote.quotePiece);
    assert.equal(chain.stage, 'order');
    assert.equal(chain.quote?.exists, false);
    assert.equal(chain.quote?.piece, quote.quotePiece);
    assert.deepEqual(
      chain.orders.map((o) => o.piece),
      [result.piece],
    );
    const retry = await createQuote(company.db, order('WEB-CHAIN-2'), DEFAULT_WRITER_OPTIONS);
    assert.deepEqual(
      [retry.created, retry.quotePiece, retry.currentPiece],
      [false, quote.quotePiece, result.piece],
    );
  });

  it('advances a chain one stage per call and stops at the invoice', async () => {
    const quote = await createQuote(company.db, order('WEB-CHAIN-3'), DEFAULT_WRITER_OPTIONS);
    const stages: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      await advanceChain(company.db, quote.quotePiece);
      stages.push((await readDocumentChain(company.db, quote.quotePiece)).stage);
    }
    assert.deepEqual(stages, ['order', 'picking', 'delivery', 'invoice', 'invoice']);
  });

  it('refuses transformations Sage does not offer', async () => {
    const quote = await createQuote(company.db, order('WEB-CHAIN-4'), DEFAULT_WRITER_OPTIONS);
    await assert.rejects(
      transformDocument(company.db, quote.quotePiece, 6),
      (e: unknown) => e instanceof SageDataError && e.type === 'InvalidTransformation',
    );
    await assert.rejects(
      transformDocument(company.db, 'DE99999', 1),
      (e: unknown) => e instanceof SageDataError && e.type === 'UnknownDocument',
    );
  });

  it('an unknown quote has an empty chain; an unknown invoice reads as undefined', async () => {
    const chain = await readDocumentChain(company.db, 'DE77777');
    assert.equal(chain.stage, null);
    assert.equal(chain.quote, null);
    assert.equal(await readInvoice(company.db, 'FA77777'), undefined);
  });

  it('lists sales documents changed since a key, web orders only on demand', async () => {
    const before = await readSalesDocumentsChangedSince(company.db, { limit: 1000 });
    await new Promise((r) => setTimeout(r, 5));
    const quote = await createQuote(company.db, order('WEB-CHANGES'), DEFAULT_WRITER_OPTIONS);
    const result = await transformDocument(company.db, quote.quotePiece, 1);
    const changed = await readSalesDocumentsChangedSince(company.db, {
      after: before.lastKey,
      webOnly: true,
      limit: 1000,
    });
    assert.deepEqual(changed.items.map((d) => [d.kind, d.piece, d.webOrderNumber]).sort(), [
      ['order', result.piece, 'WEB-CHANGES'],
      ['quote', quote.quotePiece, 'WEB-CHANGES'],
    ]);
  });

  it('runs the automatic mode until aborted, moving web quotes to invoices', async () => {
    const quote = await createQuote(company.db, order('WEB-AUTO-1'), DEFAULT_WRITER_OPTIONS);
    const controller = new AbortController();
    const seen: string[] = [];
    const running = runAutoMode({
      db: company.db,
      delayMs: 0,
      pollMs: 5,
      signal: controller.signal,
      onTransform: (r) => {
        seen.push(r.piece);
      },
    });
    const deadline = Date.now() + 5_000;
    while (
      (await readDocumentChain(company.db, quote.quotePiece)).stage !== 'invoice' &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    controller.abort();
    const count = await running;
    assert.equal((await readDocumentChain(company.db, quote.quotePiece)).stage, 'invoice');
    assert.ok(count >= 4 && seen.length === count);
  });
});
