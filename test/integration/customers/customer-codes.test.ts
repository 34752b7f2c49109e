import assert from 'node:assert/strict';
import type { SageDb } from '../../../activities/sage/db';
import type { WooClient } from '../../../activities/woo';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import {
  meta,
  runCustomerSync,
  sageOf,
  setNewAccountEmail,
  shopClient,
  shopCustomersByAccount,
  writeRequests,
} from './helpers';

/**
 * Customer article codes (F_ARTCLIENT.AC_RefClient) reach the shop as the customer meta
 * `sage_customer_codes` (SKU → code) through the customers sync, on the tiny demo company and
 * the sandbox shop: a member of a central inherits its central's codes, a change of codes is a
 * change of the customer, and the key goes away when the codes do.
 */
describe('customerSync: customer article codes', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let woo: WooClient;
  let sage: SageDb;
  let refs: string[];
  const KEY = 'sage_customer_codes';

  const setCode = (account: string, article: string, code: string) =>
    sage
      .updateTable('F_ARTCLIENT')
      .set({ AC_RefClient: code })
      .where('AC_Categorie', '=', 0)
      .where('CT_Num', '=', account)
      .where('AR_Ref', '=', article)
      .execute();

  before(async () => {
    connector = await startConnectorUnderTest({ size: 'tiny' });
    woo = shopClient(connector);
    sage = sageOf(connector);
    refs = (
      await sage
        .selectFrom('F_ARTICLE')
        .select('AR_Ref')
        .where('AR_Sommeil', '=', 0)
        .orderBy('cbMarq')
        .limit(3)
        .execute()
    ).map((a) => a.AR_Ref);
    // Known codes on the central, its member and a plain account; nobody else has any.
    await sage.deleteFrom('F_ARTCLIENT').where('AC_Categorie', '=', 0).execute();
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_NumCentrale: 'CENTRALE01' })
      .where('CT_Num', '=', 'CL00002')
      .execute();
    const row = (account: string, article: string, code: string) => ({
      AR_Ref: article,
      AC_Categorie: 0,
      CT_Num: account,
      AC_RefClient: code,
    });
    await sage
      .insertInto('F_ARTCLIENT')
      .values([
        row('CL00001', refs[0], 'MY-0'),
        row('CENTRALE01', refs[0], 'CENT-0'),
        row('CENTRALE01', refs[1], 'CENT-1'),
        row('CL00002', refs[1], 'MEMBER-1'),
      ])
      .execute();
    // The demo's delivery addresses all share one timestamp, so an incremental run re-reads the
    // accounts holding one: the central has none here, only its codes can bring it back.
    await sage.deleteFrom('F_LIVRAISON').where('CT_Num', '=', 'CENTRALE01').execute();
    await setNewAccountEmail(woo, false);
  });
  after(async () => {
    woo?.close();
    await sage?.destroy();
    await connector?.stop();
  });

  it("pushes each customer's codes, a member's with its central's, no key where there are none", async () => {
    const result = await runCustomerSync(connector, { mode: 'full' });
    assert.ok(result.counts.created >= 5, `${result.counts.created} created`);
    const shop = await shopCustomersByAccount(woo);
    assert.deepEqual(meta(shop.get('CL00001')!, KEY), { [refs[0]]: 'MY-0' });
    assert.deepEqual(meta(shop.get('CENTRALE01')!, KEY), {
      [refs[0]]: 'CENT-0',
      [refs[1]]: 'CENT-1',
    });
    // The member's own code wins; the central's fills the rest.
    assert.deepEqual(meta(shop.get('CL00002')!, KEY), {
      [refs[0]]: 'CENT-0',
      [refs[1]]: 'MEMBER-1',
    });
    assert.equal(meta(shop.get('CLMONACO')!, KEY), undefined);
    assert.ok(!shop.get('CLMONACO')!.meta_data?.some((m) => m.key === KEY));
  });

  it('a change of codes is a change of the customer; nothing else is rewritten', async () => {
    connector.shop.resetCounters();
    const same = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(same.counts.created + same.counts.updated, 0);
    assert.equal(writeRequests(connector.shop.counters()), 0);

    // The central's code changes: the central and its member are updated, nobody else.
    await setCode('CENTRALE01', refs[0], 'CENT-0-NEW');
    connector.shop.resetCounters();
    const changed = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(changed.counts.updated, 2);
    assert.equal(writeRequests(connector.shop.counters()), 1);
    const shop = await shopCustomersByAccount(woo);
    assert.deepEqual(meta(shop.get('CL00002')!, KEY), {
      [refs[0]]: 'CENT-0-NEW',
      [refs[1]]: 'MEMBER-1',
    });
    assert.deepEqual(meta(shop.get('CL00001')!, KEY), { [refs[0]]: 'MY-0' });
  });

  it('deletes the key when all the codes of a customer disappear', async () => {
    await setCode('CL00001', refs[0], '');
    const result = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(result.counts.updated, 1);
    const one = (await shopCustomersByAccount(woo)).get('CL00001')!;
    assert.ok(!one.meta_data?.some((m) => m.key === KEY), JSON.stringify(one.meta_data));
    // And the next run agrees with the shop: nothing to write.
    connector.shop.resetCounters();
    const again = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(again.counts.created + again.counts.updated, 0);
    assert.equal(writeRequests(connector.shop.counters()), 0);
  });

  it('an incremental run sees a change of codes alone (F_ARTCLIENT is tracked apart)', async () => {
    await runCustomerSync(connector, { mode: 'incremental' });
    await setCode('CENTRALE01', refs[0], 'CENT-0-INC');
    connector.shop.resetCounters();
    const result = await runCustomerSync(connector, { mode: 'incremental' });
    // The central and its member (each written once: the member may come in the account
    // phase already, its F_COMPTET row being in the overlap window of this test).
    assert.equal(result.counts.updated, 2);
    const shop = await shopCustomersByAccount(woo);
    assert.deepEqual(meta(shop.get('CL00002')!, KEY), {
      [refs[0]]: 'CENT-0-INC',
      [refs[1]]: 'MEMBER-1',
    });
    connector.shop.resetCounters();
    const again = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(again.counts.created + again.counts.updated, 0);
  });
});
