import assert from 'node:assert/strict';
import type { SageDb } from '../../../activities/sage/db';
import type { WooClient } from '../../../activities/woo';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import {
  meta,
  reportsOf,
  runCustomerSync,
  sageOf,
  setNewAccountEmail,
  shopClient,
  shopCustomersByAccount,
} from './helpers';

/**
 * Home depots by region on the tiny demo company: an account in Paris (no depot there) gets the
 * depot of its région by the default département map; a foreign account is reported.
 */
describe('customerSync home depots by département', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let woo: WooClient;
  let sage: SageDb;

  before(async () => {
    connector = await startConnectorUnderTest({ size: 'tiny' });
    woo = shopClient(connector);
    sage = sageOf(connector);
    const set = (account: string, values: Record<string, string | number>) =>
      sage.updateTable('F_COMPTET').set(values).where('CT_Num', '=', account).execute();
    await set('CL00001', {
      CT_CodePostal: '75011',
      CT_Ville: 'Paris',
      CT_Pays: 'France',
      DE_No: 0,
    });
    await set('CL00003', {
      CT_CodePostal: '20090',
      CT_Ville: 'Ajaccio',
      CT_Pays: 'France',
      DE_No: 0,
    });
    // Belgian 6900 looks like the Rhône (69), where the Lyon depot is: it is no département.
    await set('CL00004', {
      CT_CodePostal: '6900',
      CT_Ville: 'Marche-en-Famenne',
      CT_Pays: 'Belgique',
      DE_No: 0,
    });
    await setNewAccountEmail(woo, false);
  });
  after(async () => {
    woo?.close();
    await sage?.destroy();
    await connector?.stop();
  });

  it('places Paris and Corsica by département and reports the foreign accounts', async () => {
    await runCustomerSync(connector, { mode: 'full' });
    const shop = await shopCustomersByAccount(woo);
    assert.equal(meta(shop.get('CL00001') as never, 'sage_home_depot'), '6'); // Lille
    assert.equal(meta(shop.get('CL00003') as never, 'sage_home_depot'), '2'); // Marseille
    assert.equal(meta(shop.get('CL00004') as never, 'sage_home_depot'), '');

    const noDepot = (await reportsOf(connector))
      .filter((r) => r.problem === 'postal-code-matches-no-depot')
      .map((r) => `${r.key} ${r.detail ?? ''}`)
      .sort();
    assert.deepEqual(noDepot, ['CL00004 6900', 'CLMONACO 98000']);
  });
});
