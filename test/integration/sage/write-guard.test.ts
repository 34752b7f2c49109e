import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { readCustomer } from '../../../activities/sage/customers';
import type { WriteProblem } from '../../../activities/sage/customer-writes';
import { readArticlePricesChangedSince } from '../../../activities/sage/prices';
import { createSqlSageWriter, DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import { DEMO_BAD_DATA } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, tick, type TestCompany } from './company';

/** Problems without their operator message (asserted separately), sorted by field. */
function named(problems: readonly WriteProblem[]) {
  return problems
    .map(({ message, ...rest }) => {
      assert.ok(message.startsWith(`${rest.field}: `), message);
      return rest;
    })
    .sort((a, b) => a.field.localeCompare(b.field));
}

/** Raw stored values, to see exactly what Sage holds (trailing spaces, replacement '?'…). */
async function storedCustomer(company: TestCompany, account: string) {
  return company.db
    .selectFrom('F_COMPTET')
    .selectAll()
    .where('CT_Num', '=', account)
    .executeTakeFirstOrThrow();
}

const EMAIL_84 = `${'achats.service-approvisionnement.'.repeat(2)}lyon-69@example.fr`;

describe('Sage write guard on customer edits (embedded company)', function () {
  let company: TestCompany;

  before(async () => {
    company = createTestCompany('tiny', 11);
    // Known starting values, whatever the generator drew.
    await company.db
      .updateTable('F_COMPTET')
      .set({ CT_Complement: 'Bâtiment B', CT_Intitule: 'Hydro Services Rhône' })
      .where('CT_Num', '=', 'CL00003')
      .execute();
    // An exception price stored under the account with its trailing spaces, as Sage may hold it.
    const article = await company.db
      .selectFrom('F_ARTICLE')
      .select('AR_Ref')
      .orderBy('cbMarq')
      .executeTakeFirstOrThrow();
    await company.db
      .insertInto('F_ARTCLIENT')
      .values({
        AR_Ref: article.AR_Ref,
        AC_Categorie: 0,
        CT_Num: DEMO_BAD_DATA.customerTrailingSpaces,
        AC_PrixVen: '10.5',
      })
      .execute();
  });
  after(() => company.dispose());

  it('writes the good fields and refuses an 84-character e-mail, a Cyrillic name and a blank line', async () => {
    assert.equal(EMAIL_84.length, 84);
    const writer = createSqlSageWriter(company.db);
    const before = await storedCustomer(company, 'CL00003');
    await tick();
    const outcome = await writer.updateCustomer('CL00003', {
      name: 'ООО Гидросервис',
      email: EMAIL_84,
      phone: '04\u202f72\u202f00\u202f00\u202f00',
      address: { line1: '12 rue des Tanneurs 🏭', line2: '', city: 'Lyon', postalCode: '69003' },
    });
    const after = await storedCustomer(company, 'CL00003');
    // Refused fields: Sage keeps what it had, nothing cut, no '?'.
    assert.equal(after.CT_Intitule, before.CT_Intitule);
    assert.equal(after.CT_EMail, before.CT_EMail);
    assert.equal(after.CT_Complement, before.CT_Complement);
    // The other fields of the same edit went through, emoji dropped, narrow spaces → spaces.
    assert.equal(after.CT_Adresse, '12 rue des Tanneurs');
    assert.equal(after.CT_Telephone, '04 72 00 00 00');
    assert.equal(after.CT_Ville, 'Lyon');
    assert.equal(after.CT_CodePostal, '69003');
    assert.ok(after.cbModification > before.cbModification);
    assert.equal(outcome.changed, true);
    assert.deepEqual(outcome.truncated, []);
    assert.deepEqual(named(outcome.problems), [
      { type: 'TooLong', field: 'customer.email', column: 'CT_EMail', width: 69, length: 84 },
      { type: 'EmptyValue', field: 'customer.line2', column: 'CT_Complement' },
      {
        type: 'NotRepresentable',
        field: 'customer.name',
        column: 'CT_Intitule',
        characters: ['О', 'Г', 'и', 'д', 'р', 'о', 'с', 'е', 'в'],
      },
    ]);
  });

  it('a second run of the same edit writes nothing and reports the same problems', async () => {
    const writer = createSqlSageWriter(company.db);
    const before = await storedCustomer(company, 'CL00003');
    await tick();
    const again = await writer.updateCustomer('CL00003', {
      name: 'ООО Гидросервис',
      email: EMAIL_84,
      phone: '04\u202f72\u202f00\u202f00\u202f00',
      address: { line1: '12 rue des Tanneurs 🏭', line2: '', city: 'Lyon', postalCode: '69003' },
    });
    assert.equal(again.changed, false);
    assert.deepEqual(again.problems.map((p) => p.field).sort(), [
      'customer.email',
      'customer.line2',
      'customer.name',
    ]);
    assert.equal((await storedCustomer(company, 'CL00003')).cbModification, before.cbModification);
  });

  it('never leaves half an emoji at the column width, and keeps CP1252 letters (é, œ, €)', async () => {
    const writer = createSqlSageWriter(company.db);
    const name = `Œuvres d’art é€ ${'x'.repeat(18)}😀y`; // 35 code points once the emoji is dropped
    const outcome = await writer.updateCustomer('CL00004', { name });
    const stored = (await storedCustomer(company, 'CL00004')).CT_Intitule ?? '';
    assert.doesNotMatch(stored, /[\p{Cs}\ufffd]/u, 'no half character (nor its U+FFFD)');
    assert.equal(stored, `Œuvres d’art é€ ${'x'.repeat(18)}y`);
    assert.equal(Array.from(stored).length, 35);
    assert.deepEqual(outcome.problems, []);
  });

  it('clears a field on an empty shop value only when it is configured clearable', async () => {
    const writer = createSqlSageWriter(company.db, {
      ...DEFAULT_WRITER_OPTIONS,
      clearableFields: ['customer.line2'],
    });
    const outcome = await writer.updateCustomer('CL00003', { address: { line2: '' } });
    assert.equal((await storedCustomer(company, 'CL00003')).CT_Complement, '');
    assert.deepEqual(outcome, { changed: true, truncated: [], problems: [] });
  });

  it('adds a delivery address without the refused fields and says which', async () => {
    const writer = createSqlSageWriter(company.db);
    const added = await writer.addDeliveryAddress('CL00005', {
      name: 'Chantier Confluence 🚧',
      line1: '3 cours Charlemagne',
      postalCode: '69002',
      city: 'Lyon',
      contact: 'Иван Петров',
      email: EMAIL_84,
      phone: '',
    });
    assert.equal(added.changed, true);
    const row = await company.db
      .selectFrom('F_LIVRAISON')
      .selectAll()
      .where('LI_No', '=', added.addressNo)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.LI_Intitule, row.LI_Adresse, row.LI_Ville, row.LI_Contact, row.LI_EMail],
      ['Chantier Confluence', '3 cours Charlemagne', 'Lyon', '', ''],
    );
    assert.deepEqual(
      named(added.problems).map((p) => [p.type, p.field]),
      [
        ['NotRepresentable', 'delivery.contact'],
        ['TooLong', 'delivery.email'],
      ],
      'a blank value on a new row has nothing to keep: not a problem',
    );
  });

  it('updates a delivery address: empty city kept, Greek city refused, the rest written', async () => {
    const writer = createSqlSageWriter(company.db);
    const customer = await readCustomer(company.db, 'CL00005');
    const address = customer?.deliveryAddresses[0];
    assert.ok(address && address.city !== '');
    const first = await writer.updateDeliveryAddress('CL00005', address.addressNo, {
      city: '',
      line1: '7 quai Perrache',
    });
    const kept = (await readCustomer(company.db, 'CL00005'))?.deliveryAddresses.find(
      (a) => a.addressNo === address.addressNo,
    );
    assert.equal(kept?.city, address.city, 'an empty shop city does not blank Sage');
    assert.deepEqual(named(first.problems), [
      { type: 'EmptyValue', field: 'delivery.city', column: 'LI_Ville' },
    ]);
    const second = await writer.updateDeliveryAddress('CL00005', address.addressNo, {
      city: 'Αθήνα',
    });
    assert.equal(second.changed, false);
    assert.equal(second.problems[0]?.type, 'NotRepresentable');
    const after = (await readCustomer(company.db, 'CL00005'))?.deliveryAddresses.find(
      (a) => a.addressNo === address.addressNo,
    );
    assert.equal(after?.city, address.city);
    assert.equal(after?.line1, '7 quai Perrache');
  });

  it('takes the width from the database, not the model', async () => {
    // A company whose e-mail column is wider than the model's 69 (as some Sage versions have).
    const wide = createTestCompany('tiny', 11);
    try {
      await sql
        .raw('ALTER TABLE F_COMPTET RENAME COLUMN CT_EMail TO CT_EMail_old')
        .execute(wide.db);
      await sql.raw('ALTER TABLE F_COMPTET ADD COLUMN CT_EMail varchar(100)').execute(wide.db);
      const outcome = await createSqlSageWriter(wide.db).updateCustomer('CL00003', {
        email: EMAIL_84,
      });
      assert.deepEqual(outcome.problems, []);
      assert.equal((await storedCustomer(wide, 'CL00003')).CT_EMail, EMAIL_84);
    } finally {
      await wide.dispose();
    }
  });

  it('matches a key stored with trailing spaces as the trimmed key, on every text column', async () => {
    const writer = createSqlSageWriter(company.db);
    const account = DEMO_BAD_DATA.customerTrailingSpaces.trim();
    const updated = await writer.updateCustomer(account, { address: { city: 'Vienne' } });
    assert.equal(updated.changed, true);
    const row = await storedCustomer(company, account);
    assert.equal(row.CT_Num, DEMO_BAD_DATA.customerTrailingSpaces, 'the stored key is untouched');
    assert.equal(row.CT_Ville, 'Vienne');
    // A delivery address refers to the account as stored (byte-equal to its parent).
    const added = await writer.addDeliveryAddress(account, {
      name: 'Dépôt Vienne',
      line1: '1 rue de la Gare',
      postalCode: '38200',
      city: 'Vienne',
    });
    const child = await company.db
      .selectFrom('F_LIVRAISON')
      .select('CT_Num')
      .where('LI_No', '=', added.addressNo)
      .executeTakeFirstOrThrow();
    assert.equal(child.CT_Num, DEMO_BAD_DATA.customerTrailingSpaces);
    // A text (non-key) column holding the account matches too, as on SQL Server.
    const prices = await readArticlePricesChangedSince(company.db, {
      customerAccounts: [account],
      limit: 1000,
    });
    assert.ok(prices.items.length > 0, 'F_ARTCLIENT rows of "CLSPACES  " found by "CLSPACES"');
  });
});
