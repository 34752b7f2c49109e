import assert from 'node:assert/strict';
import { loadPriceData } from '../../../activities/price-sync/load-price-data';
import { readArticlesByReference } from '../../../activities/sage/articles';
import { readArticlePricesChangedSince } from '../../../activities/sage/prices';
import { readDatesReached } from '../../../activities/sage/scheduled-prices';
import { buildPriceIndex, evaluatePrice } from '../../../shared/price-engine';
import { normaliseKey } from '../../../shared/sage/references';
import { DEMO_SCHEDULE_FUTURE, DEMO_SCHEDULE_PAST } from '../../../sandbox/sage/generator';
import { createTestCompany, type TestCompany } from './company';

const BEFORE = '2026-12-09';
const ON = '2026-12-10';
const AFTER = '2026-12-11';

/**
 * Scheduled prices through the real readers on the embedded Sage schema: the columns are read,
 * carried to the engine and priced from their day on.
 */
describe('scheduled prices read from Sage (embedded engine)', function () {
  let company: TestCompany;
  let article: string;
  let categoryArticle: string;
  let exception: { article: string; account: string };
  let categoryCustomer: string;
  let plainCustomer: string;

  before(async () => {
    company = createTestCompany('tiny', 7);
    const db = company.db;
    const rows = await db.selectFrom('F_ARTCLIENT').selectAll().orderBy('cbMarq').execute();
    const customers = await db
      .selectFrom('F_COMPTET')
      .selectAll()
      .where('CT_Type', '=', 0)
      .execute();
    // A customer of category 2 on its own conditions (no central, no rows, no discounts), and
    // no family discount for category 2: the prices below are the rows' own.
    await db.deleteFrom('F_FAMTARIF').where('FT_Categorie', '=', 2).execute();
    const familyRows = await db.selectFrom('F_FAMCLIENT').select('CT_Num').execute();
    const ownRows = new Set([...rows, ...familyRows].map((r) => normaliseKey(r.CT_Num)));
    const plain = customers.filter(
      (c) =>
        normaliseKey(c.CT_NumCentrale) === '' &&
        !ownRows.has(normaliseKey(c.CT_Num)) &&
        String(c.CT_Taux01) === '0',
    );
    categoryCustomer = normaliseKey(plain.find((c) => c.N_CatTarif === 2)!.CT_Num);
    plainCustomer = categoryCustomer;
    const articles = await db
      .selectFrom('F_ARTICLE')
      .selectAll()
      .where('AR_Sommeil', '=', 0)
      .where('AR_DateApplication', 'is', null)
      .orderBy('cbMarq')
      .execute();
    // An article the category customer pays at its base price: no category-2 row.
    const withCategoryRow = new Set(
      rows.filter((r) => r.AC_Categorie === 2).map((r) => normaliseKey(r.AR_Ref)),
    );
    article = normaliseKey(
      articles.find((a) => !withCategoryRow.has(normaliseKey(a.AR_Ref)))!.AR_Ref,
    );
    const category = rows.find(
      (r) => r.AC_Categorie === 2 && r.AC_QteMont === 0 && r.AC_DateApplication === null,
    )!;
    categoryArticle = normaliseKey(category.AR_Ref);
    const exceptionRow = rows.find((r) => r.AC_Categorie === 0 && r.AC_DateApplication === null)!;
    exception = {
      article: normaliseKey(exceptionRow.AR_Ref),
      account: normaliseKey(exceptionRow.CT_Num),
    };

    await db
      .updateTable('F_ARTICLE')
      .set({
        AR_PrixVen: '100',
        AR_PrixTTC: 0,
        AR_PrixVenNouv: '110',
        AR_DateApplication: `${ON}T00:00:00.000`,
      })
      .where('AR_Ref', '=', article)
      .execute();
    await db
      .updateTable('F_ARTCLIENT')
      .set({
        AC_PrixVen: '90',
        AC_Remise: '0',
        AC_TypeRem: 0,
        AC_PrixVenNouv: '80',
        AC_CoefNouv: '0',
        AC_RemiseNouv: '10',
        AC_DateApplication: `${ON}T00:00:00.000`,
      })
      .where('cbMarq', '=', category.cbMarq)
      .execute();
    await db
      .updateTable('F_ARTCLIENT')
      .set({
        AC_PrixVen: '50',
        AC_Remise: '0',
        AC_TypeRem: 0,
        AC_QteMont: 0,
        AC_PrixVenNouv: '45',
        AC_CoefNouv: '0',
        AC_RemiseNouv: '0',
        AC_DateApplication: `${ON}T00:00:00.000`,
      })
      .where('cbMarq', '=', exceptionRow.cbMarq)
      .execute();
  });
  after(() => company.dispose());

  it('the readers give the scheduled values and their day', async () => {
    const { items } = await readArticlesByReference(company.db, [article]);
    assert.deepEqual(items[0].scheduledPrice, { day: ON, salePrice: '110' });
    const { items: prices } = await readArticlePricesChangedSince(company.db, { limit: 10_000 });
    const category = prices.find((p) => p.articleReference === categoryArticle && p.category === 2);
    assert.deepEqual(category?.scheduled, {
      day: ON,
      price: '80',
      coefficient: '0',
      discountRate: '10',
    });
    // Rows without a date schedule nothing.
    assert.ok(prices.some((p) => p.scheduled === null));
  });

  it('the demo company holds one past and one future scheduled base price', async () => {
    const rows = await company.db
      .selectFrom('F_ARTICLE')
      .select(['AR_Ref', 'AR_DateApplication'])
      .where('AR_DateApplication', 'is not', null)
      .where('AR_Ref', '!=', article)
      .execute();
    assert.deepEqual(rows.map((r) => r.AR_DateApplication).sort(), [
      DEMO_SCHEDULE_PAST,
      DEMO_SCHEDULE_FUTURE,
    ]);
  });

  it('priced the day before, the day of and the day after', async () => {
    const index = buildPriceIndex(await loadPriceData(company.db));
    const price = (customer: string, reference: string, date: string) =>
      evaluatePrice(index, { customer, article: reference, quantity: 1, date }).netPrice;
    const cases = [
      {
        what: 'article base price',
        customer: plainCustomer,
        reference: article,
        prices: ['100', '110', '110'],
      },
      {
        what: 'category row (price and discount)',
        customer: categoryCustomer,
        reference: categoryArticle,
        prices: ['90', '72', '72'],
      },
    ];
    for (const c of cases) {
      assert.deepEqual(
        [BEFORE, ON, AFTER].map((day) => price(c.customer, c.reference, day)),
        c.prices,
        c.what,
      );
    }
    // The exception row's customer: its own price is the gross (its discounts apply to both).
    const gross = (date: string) =>
      evaluatePrice(index, {
        customer: exception.account,
        article: exception.article,
        quantity: 1,
        date,
      });
    assert.deepEqual(
      [BEFORE, ON, AFTER].map((day) => [gross(day).rule, gross(day).grossPrice]),
      [
        ['customer-price', '50'],
        ['customer-price', '45'],
        ['customer-price', '45'],
      ],
    );
  });

  it('the rows whose day was reached since a day, up to another', async () => {
    const reached = (after: string, upTo: string) => readDatesReached(company.db, after, upTo);
    const none = await reached(ON, AFTER);
    assert.deepEqual(none, { articles: [], articlePrices: [] });
    const all = await reached(BEFORE, ON);
    assert.deepEqual(all.articles, [article]);
    assert.deepEqual(
      all.articlePrices.sort((a, b) => (a.customerAccount < b.customerAccount ? -1 : 1)),
      [
        { articleReference: categoryArticle, customerAccount: '' },
        { articleReference: exception.article, customerAccount: exception.account },
      ],
    );
    // Several days at once (a run missed): the demo's past schedule is in (2025-12-31, ON].
    const wide = await reached('2025-12-31', ON);
    assert.ok(wide.articles.length >= 2);
    // The future demo schedule is not due yet.
    assert.equal((await reached(ON, '2029-12-31')).articles.length, 0);
  });
});
