import assert from 'node:assert/strict';
import { buildPriceIndex, evaluatePrice, PriceLookupError } from '../../../shared/price-engine';
import { normaliseKey } from '../../../shared/sage/references';
import { openSnapshotStore } from '../../../activities/state/snapshots';
import { loadPriceData } from '../../../activities/price-sync/load-price-data';
import { CUSTOMER_ASLEEP } from '../../../activities/price-sync/sync-page';
import type { SageDb } from '../../../activities/sage/db';
import type { ConnectorUnderTest } from '../../helpers/connector';
import { writeRequests } from '../catalog/helpers';
import { startPricesUnderTest, type PricesUnderTest } from './harness';

const CUSTOMER_KEYS = [
  'sage_price_category',
  'sage_family_discounts',
  'sage_customer_discount',
  'sage_customer_prices',
  'sage_customer_price_tiers',
];

/** The pricing keys the shop holds for an account (absent keys left out). */
function pricingMeta(connector: ConnectorUnderTest, account: string): Record<string, unknown> {
  const customer = connector.shop.store
    .all('customer')
    .find((c) => c.meta_data.some((m) => m.key === 'sage_account' && m.value === account));
  assert.ok(customer, `customer ${account} in the shop`);
  const held: Record<string, unknown> = {};
  for (const m of customer.meta_data) if (CUSTOMER_KEYS.includes(m.key)) held[m.key] = m.value;
  return held;
}

async function priceReports(connector: ConnectorUnderTest) {
  const store = await openSnapshotStore(connector.config.stateStore);
  try {
    return await store.listReports('prices', { problem: CUSTOMER_ASLEEP });
  } finally {
    await store.close();
  }
}

/**
 * Sleeping accounts (CT_Sommeil = 1) on real parts: the small demo company read by the Sage
 * readers, the shop sandbox, real Temporal. Sage sells nothing to them: the engine gives no
 * price (`customer-asleep`) and the price sync removes their pricing meta from the shop, in an
 * incremental run and in a full one; awake again, they get it back.
 */
describe('sleeping customers in the price sync (small company)', function () {
  this.timeout(180_000);
  let prices: PricesUnderTest;
  let connector: ConnectorUnderTest;
  let sage: SageDb;
  let accounts: string[];

  const setSleeping = (account: string, sleeping: 0 | 1) =>
    sage
      .updateTable('F_COMPTET')
      .set({ CT_Sommeil: sleeping })
      .where('CT_Num', '=', account)
      .execute();

  before(async () => {
    prices = await startPricesUnderTest({ changeOverlap: '0s' });
    ({ connector, sage } = prices);
    const full = await prices.runPriceSync({ mode: 'full' });
    assert.equal(full.state, 'done');
    // Awake accounts of their own (no central, no members), priced in the shop.
    const rows = await sage
      .selectFrom('F_COMPTET')
      .select(['CT_Num', 'CT_NumCentrale', 'CT_Sommeil'])
      .where('CT_Type', '=', 0)
      .orderBy('CT_Num')
      .execute();
    const centrals = new Set(rows.map((r) => normaliseKey(r.CT_NumCentrale)));
    accounts = rows
      .filter((r) => r.CT_Sommeil === 0 && normaliseKey(r.CT_NumCentrale) === '')
      .map((r) => normaliseKey(r.CT_Num))
      .filter((a) => a.startsWith('CL0') && !centrals.has(a))
      .filter((a) => Object.keys(pricingMeta(connector, a)).length >= 4);
    assert.ok(accounts.length >= 2, 'two linked accounts with pricing meta');
  });
  after(async () => {
    await prices?.stop();
  });

  it('asleep between runs: no engine price, its meta removed by the incremental run; awake: back', async () => {
    const account = accounts[0];
    const awake = pricingMeta(connector, account);
    const article = (await sage.selectFrom('F_ARTICLE').select('AR_Ref').limit(1).execute())[0];
    await setSleeping(account, 1);

    // The engine, fed by the Sage readers: no price, and the reason named.
    const index = buildPriceIndex(await loadPriceData(sage), connector.config.pricing);
    assert.throws(
      () =>
        evaluatePrice(index, {
          customer: account,
          article: normaliseKey(article.AR_Ref),
          quantity: 1,
          date: '2026-06-01',
        }),
      (err: unknown) => err instanceof PriceLookupError && err.problem === 'customer-asleep',
    );

    connector.shop.resetCounters();
    const asleep = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(asleep.mode, 'incremental');
    assert.equal(asleep.totals.failed, 0);
    assert.deepEqual(pricingMeta(connector, account), {}, 'the pricing keys are deleted');
    assert.equal(asleep.totals.pushed, 1);
    assert.equal(writeRequests(connector.shop), 1);
    assert.ok((await priceReports(connector)).some((r) => r.key === account));

    // Written once: the next runs, incremental or full, leave it as it is.
    connector.shop.resetCounters();
    await setSleeping(accounts[1], 0); // a change elsewhere, so that the run reads the data
    const again = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(again.totals.pushed, 0);
    const full = await prices.runPriceSync({ mode: 'full' });
    assert.equal(full.totals.pushed, 0);
    assert.equal(writeRequests(connector.shop), 0);
    assert.deepEqual(pricingMeta(connector, account), {});

    await setSleeping(account, 0);
    const woken = await prices.runPriceSync({ mode: 'incremental' });
    assert.equal(woken.mode, 'incremental');
    assert.equal(woken.totals.pushed, 1);
    assert.equal(woken.incremental?.customersWhole, 1);
    assert.deepEqual(pricingMeta(connector, account), awake);
    // Priced again: the report of its sleep is over.
    assert.ok(!(await priceReports(connector)).some((r) => r.key === account), 'report cleared');
  });

  it('asleep before a full run: the full run removes its meta; a forced one writes it absent', async () => {
    const account = accounts[1];
    const awake = pricingMeta(connector, account);
    await setSleeping(account, 1);
    const full = await prices.runPriceSync({ mode: 'full' });
    assert.equal(full.state, 'done');
    assert.equal(full.totals.pushed, 1);
    assert.deepEqual(pricingMeta(connector, account), {});
    assert.ok((await priceReports(connector)).some((r) => r.key === account));

    const forced = await prices.runPriceSync({ mode: 'full', force: true });
    assert.equal(forced.totals.failed, 0);
    assert.deepEqual(pricingMeta(connector, account), {});

    await setSleeping(account, 0);
    const woken = await prices.runPriceSync({ mode: 'full' });
    assert.equal(woken.totals.pushed, 1);
    assert.deepEqual(pricingMeta(connector, account), awake);
    assert.ok(!(await priceReports(connector)).some((r) => r.key === account), 'report cleared');
  });
});
