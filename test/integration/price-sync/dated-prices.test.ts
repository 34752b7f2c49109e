import assert from 'node:assert/strict';
import Big from 'big.js';
import { priceParity } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { buildPriceIndex } from '../../../shared/price-engine';
import {
  priceCategoriesOf,
  productPricing,
  withCategoryCustomers,
} from '../../../shared/price-sync/projection';
import { normaliseKey } from '../../../shared/sage/references';
import type { SageDb } from '../../../activities/sage/db';
import { loadPriceData } from '../../../activities/price-sync/load-price-data';
import type { ConnectorUnderTest } from '../../helpers/connector';
import { writeRequests } from '../catalog/helpers';
import { startPricesUnderTest, type PricesUnderTest } from './harness';

const BEFORE = '2026-12-09';
const ON = '2026-12-10';

type Meta = { key: string; value: unknown }[];
const metaOf = (meta: Meta, key: string) => meta.find((m) => m.key === key)?.value;
const plus = (value: unknown, delta: string) => new Big(String(value)).plus(delta).toString();

/**
 * Scheduled Sage prices reach the shop on their day without anyone touching Sage (small demo
 * company, shop sandbox, real Temporal; the price sync's clock is `prices.today`): a full run
 * the day before pushes the old prices, the incremental run of the day pushes the new ones —
 * exactly the entities whose price moved — and parity then finds no mismatch.
 */
