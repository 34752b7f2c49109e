import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderProblemError } from '../../../activities/orders/failures';
import { importWebOrder } from '../../../activities/orders/import-quote';
import { OrderPriceIndex } from '../../../activities/orders/order-price-index';
import { readExportedInvoicePdf } from '../../../activities/orders/sage-invoice';
import { cancelQuote } from '../../../activities/sage/quote-cancel';
import { WebOrderNumberTakenError } from '../../../activities/sage/quotes';
import { readChainProgress } from '../../../activities/orders/sage-chain';
import { createSageDb, type SageDb } from '../../../activities/sage/db';
import { readCustomersChangedSince } from '../../../activities/sage/customers';
import { readAllArticles } from '../../../sandbox/prefill-from-sage';
import { advanceChain } from '../../../sandbox/sage/simulator';
import { generateDemoCompany } from '../../../sandbox/sage/generator';
import { parseConfig, type Config } from '../../../shared/config';
import type { WebOrder } from '../../../shared/orders/types';

/** The import and cancel activities against a generated Sage company (no Temporal). */
describe('order import into Sage (activity level)', function () {
  this.timeout(60_000);
  let dir: string;
  let db: SageDb;
  let config: Config;
  let prices: OrderPriceIndex;
  let account: string;
  let otherAccount: string;
  let skus: string[];
  let sequence = 5000;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sws-order-import-'));
    const path = join(dir, 'sage.sqlite');
    generateDemoCompany({ path, size: 'tiny', seed: 5 });
    config = parseConfig({
      sage: { kind: 'embedded', embedded: { path } },
      orders: { priceCheck: { blocking: true }, invoicePdf: { source: 'folder', folder: dir } },
    });
    db = createSageDb(config.sage);
    prices = new OrderPriceIndex(config, async () => db);
    const customers = await readCustomersChangedSince(db, { limit: 100 });
    const open = customers.items.filter((c) => !c.sleeping && /^CL\d+$/.test(c.account));
    account = open[0].account;
    otherAccount = open[1].account;
    skus = (await readAllArticles(db, config.sage.freeFields))
      .filter((a) => !a.sleeping && a.packagings.length === 0 && !a.reference.startsWith('BAD-'))
      .map((a) => a.reference);
  });
  after(async () => {
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sagePrice = async (sku: string, quantity = 1) =>
    (await prices.expectedPrices(account, '2026-03-02'))({
      article: sku,
      quantity: String(quantity),
    }) as string;

  const webOrder = (
    lines: { sku: string; quantity: string; unitPrice: string }[],
    over: Partial<WebOrder> = {},
  ): WebOrder => {
    sequence += 1;
    const withTotals = lines.map((l, i) => ({
      lineId: i + 1,
      name: l.sku,
      ...l,
      total: (Number(l.quantity) * Number(l.unitPrice)).toFixed(2),
    }));
    return {
      orderId: sequence,
      number: String(sequence),
      status: 'processing',
      total: withTotals.reduce((sum, l) => sum + Number(l.total), 0).toFixed(2),
      date: '2026-03-02',
      customerId: 9,
      sageAccount: account,
      homeDepot: 2,
      lines: withTotals,
      recorded: {},
      ...over,
    };
  };
  const problemOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'no problem',
      (err: unknown) =>
        err instanceof OrderProblemError
          ? err.problem.type
          : err instanceof WebOrderNumberTakenError
            ? err.type
            : String(err),
    );
  const headersOf = (reference: string) =>
    db
      .selectFrom('F_DOCENTETE')
      .selectAll()
      .where('DO_NoWeb', '=', reference)
      .orderBy('cbMarq')
      .execute();

  it('creates the quote once: a second import finds it', async () => {
    const order = webOrder([
      { sku: skus[0], quantity: '2', unitPrice: await sagePrice(skus[0], 2) },
    ]);
    const first = await importWebOrder(db, prices, config, order);
    assert.equal(first.created, true);
    assert.equal(first.priceCheckDone, true);
    assert.deepEqual(first.priceDifferences, []);
    const again = await importWebOrder(db, prices, config, order);
    assert.deepEqual(again.quote, first.quote);
    assert.equal(again.created, false);
  });

  it('creates one quote when two attempts of the same import run at once', async () => {
    const order = webOrder([{ sku: skus[5], quantity: '1', unitPrice: await sagePrice(skus[5]) }]);
    // Both attempts pass the early lookup before either commits: the writer's own lookup,
    // under the write lock, is what keeps the second from writing.
    const results = await Promise.all([
      importWebOrder(db, prices, config, order),
      importWebOrder(db, prices, config, order),
    ]);
    assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
    assert.equal(results[0].quote, results[1].quote);
    assert.equal((await headersOf(order.number)).length, 1);
  });

  it("never links a web order to another customer's document with the same number: WebOrderNumberTaken", async () => {
    const line = { sku: skus[6], quantity: '1', unitPrice: await sagePrice(skus[6]) };
    const theirs = webOrder([line], { sageAccount: otherAccount });
    const first = await importWebOrder(db, prices, config, theirs, {
      acceptPriceDifferences: true,
    });
    assert.equal(first.created, true);
    const before = await headersOf(theirs.number);
    const linesBefore = await db
      .selectFrom('F_DOCLIGNE')
      .selectAll()
      .where('DO_Piece', '=', first.quote)
      .execute();

    // Same number, this customer (another shop order numbering, a reused number…).
    const mine = { ...webOrder([line]), number: theirs.number };
    assert.equal(await problemOf(importWebOrder(db, prices, config, mine)), 'WebOrderNumberTaken');
    const message = await importWebOrder(db, prices, config, mine).catch(
      (err: Error) => err.message,
    );
    assert.match(String(message), new RegExp(`${first.quote}.*${otherAccount}`));
    // Nothing written, the other customer's quote untouched.
    assert.deepEqual(await headersOf(theirs.number), before);
    assert.deepEqual(
      await db.selectFrom('F_DOCLIGNE').selectAll().where('DO_Piece', '=', first.quote).execute(),
      linesBefore,
    );
    // Its own customer still finds it.
    assert.equal((await importWebOrder(db, prices, config, theirs)).quote, first.quote);
  });

  it('records the shop on the quote and refuses the same number and customer from another shop', async () => {
    const line = { sku: skus[7], quantity: '1', unitPrice: await sagePrice(skus[7]) };
    const order = webOrder([line]);
    const quote = await importWebOrder(db, prices, config, order);
    const [header] = await headersOf(order.number);
    assert.equal(header.WEB_BOUTIQUE, 'shop');
    const otherShop: Config = { ...config, orders: { ...config.orders, shopId: 'b2b-shop' } };
    assert.equal(
      await problemOf(importWebOrder(db, prices, otherShop, order)),
      'WebOrderNumberTaken',
    );
    assert.equal((await headersOf(order.number)).length, 1);
    assert.equal((await importWebOrder(db, prices, config, order)).quote, quote.quote);
  });

  it('maps a long prefixed shop order number per orders.sageReference, and never cuts one', async () => {
    const mapped: Config = {
      ...config,
      orders: { ...config.orders, sageReference: { strip: '^WEB-', prefix: 'B2-' } },
    };
    const line = { sku: skus[8], quantity: '2', unitPrice: await sagePrice(skus[8], 2) };
    const order = webOrder([line], { number: 'WEB-2026-000012345' });
    const result = await importWebOrder(db, prices, mapped, order);
    assert.equal(result.created, true);
    const [header] = await headersOf('B2-2026-000012345');
    assert.equal(header.DO_Piece.trim(), result.quote);
    assert.equal(header.DO_Ref, 'B2-2026-000012345');
    assert.equal((await importWebOrder(db, prices, mapped, order)).created, false);

    const tooLong = webOrder([line], { number: 'WEB-2026-0000123456' });
    assert.equal(
      await problemOf(importWebOrder(db, prices, mapped, tooLong)),
      'WebOrderNumberTooLong',
    );
    assert.equal((await headersOf('B2-2026-0000123456')).length, 0);
    assert.equal((await headersOf('B2-2026-000012345')).length, 1);
  });

  it('flags a price difference in the internal header field, never in the line designation', async () => {
    const sku = skus[9];
    const order = webOrder([{ sku, quantity: '1', unitPrice: '0.50' }]);
    const result = await importWebOrder(db, prices, config, order, {
      acceptPriceDifferences: true,
    });
    const sage = Number(await sagePrice(sku)).toFixed(2);
    const [header] = await headersOf(order.number);
    assert.equal(header.WEB_ECART_PRIX, `${sku}: PRIX WEB 0.50 <> SAGE ${sage}`);
    const [quoteLine] = await db
      .selectFrom('F_DOCLIGNE')
      .select(['DL_Design', 'DL_PrixUnitaire'])
      .where('DO_Piece', '=', result.quote)
      .execute();
    const article = await db
      .selectFrom('F_ARTICLE')
      .select('AR_Design')
      .where('AR_Ref', '=', sku)
      .executeTakeFirstOrThrow();
    assert.equal(quoteLine.DL_Design, article.AR_Design);
    assert.doesNotMatch(String(quoteLine.DL_Design), /PRIX|≠/);
    assert.equal(Number(quoteLine.DL_PrixUnitaire), 0.5);
    // A quote without difference leaves the field empty.
    const clean = webOrder([{ sku, quantity: '1', unitPrice: await sagePrice(sku) }]);
    await importWebOrder(db, prices, config, clean);
    assert.equal((await headersOf(clean.number))[0].WEB_ECART_PRIX, '');
  });

  it('names malformed or out-of-range numbers by SKU and product name, writing nothing', async () => {
    const sku = skus[10];
    const price = await sagePrice(sku);
    const named = (order: WebOrder) => ({
      ...order,
      lines: order.lines.map((l) => ({ ...l, name: 'Raccord laiton 12 mm' })),
    });
    const cases: WebOrder[] = [
      (() => {
        const o = webOrder([{ sku, quantity: '1', unitPrice: price }]);
        return { ...o, lines: [{ ...o.lines[0], total: '12,50', unitPrice: '' }] };
      })(),
      webOrder([{ sku, quantity: '1000000000', unitPrice: price }]),
      webOrder([{ sku, quantity: '1', unitPrice: '0' }]),
    ];
    for (const order of cases.map(named)) {
      const failure = await importWebOrder(db, prices, config, order).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(failure instanceof OrderProblemError, `order ${order.number}: ${String(failure)}`);
      assert.equal(failure.problem.type, 'InvalidOrder');
      assert.match(failure.message, new RegExp(`SKU ${sku} "Raccord laiton 12 mm"`));
      assert.equal((await headersOf(order.number)).length, 0);
    }
  });

  it('blocks on a price difference unless the operator accepts it', async () => {
    const order = webOrder([{ sku: skus[1], quantity: '1', unitPrice: '0.50' }]);
    assert.equal(await problemOf(importWebOrder(db, prices, config, order)), 'PriceMismatch');
    const accepted = await importWebOrder(db, prices, config, order, {
      acceptPriceDifferences: true,
    });
    assert.equal(accepted.created, true);
    assert.equal(accepted.priceDifferences.length, 1);
  });

  it('still imports when the pricing engine is unavailable, and says the check did not run', async () => {
    const broken = new OrderPriceIndex(config, async () => {
      throw new Error('price tables unreadable');
    });
    const order = webOrder([{ sku: skus[4], quantity: '1', unitPrice: '3.00' }]);
    const result = await importWebOrder(db, broken, config, order);
    assert.equal(result.created, true);
    assert.equal(result.priceCheckDone, false);
    assert.match(result.priceCheckProblem ?? '', /price tables unreadable/);
  });

  it('names the business problems: unknown SKU, sleeping article, closed account', async () => {
    const price = await sagePrice(skus[2]);
    assert.equal(
      await problemOf(
        importWebOrder(
          db,
          prices,
          config,
          webOrder([{ sku: 'NO-SUCH-SKU', quantity: '1', unitPrice: '1' }]),
        ),
      ),
      'UnknownSku',
    );
    await db
      .updateTable('F_ARTICLE')
      .set({ AR_Sommeil: 1 })
      .where('AR_Ref', '=', skus[2])
      .execute();
    assert.equal(
      await problemOf(
        importWebOrder(
          db,
          prices,
          config,
          webOrder([{ sku: skus[2], quantity: '1', unitPrice: price }]),
        ),
      ),
      'SleepingArticle',
    );
    await db
      .updateTable('F_ARTICLE')
      .set({ AR_Sommeil: 0 })
      .where('AR_Ref', '=', skus[2])
      .execute();
    await db
      .updateTable('F_COMPTET')
      .set({ CT_Sommeil: 1 })
      .where('CT_Num', '=', account)
      .execute();
    try {
      assert.equal(
        await problemOf(
          importWebOrder(
            db,
            prices,
            config,
            webOrder([{ sku: skus[2], quantity: '1', unitPrice: price }]),
          ),
        ),
        'ClosedAccount',
      );
    } finally {
      await db
        .updateTable('F_COMPTET')
        .set({ CT_Sommeil: 0 })
        .where('CT_Num', '=', account)
        .execute();
    }
  });

  it('cancels a quote that is still a quote (mark, delete) and leaves a validated one alone', async () => {
    const price = await sagePrice(skus[3]);
    const line = { sku: skus[3], quantity: '1', unitPrice: price };
    const marked = await importWebOrder(db, prices, config, webOrder([line]));
    assert.equal(await cancelQuote(db, marked.quote, 'mark'), 'marked');
    assert.equal((await readChainProgress(db, marked.quote)).quoteLost, true);

    const deleted = await importWebOrder(db, prices, config, webOrder([line]));
    assert.equal(await cancelQuote(db, deleted.quote, 'delete'), 'deleted');
    assert.equal(await cancelQuote(db, deleted.quote, 'delete'), 'already-gone');
    assert.equal((await readChainProgress(db, deleted.quote)).quoteFound, false);

    const validated = await importWebOrder(db, prices, config, webOrder([line]));
    await advanceChain(db, validated.quote);
    assert.equal(await cancelQuote(db, validated.quote, 'delete'), 'moved-on');
    const progress = await readChainProgress(db, validated.quote);
    assert.match(progress.order ?? '', /^BC/);
  });

  it('takes the invoice PDF Sage exported, and names a missing one', async () => {
    writeFileSync(join(dir, 'FA00099.pdf'), Buffer.from('%PDF-1.4 exported by Sage'));
    const base64 = await readExportedInvoicePdf(config, 'FA00099');
    assert.equal(Buffer.from(base64, 'base64').toString(), '%PDF-1.4 exported by Sage');
    assert.equal(await problemOf(readExportedInvoicePdf(config, 'FA00100')), 'InvoicePdfMissing');
  });
});
