import assert from 'node:assert/strict';
import { readCustomer, readCustomersChangedSince } from '../../../activities/sage/customers';
import { SageDataError } from '../../../activities/sage/errors';
import { createSqlSageWriter, type SageWriter } from '../../../activities/sage/writer';
import { createTestCompany, tick, type TestCompany } from './company';

describe('Sage customer writer (embedded engine)', function () {
  let company: TestCompany;
  let writer: SageWriter;

  before(() => {
    company = createTestCompany('tiny', 9);
    writer = createSqlSageWriter(company.db);
  });
  after(() => company.dispose());

  it('updates name, e-mail and main address and moves cbModification forward', async () => {
    const before = await readCustomer(company.db, 'CL00003');
    assert.ok(before);
    await tick();
    const outcome = await writer.updateCustomer('CL00003', {
      name: 'Hydro Services Rhône',
      email: 'achats@hydro-rhone.example.fr',
      address: { line1: '12 rue des Tanneurs', postalCode: '69003', city: 'Lyon' },
    });
    assert.deepEqual(outcome, { changed: true, truncated: [], problems: [] });
    const after = await readCustomer(company.db, 'CL00003');
    assert.equal(after?.name, 'Hydro Services Rhône');
    assert.equal(after?.email, 'achats@hydro-rhone.example.fr');
    assert.deepEqual(
      [after?.address.line1, after?.address.postalCode, after?.address.city, after?.address.line2],
      ['12 rue des Tanneurs', '69003', 'Lyon', before.address.line2],
    );
    assert.ok((after?.modifiedAt ?? '') > before.modifiedAt);
    const changed = await readCustomersChangedSince(company.db, {
      after: { modifiedAt: before.modifiedAt, rowId: 1e9 },
    });
    assert.deepEqual(
      changed.items.map((c) => c.account),
      ['CL00003'],
    );
  });

  it('writes nothing when Sage already holds the values', async () => {
    const before = await readCustomer(company.db, 'CL00003');
    await tick();
    const outcome = await writer.updateCustomer('CL00003', { name: 'Hydro Services Rhône ' });
    assert.equal(outcome.changed, false);
    assert.equal((await readCustomer(company.db, 'CL00003'))?.modifiedAt, before?.modifiedAt);
  });

  it('refuses (never cuts) values longer than the Sage column and says so', async () => {
    const outcome = await writer.updateCustomer('CL00003', { name: 'N'.repeat(50) });
    assert.deepEqual(outcome.truncated, []);
    assert.deepEqual(
      outcome.problems.map((p) => [p.type, p.column]),
      [['TooLong', 'CT_Intitule']],
    );
    assert.equal((await readCustomer(company.db, 'CL00003'))?.name, 'Hydro Services Rhône');
  });

  it('refuses an unknown account', async () => {
    await assert.rejects(writer.updateCustomer('NOBODY', { name: 'x' }), SageDataError);
  });

  it('adds a delivery address once (idempotent) and can make it the default', async () => {
    const address = {
      name: 'Chantier Part-Dieu',
      line1: '5 place Charles Béraudier',
      postalCode: '69003',
      city: 'Lyon',
      country: 'France',
      isDefault: true,
    };
    const first = await writer.addDeliveryAddress('CL00004', address);
    assert.equal(first.changed, true);
    const again = await writer.addDeliveryAddress('CL00004', address);
    assert.deepEqual(again, {
      changed: false,
      truncated: [],
      problems: [],
      addressNo: first.addressNo,
    });
    const customer = await readCustomer(company.db, 'CL00004');
    const added = customer?.deliveryAddresses.filter((a) => a.addressNo === first.addressNo);
    assert.equal(added?.length, 1);
    assert.equal(added?.[0].isDefault, true);
    assert.equal(customer?.deliveryAddresses.filter((a) => a.isDefault).length, 1);
    const maxNo = await company.db
      .selectFrom('F_LIVRAISON')
      .select((eb) => eb.fn.max('LI_No').as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(first.addressNo, Number(maxNo.n));
  });

  it('updates a delivery address of the customer only', async () => {
    const customer = await readCustomer(company.db, 'CL00004');
    const address = customer?.deliveryAddresses[0];
    assert.ok(address);
    const outcome = await writer.updateDeliveryAddress('CL00004', address.addressNo, {
      city: 'Villeurbanne',
      postalCode: '69100',
    });
    assert.equal(outcome.changed, true);
    const after = await readCustomer(company.db, 'CL00004');
    assert.equal(
      after?.deliveryAddresses.find((a) => a.addressNo === address.addressNo)?.city,
      'Villeurbanne',
    );
    await assert.rejects(
      writer.updateDeliveryAddress('CL00005', address.addressNo, { city: 'Paris' }),
      (e: unknown) => e instanceof SageDataError && e.type === 'UnknownDeliveryAddress',
    );
  });
});
