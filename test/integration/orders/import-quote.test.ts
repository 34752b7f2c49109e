import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderProblemError } from '../../../activities/orders/failures';
import { importWebOrder } from '../../../activities/orders/import-quote';
import { OrderPriceIndex } from '../../../activities/orders/price-index';
import { readExportedInvoicePdf } from '../../../activities/orders/sage-invoice';
import { cancelQuote } from '../../../activities/orders/sage-quote-cancel';
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
    account = customers.items.find((c) => !c.sleeping && /^CL\d+$/.test(c.account))!.account;
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

  const webOrder = (lines: { sku: string; quantity: string; unitPrice: string }[]): WebOrder => {
    sequence += 1;
    return {
      orderId: sequence,
      number: String(sequence),
      status: 'processing',
      date: '2026-03-02',
      customerId: 9,
      sageAccount: account,
      homeDepot: 2,
      lines: lines.map((l, i) => ({ lineId: i + 1, name: l.sku, ...l })),
      recorded: {},
    };
  };
  const problemOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'no problem',
      (err: unknown) => (err instanceof OrderProblemError ? err.problem.type : String(err)),
    );

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
