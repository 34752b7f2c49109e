import assert from 'node:assert/strict';
import { priceParity } from '../../../workflows';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { buildPriceIndex, evaluatePrice } from '../../../shared/price-engine';
import { impliedShopPriceOnly } from '../../../shared/price-sync/implied-price';
import {
  customerPricingFromMeta,
  productPricingFromMeta,
} from '../../../shared/price-sync/payload';
import { loadPriceData } from '../../../activities/price-sync/load-price-data';
import { withWriteTransaction } from '../../../activities/sage/transaction';
import type { SageDb } from '../../../activities/sage/db';
import type { ConnectorUnderTest } from '../../helpers/connector';
import { startPricesUnderTest, type PricesUnderTest } from './harness';

/**
 * Quantity grids reach the shop: a category grid by quantity and a customer's grid by amount
 * are added in the embedded Sage company; the price sync writes the product tiers and the
 * customer's tiers into the sandbox shop, the formula on that meta gives the engine's price at
 * every quantity checked, and parity (which compares at the tier bounds too) finds nothing.
 */
describe('price sync: quantity tiers (small company)', function () {
  this.timeout(180_000);
  let prices: PricesUnderTest;
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  let gridArticle: string;
  let gridCustomer: string;
  let customerArticle: string;

  const metaOf = (doc: { meta_data?: { key: string; value: unknown }[] }, key: string) =>
    doc.meta_data?.find((m) => m.key === key)?.value;
  const shopProduct = (sku: string) =>
    connector.shop.store.all('product').find((p) => p.sku === sku)!;
  const shopCustomer = (account: string) =>
    connector.shop.store.all('customer').find((c) => metaOf(c, 'sage_account') === account)!;

  before(async () => {
    prices = await startPricesUnderTest({});
    ({ connector, sage } = prices);
    const linked = new Set(
      connector.shop.store
        .all('product')
        .filter((p) => p.type === 'simple')
        .map((p) => p.sku),
    );
    const accounts = new Set(
      connector.shop.store.all('customer').map((c) => metaOf(c, 'sage_account') as string),
    );
    await withWriteTransaction(sage, async (trx) => {
      // A category 2 row of a simple product gets a grid by quantity (docs/price-rules.md, E).
      const rows = await trx
        .selectFrom('F_ARTCLIENT')
        .select(['cbMarq', 'AR_Ref'])
        .where('AC_Categorie', '=', 2)
        .where('AC_PrixVen', '>', '0')
        .orderBy('cbMarq')
        .execute();
      const row = rows.find((r) => linked.has(r.AR_Ref.trim()))!;
      gridArticle = row.AR_Ref.trim();
      await trx
        .updateTable('F_ARTCLIENT')
        .set({ AC_QteMont: 1 })
        .where('cbMarq', '=', row.cbMarq)
        .execute();
      await trx.deleteFrom('F_TARIFQTE').where('AR_Ref', '=', row.AR_Ref).execute();
      for (const [bound, first, second] of [
        ['9', '0', '0'],
        ['49', '5', '0'],
        ['999', '5', '2'],
      ]) {
        await trx
          .insertInto('F_TARIFQTE')
          .values({
            AR_Ref: row.AR_Ref,
            TQ_RefCF: 'a02',
            TQ_BorneSup: bound,
            TQ_Remise01REM_Valeur: first,
            TQ_Remise01REM_Type: 1,
            TQ_Remise02REM_Valeur: second,
            TQ_Remise02REM_Type: 1,
            TQ_Remise03REM_Valeur: '0',
            TQ_Remise03REM_Type: 0,
            TQ_PrixNet: '0',
          } as never)
          .execute();
      }
      // A linked customer's exception row gets a grid by amount.
      const exceptions = await trx
        .selectFrom('F_ARTCLIENT')
        .select(['cbMarq', 'AR_Ref', 'CT_Num'])
        .where('CT_Num', '<>', '')
        .where('AC_PrixVen', '>', '0')
        .orderBy('cbMarq')
        .execute();
      const exception = exceptions.find(
        (r) => accounts.has((r.CT_Num ?? '').trim()) && linked.has(r.AR_Ref.trim()),
      )!;
      gridCustomer = (exception.CT_Num ?? '').trim();
      customerArticle = exception.AR_Ref.trim();
      await trx
        .updateTable('F_ARTCLIENT')
        .set({ AC_QteMont: 2 })
        .where('cbMarq', '=', exception.cbMarq)
        .execute();
      await trx
        .deleteFrom('F_TARIFQTE')
        .where('AR_Ref', '=', exception.AR_Ref)
        .where('TQ_RefCF', '=', exception.CT_Num)
        .execute();
      for (const [bound, rate, net] of [
        ['300', '0', '0'],
        ['1500', '6', '0'],
        ['999999', '0', '1.25'],
      ]) {
        await trx
          .insertInto('F_TARIFQTE')
          .values({
            AR_Ref: exception.AR_Ref,
            TQ_RefCF: exception.CT_Num,
            TQ_BorneSup: bound,
            TQ_Remise01REM_Valeur: rate,
            TQ_Remise01REM_Type: 1,
            TQ_Remise02REM_Valeur: '0',
            TQ_Remise02REM_Type: 0,
            TQ_Remise03REM_Valeur: '0',
            TQ_Remise03REM_Type: 0,
            TQ_PrixNet: net,
          } as never)
          .execute();
      }
    });
  });
  after(async () => {
    await prices?.stop();
  });

  it('writes the tiers, and the formula on the shop meta gives the engine at every quantity', async () => {
    const result = await prices.runPriceSync({ mode: 'full' });
    assert.equal(result.state, 'done');
    assert.equal(result.totals.failed, 0);

    const product = shopProduct(gridArticle);
    const tiers = metaOf(product, 'sage_price_tiers') as Record<string, { from: string }[]>;
    assert.deepEqual(
      tiers['2'].map((t) => t.from),
      ['10', '50', '1000'],
    );
    // Products without a grid carry no tiers key at all.
    const plain = connector.shop.store
      .all('product')
      .filter((p) => p.sku !== gridArticle && metaOf(p, 'sage_prices') !== undefined);
    assert.ok(plain.length > 10);
    assert.ok(plain.some((p) => metaOf(p, 'sage_price_tiers') === undefined));

    const customer = shopCustomer(gridCustomer);
    const customerTiers = metaOf(customer, 'sage_customer_price_tiers') as Record<
      string,
      { from: string; price: string }[]
    >;
    assert.ok(customerTiers[customerArticle]?.length > 0, JSON.stringify(customerTiers));

    const index = buildPriceIndex(
      await loadPriceData(sage, connector.config.sage.freeFields),
      connector.config.pricing,
    );
    const day = new Date().toISOString().slice(0, 10);
    const formula = {
      decimals: connector.config.pricing.unitPriceDecimals,
      mode: connector.config.pricing.rounding,
      strategy: connector.config.pricing.strategy,
    };
    const keys = connector.config.prices.meta;
    const customers = connector.shop.store
      .all('customer')
      .filter((c) => metaOf(c, 'sage_price_category') !== undefined)
      .slice(0, 15);
    customers.push(customer);
    let checked = 0;
    for (const sku of [gridArticle, customerArticle]) {
      const doc = shopProduct(sku);
      const shopPricing = productPricingFromMeta(sku, doc.meta_data, {
        prices: keys.productPrices,
        rules: keys.productRules,
        family: connector.config.catalog.meta.family,
        tiers: keys.productTiers,
      });
      for (const c of customers) {
        const account = metaOf(c, 'sage_account') as string;
        const conditions = customerPricingFromMeta(c.meta_data ?? [], keys);
        for (const quantity of [1, 2, 9, 10, 11, 49, 50, 51, 120, 999, 1000, 1001, 5000]) {
          const engine = evaluatePrice(index, {
            customer: account,
            article: sku,
            quantity,
            date: day,
          });
          const shop = impliedShopPriceOnly(shopPricing, conditions, formula, quantity);
          assert.equal(shop, engine.netPrice, `${account} × ${sku} × ${quantity}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300);
  });

  it('parity compares at the tier bounds too and finds no mismatch', async () => {
    const parity = await connector.temporal.client.workflow.execute(priceParity, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId: `test-parity-tiers-${Date.now()}`,
      args: [{ customers: 100_000, articles: 100_000 }],
    });
    assert.ok(parity.tierPrices > 0, `tier prices: ${parity.tierPrices}`);
    assert.equal(parity.mismatchCount, 0, JSON.stringify(parity.mismatches.slice(0, 3)));
  });
});
