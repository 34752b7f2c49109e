import assert from 'node:assert/strict';
import Big from 'big.js';
import { OrderPriceIndex } from '../../../activities/orders/order-price-index';
import { buildPriceSnapshot } from '../../../activities/price-sync/price-snapshot';
import { readDocument } from '../../../activities/sage/documents';
import { createSqlSageWriter } from '../../../activities/sage/writer';
import { parseConfig } from '../../../shared/config';
import { evaluatePrice } from '../../../shared/price-engine';
import { impliedShopPriceOnly } from '../../../shared/price-sync/implied-price';
import { DocumentType } from '../../../shared/sage/documents';
import { DEMO_OVERSEAS_CUSTOMER } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, type TestCompany } from './company';

/**
 * A tax-inclusive article price (AR_PrixTTC = 1, one article of the demo company) through the
 * Sage readers: brought back to excl. tax with the VAT of the customer's accounting category
 * (docs/price-rules.md, "2. Gross price"). The overseas customer (0 %) pays the tax-inclusive
 * amount excl. tax, a French customer of the same price category (20 %) that amount / 1.2; the
 * shop's meta give both the engine's price, and a quote line at that price carries the right
 * VAT.
 */
describe('tax-inclusive prices by accounting category (embedded engine)', function () {
  this.timeout(120_000);
  const DAY = '2026-03-02';
  const overseas = DEMO_OVERSEAS_CUSTOMER.account;
  let company: TestCompany;
  let article: { reference: string; taxInclusivePrice: string };
  let french: string;
  /** The family-category discount of the article's family for price category 1 (%), or 0. */
  let familyRate = '0';

  before(async () => {
    company = createTestCompany('small', 42);
    const rows = await company.db
      .selectFrom('F_ARTICLE')
      .select(['AR_Ref', 'AR_PrixVen'])
      .where('AR_PrixTTC', '=', 1)
      .execute();
    assert.equal(rows.length, 1, 'the demo company has one tax-inclusive article');
    article = { reference: rows[0].AR_Ref.trim(), taxInclusivePrice: String(rows[0].AR_PrixVen) };
    // A French customer of the overseas customer's price category, on its own conditions.
    const customer = await company.db
      .selectFrom('F_COMPTET as c')
      .select('c.CT_Num')
      .where('c.CT_Type', '=', 0)
      .where('c.N_CatCompta', '=', 1)
      .where('c.N_CatTarif', '=', 1)
      .where('c.CT_Sommeil', '=', 0)
      .where('c.CT_NumCentrale', '=', '')
      .where('c.CT_Taux01', '=', '0')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('F_FAMCLIENT as f')
              .select('f.cbMarq')
              .whereRef('f.CT_Num', '=', 'c.CT_Num'),
          ),
        ),
      )
      .orderBy('c.CT_Num')
      .executeTakeFirstOrThrow();
    french = customer.CT_Num.trim();
    const family = await company.db
      .selectFrom('F_FAMTARIF as t')
      .innerJoin('F_ARTICLE as a', 'a.FA_CodeFamille', 't.FA_CodeFamille')
      .select('t.FT_Remise')
      .where('a.AR_Ref', '=', article.reference)
      .where('t.FT_Categorie', '=', 1)
      .executeTakeFirst();
    if (family !== undefined) familyRate = String(family.FT_Remise);
  });
  after(() => company?.dispose());

  const config = () =>
    parseConfig({ sage: { kind: 'embedded', embedded: { path: company.path } } });

  it('prices the article at TTC for the 0 % customer and TTC / 1.2 for the 20 % one', async () => {
    const snapshot = await buildPriceSnapshot(config(), company.db, 'ttc', DAY);
    const priced = (customer: string) =>
      evaluatePrice(snapshot.index, {
        customer,
        article: article.reference,
        quantity: 1,
        date: DAY,
      });
    const dom = priced(overseas);
    const metro = priced(french);
    const ttc = new Big(article.taxInclusivePrice);
    assert.equal(dom.rule, 'article-base');
    assert.equal(dom.grossPrice, ttc.toFixed());
    assert.equal(metro.grossPrice, ttc.div('1.2').round(2, Big.roundHalfUp).toFixed());
    // Same conditions (price category 1, no customer discount): the same discounts apply.
    assert.deepEqual(dom.appliedDiscounts, metro.appliedDiscounts);
    const factor = dom.appliedDiscounts.reduce(
      (f, d) => ('rate' in d ? f.times(new Big(100).minus(d.rate).div(100)) : f),
      new Big(1),
    );
    assert.equal(dom.netPrice, ttc.times(factor).round(2, Big.roundHalfUp).toFixed());

    // The shop: the product's rule holds at the article's own rate (20 %): the French customer
    // needs no specific price, the overseas one gets the engine's price as its own.
    const product = snapshot.products.get(article.reference);
    assert.ok(product);
    for (const [account, engine] of [
      [overseas, dom.netPrice],
      [french, metro.netPrice],
    ] as const) {
      const customer = snapshot.data.customers.find((c) => c.account === account);
      assert.ok(customer);
      const payload = snapshot.customers.pricing(customer);
      assert.equal(
        impliedShopPriceOnly(product, payload, snapshot.formula),
        engine,
        `shop price of ${account}`,
      );
      assert.equal(
        payload.customerPrices[article.reference],
        account === overseas ? engine : undefined,
      );
    }
  });

  it('a quote line for each customer at the expected net price, with its own VAT', async () => {
    const prices = new OrderPriceIndex(config(), () => Promise.resolve(company.db));
    const writer = createSqlSageWriter(company.db);
    const lines: Record<string, { unitPrice: string; vatRate: string; unitInclTax: string }> = {};
    for (const customer of [overseas, french]) {
      const expected = (await prices.expectedPrices(customer, DAY))({
        article: article.reference,
        quantity: '1',
      });
      assert.ok(expected !== undefined);
      const created = await writer.createQuote({
        webOrderNumber: `WEB-TTC-${customer}`,
        customerAccount: customer,
        date: DAY,
        depotNo: 1,
        lines: [
          { articleReference: article.reference, quantity: '1', unitPrice: expected, depotNo: 1 },
        ],
      });
      const quote = await readDocument(company.db, created.quotePiece, [DocumentType.Quote]);
      assert.ok(quote);
      const row = await company.db
        .selectFrom('F_DOCLIGNE')
        .select(['DL_PrixUnitaire', 'DL_PUTTC', 'DL_Taxe1'])
        .where('DO_Piece', '=', created.quotePiece)
        .executeTakeFirstOrThrow();
      lines[customer] = {
        unitPrice: new Big(String(row.DL_PrixUnitaire)).toFixed(),
        vatRate: quote.lines[0].vatRate,
        unitInclTax: new Big(String(row.DL_PUTTC)).round(2, Big.roundHalfUp).toFixed(),
      };
    }
    // The demo's category 1 has the article's family discount: the same rate for both.
    const ttc = new Big(article.taxInclusivePrice);
    const factor = new Big(100).minus(familyRate).div(100);
    const round = (value: Big) => value.round(2, Big.roundHalfUp).toFixed();
    assert.deepEqual(lines[overseas], {
      unitPrice: round(ttc.times(factor)),
      vatRate: '0',
      unitInclTax: round(ttc.times(factor)),
    });
    assert.equal(lines[french].unitPrice, round(ttc.div('1.2').round(2).times(factor)));
    assert.equal(lines[french].vatRate, '20');
    // Incl. tax, the French line comes back to the tax-inclusive price (to the cent).
    assert.ok(new Big(lines[french].unitInclTax).minus(ttc.times(factor)).abs().lte('0.01'));
  });
});
