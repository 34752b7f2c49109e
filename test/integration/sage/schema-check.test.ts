import assert from 'node:assert/strict';
import { openEmbeddedSageDb } from '../../../activities/sage/db';
import { createEmbeddedSchema } from '../../../activities/sage/embedded-schema';
import { checkSageSchema } from '../../../activities/sage/schema-check';
import { createTestCompany, type TestCompany } from './company';

describe('Sage schema check', () => {
  let company: TestCompany;

  before(() => {
    company = createTestCompany('tiny', 1);
  });
  after(() => company.dispose());

  it('finds every table and column of the model in the demo company', async () => {
    assert.deepEqual(await checkSageSchema(company.db), {
      ok: true,
      missingTables: [],
      missingColumns: [],
    });
  });

  it('names configured free-field columns that do not exist', async () => {
    const check = await checkSageSchema(company.db, {
      masterReference: 'Réf maître',
      attributes: [{ name: 'ATTRIBUT_1', value: 'Valeur X' }],
    });
    assert.equal(check.ok, false);
    assert.deepEqual(check.missingColumns, ['F_ARTICLE.Réf maître', 'F_ARTICLE.Valeur X']);
  });

  it('reports missing tables of an empty database, and creates them from the model', async () => {
    const db = openEmbeddedSageDb(':memory:');
    try {
      const empty = await checkSageSchema(db);
      assert.ok(empty.missingTables.includes('F_ARTICLE'));
      await createEmbeddedSchema(db);
      assert.equal((await checkSageSchema(db)).ok, true);
    } finally {
      await db.destroy();
    }
  });
});
