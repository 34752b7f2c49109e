import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { readArticlesChangedSince } from '../../../activities/sage/articles';
import { readCustomersChangedSince } from '../../../activities/sage/customers';
import { sageDialect } from '../../../activities/sage/db';
import { readDocumentChain } from '../../../activities/sage/documents';
import { createQuote } from '../../../activities/sage/quotes';
import type { SageDatabase } from '../../../activities/sage/schema';
import { readStockChangedSince } from '../../../activities/sage/stock';
import { DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';

/**
 * No SQL Server here: the same query code is compiled by Kysely's SQL Server dialect over a
 * driver that returns no rows, to check the T-SQL it would send.
 */
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

describe('Sage query layer on the SQL Server dialect (compiled, not executed)', () => {
  it('is recognised as SQL Server', () => {
    assert.equal(sageDialect(mssqlRecorder().db), 'mssql');
  });

  it('pages with TOP and keyset predicates, never LIMIT', async () => {
    const { db, queries } = mssqlRecorder();
    await readArticlesChangedSince(db, {
      since: '2026-01-01T00:00:00.000',
      after: { modifiedAt: '2026-01-02T00:00:00.000', rowId: 5 },
      limit: 50,
    });
    await readStockChangedSince(db, { limit: 50 });
    await readCustomersChangedSince(db, { limit: 50 });
    const pages = queries.filter((q) => /order by/i.test(q.sql) && /cbModification/.test(q.sql));
    assert.ok(pages.length >= 3);
    for (const q of pages) {
      assert.match(q.sql, /select top\(50\)/i);
      assert.doesNotMatch(q.sql, /\blimit\b/i);
    }
    const articles = pages[0];
    assert.match(articles.sql, /"a"\."cbModification" >= @1/);
    assert.match(articles.sql, /"a"\."REF_MAITRE" as "ff_master"/);
    assert.deepEqual(articles.parameters.slice(0, 4), [
      '2026-01-01T00:00:00.000',
      '2026-01-02T00:00:00.000',
      '2026-01-02T00:00:00.000',
      5,
    ]);
  });

  it('locks the numbering row with UPDLOCK, HOLDLOCK before anything else', async () => {
    const { db, queries } = mssqlRecorder();
    await assert.rejects(
      createQuote(
        db,
        {
          webOrderNumber: 'WEB-1',
          customerAccount: 'CL00001',
          date: '2026-03-02',
          depotNo: 1,
          lines: [{ articleReference: 'A', quantity: '1', unitPrice: '1', depotNo: 1 }],
        },
        DEFAULT_WRITER_OPTIONS,
      ),
      /NumberingMissing|F_DOCCURRENTPIECE/,
    );
    assert.match(queries[0].sql, /WITH \(UPDLOCK, HOLDLOCK\)/);
  });

  it('reads a document chain with portable SQL', async () => {
    const { db, queries } = mssqlRecorder();
    const chain = await readDocumentChain(db, 'DE00001');
    assert.equal(chain.stage, null);
    assert.ok(queries.every((q) => !/\blimit\b/i.test(q.sql)));
  });
});
