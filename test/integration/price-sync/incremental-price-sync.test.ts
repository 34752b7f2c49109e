import assert from 'node:assert/strict';
import Big from 'big.js';
import { normaliseKey } from '../../../shared/sage/references';
import type { ConnectorUnderTest } from '../../helpers/connector';
import type { SageDb } from '../../../activities/sage/db';
import { writeRequests } from '../catalog/helpers';
import { startPricesUnderTest, type PricesUnderTest } from './harness';

const PRODUCT_KEYS = ['sage_prices', 'sage_price_rules'];
const CUSTOMER_KEYS = [
  'sage_price_category',
  'sage_family_discounts',
  'sage_customer_discount',
  'sage_customer_prices',
];

/** The price meta the shop holds, by entity (`product <sku>`, `customer <account>`). */
function shopPriceMeta(connector: ConnectorUnderTest): Map<string, string> {
  const held = new Map<string, string>();
  const pick = (meta: { key: string; value: unknown }[], keys: string[]) =>
    JSON.stringify(keys.map((key) => meta.find((m) => m.key === key)?.value ?? null));
  for (const product of connector.shop.store.all('product')) {
    if (product.sku) held.set(`product ${product.sku}`, pick(product.meta_data, PRODUCT_KEYS));
  }
  for (const customer of connector.shop.store.all('customer')) {
    const account = customer.meta_data.find((m) => m.key === 'sage_account')?.value;
    if (typeof account === 'string') {
      held.set(`customer ${account}`, pick(customer.meta_data, CUSTOMER_KEYS));
    }
  }
  return held;
}

/** Entities whose price meta differs between two states of the shop. */
function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

const plus = (value: unknown, delta: string) => new Big(String(value)).plus(delta).toString();

/**
 * Incremental price sync end to end (small demo company, shop sandbox, real Temporal): after a
 * full run, price rows of different kinds change in Sage; an incremental run projects again and
 * writes exactly the entities they touch, and the shop then holds what a full run gives.
 */