describe('scheduled prices reach the shop on their day', function () {
  this.timeout(180_000);
  let prices: PricesUnderTest;
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  let serial = 0;
  const scheduled = { article: '', categoryArticle: '', exceptionArticle: '', account: '' };

  const product = (sku: string) => connector.shop.store.all('product').find((p) => p.sku === sku);
  const customerMeta = (account: string) =>
    connector.shop.store
      .all('customer')
      .find((c) => metaOf(c.meta_data, 'sage_account') === account)?.meta_data ?? [];
  /** What a full run's projection writes on the article's product on `day` (`sage_prices`). */
  const expectedPrices = async (reference: string, day: string) => {
    const data = await loadPriceData(sage, connector.config.sage.freeFields);
    const categories = priceCategoriesOf(data);
    const index = buildPriceIndex(
      withCategoryCustomers(data, categories),
      connector.config.pricing,
    );
    const familyCode = data.articles.find((a) => a.reference === reference)!.familyCode;
    return productPricing(index, { reference, familyCode }, categories, day).prices;
  };
  /** Every entity's price meta (`product <sku>`, `customer <account>`), as JSON. */
  const shopPriceMeta = () => {
    const out = new Map<string, string>();
    for (const p of connector.shop.store.all('product')) {
      if (p.sku) out.set(`product ${p.sku}`, JSON.stringify(metaOf(p.meta_data, 'sage_prices')));
    }
    for (const c of connector.shop.store.all('customer')) {
      const account = metaOf(c.meta_data, 'sage_account');
      if (typeof account === 'string') {
        out.set(`customer ${account}`, JSON.stringify(metaOf(c.meta_data, 'sage_customer_prices')));
      }
    }
    return out;
  };
  const runParity = () =>
    connector.temporal.client.workflow.execute(priceParity, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-dated-parity-${Date.now()}-${(serial += 1)}`,
      args: [{ customers: 100_000, articles: 100_000 }],
    });

  before(async () => {
    prices = await startPricesUnderTest({ changeOverlap: '0s', today: BEFORE });
    ({ connector, sage } = prices);
    const linked = new Set(
      connector.shop.store
        .all('product')
        .map((p) => p.sku)
        .filter((sku): sku is string => typeof sku === 'string' && sku !== ''),
    );
    const accounts = new Set(
      connector.shop.store
        .all('customer')
        .map((c) => metaOf(c.meta_data, 'sage_account'))
        .filter((a): a is string => typeof a === 'string'),
    );
    const rows = await sage.selectFrom('F_ARTCLIENT').selectAll().orderBy('cbMarq').execute();
    const withRows = new Set(rows.map((r) => normaliseKey(r.AR_Ref)));
    const unscheduled = (r: { AC_DateApplication: unknown }) => r.AC_DateApplication === null;
    const article = (
      await sage
        .selectFrom('F_ARTICLE')
        .selectAll()
        .where('AR_Sommeil', '=', 0)
        .orderBy('cbMarq')
        .execute()
    ).find(
      (a) =>
        linked.has(normaliseKey(a.AR_Ref)) &&
        !withRows.has(normaliseKey(a.AR_Ref)) &&
        a.AR_DateApplication === null &&
        new Big(String(a.AR_PrixVen)).gt(1),
    )!;
    const category = rows.find(
      (r) =>
        r.AC_Categorie === 2 &&
        r.AC_QteMont === 0 &&
        unscheduled(r) &&
        linked.has(normaliseKey(r.AR_Ref)) &&
        new Big(String(r.AC_PrixVen)).gt(2),
    )!;
    const exception = rows.find(
      (r) =>
        r.AC_Categorie === 0 &&
        r.AC_QteMont === 0 &&
        unscheduled(r) &&
        accounts.has(normaliseKey(r.CT_Num)) &&
        linked.has(normaliseKey(r.AR_Ref)) &&
        normaliseKey(r.AR_Ref) !== normaliseKey(category.AR_Ref) &&
        new Big(String(r.AC_PrixVen)).gt(2),
    )!;
    assert.ok(article && category && exception, 'linked rows to schedule');
    Object.assign(scheduled, {
      article: normaliseKey(article.AR_Ref),
      categoryArticle: normaliseKey(category.AR_Ref),
      exceptionArticle: normaliseKey(exception.AR_Ref),
      account: normaliseKey(exception.CT_Num),
    });
    // Scheduled in Sage before any price sync: on the day, no row changes.
    const day = `${ON}T00:00:00.000`;
    await sage
      .updateTable('F_ARTICLE')
      .set({ AR_PrixVenNouv: plus(article.AR_PrixVen, '7'), AR_DateApplication: day })
      .where('cbMarq', '=', article.cbMarq)
      .execute();
    await sage
      .updateTable('F_ARTCLIENT')
      .set({
        AC_PrixVenNouv: plus(category.AC_PrixVen, '-1'),
        AC_CoefNouv: String(category.AC_Coef),
        AC_RemiseNouv: '0',
        AC_DateApplication: day,
      })
      .where('cbMarq', '=', category.cbMarq)
      .execute();
    await sage
      .updateTable('F_ARTCLIENT')
      .set({
        AC_PrixVenNouv: plus(exception.AC_PrixVen, '-0.5'),
        AC_CoefNouv: String(exception.AC_Coef),
        AC_RemiseNouv: String(exception.AC_Remise),
        AC_DateApplication: day,
      })
      .where('cbMarq', '=', exception.cbMarq)
      .execute();
  });
  after(async () => {
    await prices?.stop();
  });

  it('the day before, the price sync pushes the current prices', async () => {
    const full = await prices.runPriceSync({ mode: 'full' });
    assert.equal(full.state, 'done');
    assert.equal(full.totals.failed, 0);
    for (const sku of [scheduled.article, scheduled.categoryArticle]) {
      const held = metaOf(product(sku)!.meta_data, 'sage_prices');
      assert.deepEqual(held, await expectedPrices(sku, BEFORE), sku);
      assert.notDeepEqual(held, await expectedPrices(sku, ON), `${sku} moves on the day`);
    }
    const parity = await runParity();
    assert.equal(parity.date, BEFORE);
    assert.equal(parity.mismatchCount, 0, JSON.stringify(parity.mismatches.slice(0, 3)));

    // Later that day: nothing changed, nothing due.
    const idle = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(idle.mode, 'incremental');
    assert.equal(idle.incremental?.changedRows, 0);
  });

  it('on the day, the hourly incremental run pushes the new ones, and only what moved', async () => {
    const before = {
      article: metaOf(product(scheduled.article)!.meta_data, 'sage_prices'),
      category: metaOf(product(scheduled.categoryArticle)!.meta_data, 'sage_prices'),
      customer: metaOf(customerMeta(scheduled.account), 'sage_customer_prices') as
        Record<string, string> | undefined,
    };
    const held = shopPriceMeta();
    connector.config.prices.today = ON;
    connector.shop.resetCounters();
    const run = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(run.state, 'done');
    assert.equal(run.mode, 'incremental');
    // No Sage row changed: the three rows whose day was reached.
    assert.equal(run.incremental?.changedRows, 3);
    assert.equal(run.totals.failed, 0);
    assert.equal(run.totals.writeRequests, writeRequests(connector.shop));
    // Written: exactly the entities whose price meta moved, the three scheduled ones among them.
    const after = shopPriceMeta();
    const moved = [...after.keys()].filter((key) => after.get(key) !== held.get(key)).sort();
    assert.equal(run.totals.pushed, moved.length);
    for (const key of [
      `product ${scheduled.article}`,
      `product ${scheduled.categoryArticle}`,
      `customer ${scheduled.account}`,
    ]) {
      assert.ok(moved.includes(key), `${key} in ${moved.join(', ')}`);
    }

    const articlePrices = metaOf(product(scheduled.article)!.meta_data, 'sage_prices');
    assert.deepEqual(articlePrices, await expectedPrices(scheduled.article, ON));
    assert.notDeepEqual(articlePrices, before.article);
    const categoryPrices = metaOf(product(scheduled.categoryArticle)!.meta_data, 'sage_prices') as
      Record<string, string> | undefined;
    assert.deepEqual(categoryPrices, await expectedPrices(scheduled.categoryArticle, ON));
    assert.notEqual(categoryPrices?.['2'], (before.category as Record<string, string>)['2']);
    const customerPrices = metaOf(customerMeta(scheduled.account), 'sage_customer_prices') as
      Record<string, string> | undefined;
    assert.notEqual(
      customerPrices?.[scheduled.exceptionArticle],
      before.customer?.[scheduled.exceptionArticle],
      'the exception price moved for its customer',
    );

    const parity = await runParity();
    assert.equal(parity.date, ON);
    assert.equal(parity.mismatchCount, 0, JSON.stringify(parity.mismatches.slice(0, 3)));

    // The next hourly run: the day is past, nothing more to do.
    connector.shop.resetCounters();
    const idle = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(idle.incremental?.changedRows, 0);
    assert.equal(writeRequests(connector.shop), 0);

    // And the shop holds what a full run of the day writes: a forced run changes nothing.
    connector.shop.resetCounters();
    const full = await prices.runPriceSync({ mode: 'full', force: true });
    assert.equal(full.state, 'done');
    const again = {
      article: metaOf(product(scheduled.article)!.meta_data, 'sage_prices'),
      customer: metaOf(customerMeta(scheduled.account), 'sage_customer_prices'),
    };
    assert.deepEqual(again, { article: articlePrices, customer: customerPrices });
    console.log(
      `      on ${ON}: 3 scheduled rows due → ${run.totals.pushed} entities written ` +
        `(${run.incremental?.products} products, ${run.incremental?.customers} customers projected)`,
    );
  });
});
