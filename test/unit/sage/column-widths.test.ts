import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import {
  columnWidths,
  declaredWidth,
  readColumnWidths,
  sqlServerWidthQuery,
} from '../../../activities/sage/column-widths';
import { sageDbFromSqlite, type SageDb } from '../../../activities/sage/db';
import { SAGE_TABLES, type SageDatabase } from '../../../activities/sage/schema';
import { withWriteTransaction } from '../../../activities/sage/transaction';
import { generateDemoCompany } from '../../../sandbox/sage/generator';

/** Kysely's SQL Server dialect over a driver that returns no rows: the T-SQL it would send. */
function mssqlRecorder() {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<SageDatabase>({
    dialect: {
      createAdapter: () => new MssqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new MssqlIntrospector(k),
      createQueryCompiler: () => new MssqlQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  return { db, queries };
}

describe('Sage column widths (activities/sage/column-widths)', () => {
  describe('SQL Server (compiled, not executed)', () => {
    it('reads CHARACTER_MAXIMUM_LENGTH of the model tables from INFORMATION_SCHEMA.COLUMNS', () => {
      const { db } = mssqlRecorder();
      const query = sqlServerWidthQuery(db, ['F_COMPTET', 'F_LIVRAISON']).compile();
      assert.equal(
        query.sql,
        'select "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH" ' +
          'from "INFORMATION_SCHEMA"."COLUMNS" ' +
          'where "TABLE_SCHEMA" = schema_name() and "TABLE_NAME" in (@1, @2) ' +
          'and "CHARACTER_MAXIMUM_LENGTH" is not null',
      );
      assert.deepEqual(query.parameters, ['F_COMPTET', 'F_LIVRAISON']);
    });

    it('sends that one query (every model table) when the cache is first filled', async () => {
      const { db, queries } = mssqlRecorder();
      const widths = await columnWidths(db);
      await columnWidths(db);
      assert.equal(queries.length, 1);
      assert.match(queries[0].sql, /from "INFORMATION_SCHEMA"\."COLUMNS"/);
      assert.equal(queries[0].parameters.length, Object.keys(SAGE_TABLES).length);
      // No rows (dummy driver): the model fills in, and says so.
      assert.equal(widths.widthOf('F_COMPTET', 'CT_EMail'), 69);
      assert.equal(widths.sources.get('F_COMPTET.CT_EMAIL'), 'model');
    });
  });

  it('parses declared SQLite types', () => {
    assert.equal(declaredWidth('varchar(69)'), 69);
    assert.equal(declaredWidth('NVARCHAR (35)'), 35);
    assert.equal(declaredWidth('char( 17 )'), 17);
    assert.equal(declaredWidth('TEXT'), undefined);
    assert.equal(declaredWidth('numeric(24,6)'), undefined);
  });

  describe('embedded engine (real SQLite demo company)', () => {
    let database: Database.Database;
    let db: SageDb;
    before(() => {
      database = new Database(':memory:');
      generateDemoCompany({ database, size: 'tiny', seed: 3 });
      db = sageDbFromSqlite(database);
    });
    after(() => db.destroy());

    it('reads every text column width from the declared types, matching the model', async () => {
      const widths = await readColumnWidths(db);
      for (const [table, spec] of Object.entries(SAGE_TABLES)) {
        for (const [column, columnSpec] of Object.entries(spec.columns)) {
          const length = (columnSpec as { length?: number }).length;
          if (length === undefined) continue;
          assert.equal(widths.widthOf(table, column), length, `${table}.${column}`);
          assert.equal(widths.sources.get(`${table}.${column}`.toUpperCase()), 'database');
        }
      }
      assert.equal(widths.widthOf('f_comptet', 'ct_email'), 69, 'case-insensitive');
      assert.equal(widths.widthOf('F_ARTICLE', 'REF_MAITRE'), 69, 'free fields too');
      assert.equal(widths.widthOf('F_COMPTET', 'CT_Taux01'), undefined, 'not a text column');
    });

    it('follows the database, not the model, when a column is declared otherwise', async () => {
      const other = new Database(':memory:');
      generateDemoCompany({ database: other, size: 'tiny', seed: 3 });
      other.exec('ALTER TABLE F_COMPTET RENAME COLUMN CT_EMail TO CT_EMail_old');
      other.exec('ALTER TABLE F_COMPTET ADD COLUMN CT_EMail varchar(120)');
      const otherDb = sageDbFromSqlite(other);
      try {
        const widths = await readColumnWidths(otherDb);
        assert.equal(widths.widthOf('F_COMPTET', 'CT_EMail'), 120);
      } finally {
        await otherDb.destroy();
      }
    });

    it('falls back to the model for an older file whose columns are declared TEXT', async () => {
      const legacy = new Database(':memory:');
      legacy.exec(
        'CREATE TABLE F_COMPTET (cbMarq INTEGER PRIMARY KEY, CT_Num TEXT, CT_EMail TEXT)',
      );
      const legacyDb = sageDbFromSqlite(legacy);
      try {
        const widths = await readColumnWidths(legacyDb);
        assert.equal(widths.widthOf('F_COMPTET', 'CT_EMail'), 69);
        assert.equal(widths.sources.get('F_COMPTET.CT_EMAIL'), 'model');
      } finally {
        await legacyDb.destroy();
      }
    });

    it('is cached per SageDb and shared with its transactions (no deadlock on the connection)', async () => {
      const first = await columnWidths(db);
      const inside = await withWriteTransaction(db, (trx) => columnWidths(trx));
      assert.equal(inside, first);
    });
  });
});