describe('incremental price sync (small company)', function () {
  this.timeout(180_000);
  let prices: PricesUnderTest;
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  const linkedAccounts = () =>
    [...shopPriceMeta(connector).keys()]
      .filter((k) => k.startsWith('customer '))
      .map((k) => k.slice(9));
  const linkedSkus = () =>
    new Set(
      [...shopPriceMeta(connector).keys()]
        .filter((k) => k.startsWith('product '))
        .map((k) => k.slice(8)),
    );

  before(async () => {
    // No overlap: the embedded engine's cbModification has milliseconds, reads resume exactly.
    prices = await startPricesUnderTest({ changeOverlap: '0s' });
    ({ connector, sage } = prices);
  });
  after(async () => {
    await prices?.stop();
  });

  /**
   * The state a full run gives from Sage as it is now, compared with the shop's: forgets the
   * hashes and writes everything again (`force`), then compares every entity's price meta.
   */
  async function assertShopEqualsFullRun(afterIncremental: Map<string, string>): Promise<void> {
    const full = await prices.runPriceSync({ mode: 'full', force: true });
    assert.equal(full.state, 'done');
    assert.equal(full.totals.failed, 0);
    assert.deepEqual(differing(afterIncremental, shopPriceMeta(connector)), []);
  }

  it('with no watermark yet, an incremental run is a full one and leaves the watermark', async () => {
    const first = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(first.state, 'done');
    assert.equal(first.mode, 'full');
    assert.equal(first.fullRunReason, 'no price watermark yet');
    assert.ok(first.totals.pushed > 0);

    // Nothing changed: only the changed-rows queries ran, nothing read in the shop or written.
    connector.shop.resetCounters();
    const idle = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(idle.mode, 'incremental');
    assert.deepEqual(idle.incremental, {
      changedRows: 0,
      products: 0,
      customers: 0,
      customersWhole: 0,
      priceDataRead: false,
      articlesRead: 0,
    });
    assert.equal(idle.totals.pushed, 0);
    assert.deepEqual(connector.shop.counters(), {});
    assert.equal(writeRequests(connector.shop), 0);
  });

  it("a customer's discount, family discount and exception price: only those customers", async () => {
    const before = shopPriceMeta(connector);
    const accounts = new Set(linkedAccounts());
    const skus = linkedSkus();
    const customers = await sage
      .selectFrom('F_COMPTET')
      .select(['cbMarq', 'CT_Num', 'CT_Taux01', 'CT_NumCentrale'])
      .where('CT_Type', '=', 0)
      .orderBy('CT_Num')
      .execute();
    // An account's rows and conditions also price its members (when it is a central).
    const concerned = (account: string) =>
      [
        account,
        ...customers
          .filter((c) => normaliseKey(c.CT_NumCentrale) === account)
          .map((c) => normaliseKey(c.CT_Num)),
      ].filter((a) => accounts.has(a));
    const family = (await sage.selectFrom('F_FAMCLIENT').selectAll().execute()).find((r) =>
      accounts.has(normaliseKey(r.CT_Num)),
    );
    const familyAccounts = concerned(normaliseKey(family?.CT_Num ?? ''));
    const exception = (
      await sage.selectFrom('F_ARTCLIENT').selectAll().where('AC_Categorie', '=', 0).execute()
    ).find(
      (r) =>
        skus.has(normaliseKey(r.AR_Ref)) &&
        new Big(String(r.AC_PrixVen)).gt(1) &&
        concerned(normaliseKey(r.CT_Num)).length > 0 &&
        !concerned(normaliseKey(r.CT_Num)).some((a) => familyAccounts.includes(a)),
    );
    assert.ok(family && exception, 'a family discount and an exception price of linked accounts');
    const exceptionAccounts = concerned(normaliseKey(exception.CT_Num));
    const discounted = customers.find((c) => {
      const group = concerned(normaliseKey(c.CT_Num));
      return (
        normaliseKey(c.CT_NumCentrale) === '' &&
        group.length === 1 &&
        !familyAccounts.includes(group[0]) &&
        !exceptionAccounts.includes(group[0])
      );
    })!;
    assert.ok(discounted, 'an account of its own');
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_Taux01: plus(discounted.CT_Taux01, '3') })
      .where('cbMarq', '=', discounted.cbMarq)
      .execute();
    await sage
      .updateTable('F_FAMCLIENT')
      .set({ FC_Remise: plus(family.FC_Remise, '2') })
      .where('cbMarq', '=', family.cbMarq)
      .execute();
    await sage
      .updateTable('F_ARTCLIENT')
      .set({ AC_PrixVen: plus(exception.AC_PrixVen, '-0.5') })
      .where('cbMarq', '=', exception.cbMarq)
      .execute();

    connector.shop.resetCounters();
    const run = await prices.runPriceSync({ mode: 'incremental' });
    const after = shopPriceMeta(connector);
    const expected = [normaliseKey(discounted.CT_Num), ...familyAccounts, ...exceptionAccounts]
      .map((a) => `customer ${a}`)
      .sort();
    assert.equal(run.mode, 'incremental');
    const { articlesRead, ...counts } = run.incremental ?? { articlesRead: 'none' };
    // Only the price rows of the articles those customers need: the exception article, and for
    // the customers with new conditions their exception articles and those without a rule.
    const articleCount = (await sage.selectFrom('F_ARTICLE').select('AR_Ref').execute()).length;
    assert.ok(typeof articlesRead === 'number' && articlesRead > 0, String(articlesRead));
    assert.ok(articlesRead < articleCount / 2, `${articlesRead} of ${articleCount} articles read`);
    assert.deepEqual(counts, {
      changedRows: 3,
      products: 0,
      customers: expected.length,
      // The discount and the family discount are conditions; the exception price one article.
      customersWhole: 1 + familyAccounts.length,
      priceDataRead: true,
    });
    assert.deepEqual(differing(before, after), expected);
    assert.equal(run.totals.pushed, expected.length);
    assert.equal(run.totals.writeRequests, writeRequests(connector.shop));
    assert.equal(writeRequests(connector.shop), 1, 'one customers batch');
    console.log(
      `      incremental: 3 rows → ${expected.join(', ')} written ` +
        `(price rows of ${articlesRead} of ${articleCount} articles read)`,
    );
    await assertShopEqualsFullRun(after);
  });

  it("an article's price and a family's category discount: those articles, the customers concerned", async () => {
    // The full run of the previous test left its watermark: start from the shop as it is.
    const before = shopPriceMeta(connector);
    const skus = linkedSkus();
    const article = (
      await sage
        .selectFrom('F_ARTICLE')
        .select(['cbMarq', 'AR_Ref', 'AR_PrixVen', 'FA_CodeFamille'])
        .orderBy('AR_Ref')
        .execute()
    ).find((a) => skus.has(normaliseKey(a.AR_Ref)) && new Big(String(a.AR_PrixVen)).gt(0))!;
    const allArticles = await sage
      .selectFrom('F_ARTICLE')
      .select(['AR_Ref', 'FA_CodeFamille'])
      .execute();
    const linkedOf = (family: string) =>
      allArticles.filter(
        (a) => normaliseKey(a.FA_CodeFamille) === family && skus.has(normaliseKey(a.AR_Ref)),
      ).length;
    const familyRow = (
      await sage.selectFrom('F_FAMTARIF').selectAll().orderBy('cbMarq').execute()
    ).find((f) => {
      const family = normaliseKey(f.FA_CodeFamille);
      return family !== normaliseKey(article.FA_CodeFamille) && linkedOf(family) > 0;
    });
    assert.ok(article && familyRow, 'a linked article and a family of other linked articles');
    const linkedMembers = linkedOf(normaliseKey(familyRow.FA_CodeFamille));
    await sage
      .updateTable('F_ARTICLE')
      .set({ AR_PrixVen: plus(article.AR_PrixVen, '1.3') })
      .where('cbMarq', '=', article.cbMarq)
      .execute();
    await sage
      .updateTable('F_FAMTARIF')
      .set({ FT_Remise: plus(familyRow.FT_Remise, '1.5') })
      .where('cbMarq', '=', familyRow.cbMarq)
      .execute();

    connector.shop.resetCounters();
    const run = await prices.runPriceSync({ mode: 'incremental' });
    const after = shopPriceMeta(connector);
    assert.equal(run.mode, 'incremental');
    assert.equal(run.incremental?.changedRows, 2);
    assert.equal(run.incremental?.products, 1 + linkedMembers);
    // A changed article is evaluated again only for the customers it may give a specific price
    // (no price rule for their category, an exception row, or one held): not every customer.
    assert.ok((run.incremental?.customers ?? 0) < linkedAccounts().length);
    assert.equal(run.incremental?.customersWhole, 0);
    // The price rows read: the changed article's and those of its family's articles, no other.
    const familyArticles = allArticles.filter(
      (a) => normaliseKey(a.FA_CodeFamille) === normaliseKey(familyRow.FA_CodeFamille),
    ).length;
    assert.equal(run.incremental?.articlesRead, 1 + familyArticles);
    const changed = differing(before, after);
    assert.ok(changed.includes(`product ${normaliseKey(article.AR_Ref)}`), changed.join(', '));
    assert.equal(run.totals.pushed, changed.length, 'exactly the entities whose meta moved');
    assert.equal(run.totals.writeRequests, writeRequests(connector.shop));
    console.log(
      `      incremental: ${run.incremental?.changedRows} rows → ${run.incremental?.products} ` +
        `products, ${run.incremental?.customers} customers projected, ${run.totals.pushed} written`,
    );
    await assertShopEqualsFullRun(after);

    // And again nothing: the watermark moved past the changes.
    connector.shop.resetCounters();
    const idle = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(idle.incremental?.changedRows, 0);
    assert.equal(writeRequests(connector.shop), 0);
  });
});
