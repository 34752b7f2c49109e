import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createQuote } from '../../../activities/sage/quotes';
import { DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import { openEmbeddedSageDb, sageDbFromSqlite } from '../../../activities/sage/db';
import { readArticlesChangedSince } from '../../../activities/sage/articles';
import { main } from '../../../sandbox/sage/cli';
import { generateDemoCompany } from '../../../sandbox/sage/generator';

/** Runs the CLI in-process and returns what it printed. */
async function run(args: string[]): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...values: unknown[]) => {
    lines.push(values.map(String).join(' '));
  };
  try {
    await main(args);
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

describe('Demo company CLI', () => {
  let dir: string;
  let db: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sage-cli-'));
    db = join(dir, 'demo.sqlite');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates, transforms, reads the chain and mutates', async () => {
    const generated = JSON.parse(
      await run(['generate', '--size', 'tiny', '--seed', '3', '--out', db]),
    );
    assert.equal(generated.articles, 30);
    const hash = await run(['hash', '--db', db]);
    assert.match(hash, /^[0-9a-f]{64}$/);

    const sage = openEmbeddedSageDb(db);
    const article = await sage
      .selectFrom('F_ARTICLE')
      .select('AR_Ref')
      .where('AR_Ref', 'like', '%-0%')
      .executeTakeFirstOrThrow();
    const quote = await createQuote(
      sage,
      {
        webOrderNumber: 'WEB-CLI',
        customerAccount: 'CL00001',
        date: '2026-03-02',
        depotNo: 1,
        lines: [{ articleReference: article.AR_Ref, quantity: '2', unitPrice: '3.5', depotNo: 1 }],
      },
      DEFAULT_WRITER_OPTIONS,
    );
    await sage.destroy();

    const transformed = JSON.parse(
      await run(['transform', quote.quotePiece, '--to', 'BC', '--db', db]),
    );
    assert.equal(transformed.piece, 'BC00001');
    JSON.parse(await run(['advance', quote.quotePiece, '--db', db]));
    const chain = JSON.parse(await run(['chain', quote.quotePiece, '--db', db]));
    assert.equal(chain.stage, 'picking');
    const stock = JSON.parse(
      await run(['mutate-stock', '--count', '3', '--seed', '1', '--db', db]),
    );
    assert.equal(stock.length, 3);
    assert.notEqual(await run(['hash', '--db', db]), hash);
    await assert.rejects(
      run(['transform', quote.quotePiece, '--to', 'XX', '--db', db]),
      /--to must be/,
    );
    await assert.rejects(
      run(['chain', 'DE1', '--db', join(dir, 'missing.sqlite')]),
      /no demo company/,
    );
  });

  it('an in-memory company can be wrapped for the readers', async () => {
    const database = new Database(':memory:');
    generateDemoCompany({ database, size: 'tiny', seed: 2 });
    const sage = sageDbFromSqlite(database);
    const page = await readArticlesChangedSince(sage, { limit: 100 });
    assert.equal(page.items.length, 30);
    await sage.destroy();
  });
});
