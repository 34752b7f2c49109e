import assert from 'node:assert/strict';
import type { SageDb } from '../../../activities/sage/db';
import type { WooClient } from '../../../activities/woo';
import { SyncKind } from '../../../shared/search-attributes';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { customerSync } from '../../../workflows';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import {
  meta,
  reportsOf,
  runCustomerSync,
  sageOf,
  setNewAccountEmail,
  shopClient,
  shopCustomersByAccount,
  writeRequests,
} from './helpers';

/**
 * Sage → shop customers on real parts: the tiny demo company (11 accounts: a central purchasing
 * account and one of its members, an account in Monaco whose postal code matches no depot, an
 * account stored with trailing spaces, an overseas account in La Réunion), made worse here with bad e-mails and a sleeping account.
 */
describe('customerSync (Sage → shop) end to end', function () {
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
    await set('CL00003', { CT_EMail: '' });
    await set('CL00004', { CT_EMail: 'achats chez raccords.fr' });
    await set('CL00005', { CT_EMail: 'achats@groupe.example.fr' });
    await set('CL00006', { CT_EMail: 'Achats@Groupe.example.fr ' });
    await set('CL00007', { CT_Sommeil: 1 });
  });
  after(async () => {
    woo?.close();
    await sage?.destroy();
    await connector?.stop();
  });

  it('holds creations back while the shop would send its "new account" e-mail', async () => {
    connector.shop.resetCounters();
    const result = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(result.newAccountEmail, 'enabled');
    assert.equal(result.counts.created, 0);
    assert.equal(writeRequests(connector.shop.counters()), 0);
    const held = (await reportsOf(connector)).filter(
      (r) => r.problem === 'new-account-email-enabled',
    );
    assert.deepEqual(held.map((r) => r.key).sort(), [
      'CENTRALE01',
      'CL00001',
      'CL00002',
      'CLMONACO',
      'CLREUNION',
      'CLSPACES',
    ]);
  });

  it('exports every valid account, reports the others with their reason, sends no password', async () => {
    await setNewAccountEmail(woo, false);
    connector.shop.resetCounters();
    const result = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(result.newAccountEmail, 'disabled');
    assert.equal(result.counts.read, 11);
    assert.equal(result.counts.created, 6);
    assert.equal(result.counts.skipped, 5);
    assert.equal(
      writeRequests(connector.shop.counters()),
      1,
      JSON.stringify(connector.shop.counters()),
    );

    const shop = await shopCustomersByAccount(woo);
    assert.deepEqual([...shop.keys()].sort(), [
      'CENTRALE01',
      'CL00001',
      'CL00002',
      'CLMONACO',
      'CLREUNION',
      'CLSPACES',
    ]);

    const account = await sage
      .selectFrom('F_COMPTET')
      .selectAll()
      .where('CT_Num', '=', 'CL00001')
      .executeTakeFirstOrThrow();
    const one = shop.get('CL00001');
    assert.ok(one);
    assert.equal(one.email, account.CT_EMail);
    assert.equal(one.billing.company, account.CT_Intitule);
    assert.equal(one.billing.postcode, account.CT_CodePostal);
    assert.equal(one.billing.country, 'FR');
    assert.equal(`${one.first_name} ${one.last_name}`, account.CT_Contact);
    assert.equal(meta(one, 'sage_vat_number'), account.CT_Identifiant);
    assert.equal(meta(one, 'sage_siret'), account.CT_Siret);
    // The price sync owns the pricing keys (the effective category of a member).
    assert.equal(meta(one, 'sage_price_category'), undefined);
    assert.equal(meta(one, 'sage_price_group'), `Tarif ${account.N_CatTarif}`);
    assert.equal(meta(one, 'sage_sleeping'), '0');
    // The shop generated the password (WordPress flags it): the connector sent none.
    assert.equal(meta(one, 'default_password_nag'), '1');

    const delivery = await sage
      .selectFrom('F_LIVRAISON')
      .selectAll()
      .where('CT_Num', '=', 'CL00002')
      .where('LI_Principal', '=', 1)
      .executeTakeFirst();
    const member = shop.get('CL00002');
    assert.ok(member);
    assert.equal(meta(member, 'sage_central'), 'CENTRALE01');
    assert.equal(member.shipping.address_1, delivery?.LI_Adresse ?? '');
    // Its own Sage default depot (DE_No 4) is its home depot.
    assert.equal(meta(member, 'sage_home_depot'), '4');
    assert.equal(meta(shop.get('CENTRALE01') as never, 'sage_central'), '');

    const monaco = shop.get('CLMONACO');
    assert.ok(monaco);
    assert.equal(meta(monaco, 'sage_home_depot'), '');
    assert.equal(monaco.billing.country, 'MC');

    const reports = await reportsOf(connector);
    const reasons = Object.fromEntries(reports.map((r) => [`${r.key} ${r.problem}`, r.detail]));
    assert.ok('CL00003 missing-email' in reasons, JSON.stringify(reasons));
    assert.equal(reasons['CL00004 invalid-email'], 'achats chez raccords.fr');
    assert.match(reasons['CL00005 duplicate-email'] ?? '', /CL00006/);
    assert.match(reasons['CL00006 duplicate-email'] ?? '', /CL00005/);
    assert.equal(reasons['CLMONACO postal-code-matches-no-depot'], '98000');
    // Accounts that went through lost their "held back" report.
    assert.ok(!reports.some((r) => r.problem === 'new-account-email-enabled'));
    // The sleeping account is not created, and not reported as a problem either.
    assert.ok(!reports.some((r) => r.key === 'CL00007'));
    assert.ok(result.reports.some((r) => r.problem === 'invalid-email'));
  });

  it('writes nothing on a rerun where nothing changed', async () => {
    connector.shop.resetCounters();
    const full = await runCustomerSync(connector, { mode: 'full' });
    assert.equal(full.counts.unchanged, 6);
    assert.equal(full.counts.created + full.counts.updated, 0);
    assert.equal(
      writeRequests(connector.shop.counters()),
      0,
      JSON.stringify(connector.shop.counters()),
    );
  });

  it('sends an incremental change, and blocks an account that falls asleep', async () => {
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_Ville: 'Villeurbanne' })
      .where('CT_Num', '=', 'CL00001')
      .execute();
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_Sommeil: 1 })
      .where('CT_Num', '=', 'CL00002')
      .execute();
    connector.shop.resetCounters();
    const workflowId = `test-customer-incremental-${Date.now()}`;
    const { client } = connector.temporal;
    const result = await client.workflow.execute(customerSync, {
      taskQueue: TASK_QUEUES.workflows,
      workflowId,
      args: [{ mode: 'incremental' }],
    });
    assert.equal(result.counts.updated, 2);
    assert.equal(writeRequests(connector.shop.counters()), 1);
    const shop = await shopCustomersByAccount(woo);
    assert.equal(shop.get('CL00001')?.billing.city, 'Villeurbanne');
    assert.equal(meta(shop.get('CL00002') as never, 'sage_sleeping'), '1');
    const described = await client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(SyncKind), 'customers');

    // The next incremental run finds nothing new to write.
    connector.shop.resetCounters();
    const again = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(again.counts.created + again.counts.updated, 0);
    assert.equal(writeRequests(connector.shop.counters()), 0);
  });

  it('keeps a home depot chosen in the shop when the Sage default moves', async () => {
    const shop = await shopCustomersByAccount(woo);
    const one = shop.get('CL00001');
    assert.ok(one);
    await woo.customers.update(one.id, { meta_data: [{ key: 'sage_home_depot', value: '6' }] });
    const before = meta(one, 'sage_home_depot');
    // Toulouse: the postal-code rule now gives another depot than before.
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_CodePostal: '31000', CT_Ville: 'Toulouse' })
      .where('CT_Num', '=', 'CL00001')
      .execute();
    const result = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(result.counts.updated, 1);
    const after = await woo.customers.get(one.id);
    assert.equal(after.billing.city, 'Toulouse');
    assert.equal(meta(after, 'sage_home_depot'), '6');
    assert.notEqual(before, '6');
  });

  it('links an existing shop customer by e-mail on first sight, and reports one owned by another account', async () => {
    // Two shop customers created by hand before the connector knew the accounts.
    await woo.customers.create({
      email: 'contact@cl00003.example.fr',
      first_name: 'Hand',
      last_name: 'Made',
    });
    const other = await woo.customers.create({
      email: 'contact@cl00004.example.fr',
      meta_data: [{ key: 'sage_account', value: 'CLAUTRE' }],
    });
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_EMail: 'contact@cl00003.example.fr' })
      .where('CT_Num', '=', 'CL00003')
      .execute();
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_EMail: 'contact@cl00004.example.fr' })
      .where('CT_Num', '=', 'CL00004')
      .execute();
    // And an account whose address is the shop administrator's.
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_EMail: 'admin@example.test' })
      .where('CT_Num', '=', 'CL00006')
      .execute();
    const result = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(result.counts.linkedByEmail, 1);
    const shop = await shopCustomersByAccount(woo);
    assert.equal(meta(shop.get('CL00003') as never, 'sage_account'), 'CL00003');
    // Sage's values replace what was typed by hand (no base yet: Sage wins, no conflict).
    assert.notEqual(shop.get('CL00003')?.first_name, 'Hand');
    assert.ok(!result.reports.some((r) => r.problem === 'conflict'));
    const reports = await reportsOf(connector);
    const ambiguous = reports.find(
      (r) => r.key === 'CL00004' && r.problem === 'email-linked-to-other-account',
    );
    assert.ok(ambiguous, JSON.stringify(reports));
    assert.match(ambiguous.detail, new RegExp(`${other.id}.*CLAUTRE`));
    const staff = reports.find((r) => r.key === 'CL00006');
    assert.equal(staff?.problem, 'email-linked-to-other-account');
    assert.equal(staff?.detail, 'shop user 1 is administrator');
    // CL00005 no longer shares its address: it went through.
    assert.ok((await shopCustomersByAccount(woo)).has('CL00005'));
  });
});
