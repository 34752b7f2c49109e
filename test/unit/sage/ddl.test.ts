import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import {
  columnNames,
  renderSqliteSchema,
  renderSqlServerSchema,
} from '../../../activities/sage/ddl';
import { DEFAULT_FREE_FIELDS } from '../../../activities/sage/free-fields';
import { SAGE_TABLES } from '../../../activities/sage/schema';
import { SQLSERVER_SCHEMA_PATH } from '../../../sandbox/sage/write-sqlserver-schema';

describe('schema model → DDL', () => {
  const freeFields = {
    masterReference: 'Réf maître',
    attributes: [{ name: 'Attribut 1', value: 'Valeur 1' }],
  };

  it('creates every table of the model on SQLite, free fields included', () => {
    const database = new Database(':memory:');
    try {
      for (const statement of renderSqliteSchema({ freeFields })) database.exec(statement);
      for (const table of Object.keys(SAGE_TABLES) as (keyof typeof SAGE_TABLES)[]) {
        const columns = (
          database.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]
        ).map((c) => c.name);
        assert.deepEqual(columns, columnNames(table, { freeFields }), table);
      }
      // Re-running is harmless (IF NOT EXISTS).
      for (const statement of renderSqliteSchema({ freeFields })) database.exec(statement);
    } finally {
      database.close();
    }
  });

  it('stores decimals as exact text and moves cbModification on update', () => {
    const database = new Database(':memory:');
    try {
      for (const statement of renderSqliteSchema({ freeFields })) database.exec(statement);
      database
        .prepare(
          `INSERT INTO F_DEPOT (DE_No, DE_Intitule, cbModification) VALUES (1, 'A', '2025-01-01T00:00:00.000')`,
        )
        .run();
      database
        .prepare(`INSERT INTO F_ARTSTOCK (AR_Ref, DE_No, AS_QteSto) VALUES ('X', 1, '0.1')`)
        .run();
      const stock = database
        .prepare(`SELECT AS_QteSto, typeof(AS_QteSto) AS t FROM F_ARTSTOCK`)
        .get();
      assert.deepEqual(stock, { AS_QteSto: '0.1', t: 'text' });
      database.prepare(`UPDATE F_DEPOT SET DE_Intitule = 'B'`).run();
      const depot = database.prepare(`SELECT cbModification AS m FROM F_DEPOT`).get() as {
        m: string;
      };
      assert.ok(depot.m > '2025-01-01T00:00:00.000');
      assert.match(depot.m, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
      // A writer that sets cbModification itself keeps its value (as Sage's own writes do).
      database
        .prepare(`UPDATE F_DEPOT SET DE_Intitule = 'C', cbModification = '2030-01-01T00:00:00.000'`)
        .run();
      assert.equal(
        (database.prepare(`SELECT cbModification AS m FROM F_DEPOT`).get() as { m: string }).m,
        '2030-01-01T00:00:00.000',
      );
    } finally {
      database.close();
    }
  });

  it('renders SQL Server types from the same model', () => {
    const script = renderSqlServerSchema({ freeFields });
    assert.match(script, /\[cbMarq\] int IDENTITY\(1,1\) NOT NULL/);
    assert.match(script, /\[AR_PrixVen\] numeric\(24,6\) NOT NULL/);
    assert.match(script, /\[AR_Ref\] varchar\(19\) NOT NULL/);
    assert.match(script, /\[Réf maître\] varchar\(69\) NULL/);
    assert.match(script, /CREATE OR ALTER TRIGGER \[dbo\]\.\[TG_SWS_UPD_F_ARTSTOCK\]/);
    assert.equal(script.match(/CREATE TABLE/g)?.length, Object.keys(SAGE_TABLES).length);
  });

  it('the committed SQL Server script is up to date with the model', () => {
    assert.equal(
      readFileSync(SQLSERVER_SCHEMA_PATH, 'utf8'),
      renderSqlServerSchema({ freeFields: DEFAULT_FREE_FIELDS }),
      'run: npx tsx sandbox/sage/write-sqlserver-schema.ts',
    );
  });
});
