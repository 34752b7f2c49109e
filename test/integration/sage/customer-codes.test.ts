import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readCustomerArticleCodes } from '../../../activities/sage/customer-codes';
import { createQuote } from '../../../activities/sage/quotes';
import { DEFAULT_WRITER_OPTIONS } from '../../../activities/sage/writer';
import { sageConfigSchema } from '../../../shared/config/sage';
import { DEMO_BAD_DATA } from '../../../sandbox/sage/demo-profile';
import { ensureDemoCompany } from '../../../sandbox/sage/ensure';
import { createTestCompany, type TestCompany } from './company';

/**
 * Customer article codes (F_ARTCLIENT.AC_RefClient) read from the embedded Sage company with
 * real SQL, and carried onto the quote lines (F_DOCLIGNE.AC_RefClient).
 */
describe('customer article codes (embedded Sage company)', function () {
  let company: TestCompany;
  let refs: string[];
  const SOLO = 'CL00001';
  const CENTRAL = 'CENTRALE01';
  const MEMBER = 'CL00002';
  const LONG = 'A-CODE-WIDER-THAN-19-CHARS';

  async function customerRow(account: string, article: string, code: string | null) {
    await company.db
      .insertInto('F_ARTCLIENT')
      .values({ AR_Ref: article, AC_Categorie: 0, CT_Num: account, AC_RefClient: code })
      .execute();
  }

  before(async () => {
    company = createTestCompany('tiny', 5);
    refs = (
      await company.db
        .selectFrom('F_ARTICLE')
        .select('AR_Ref')
        .where('AR_Sommeil', '=', 0)
        .where('AR_Ref', 'like', '%-0%')
        .orderBy('cbMarq')
        .limit(5)
        .execute()
    ).map((a) => a.AR_Ref);
    const accounts = [SOLO, CENTRAL, MEMBER, DEMO_BAD_DATA.customerTrailingSpaces];
    await company.db
      .deleteFrom('F_ARTCLIENT')
      .where('AC_Categorie', '=', 0)
      .where('CT_Num', 'in', accounts)
      .execute();
    await company.db
      .updateTable('F_COMPTET')
      .set({ CT_NumCentrale: CENTRAL })
      .where('CT_Num', '=', MEMBER)
      .execute();
    await company.db
      .updateTable('F_COMPTET')
      .set({ CT_NumCentrale: '' })
      .where('CT_Num', '=', SOLO)
      .execute();
    await customerRow(SOLO, refs[0], 'SOLO-A  ');
    await customerRow(SOLO, refs[1], '');
    await customerRow(SOLO, refs[2], null);
    await customerRow(CENTRAL, refs[0], 'CENT-A');
    await customerRow(CENTRAL, refs[1], 'CENT-B');
    await customerRow(MEMBER, refs[1], 'MINE-B');
    await customerRow(MEMBER, refs[3], LONG);
    await customerRow(MEMBER, refs[4], 'Ω-1');
    await customerRow(DEMO_BAD_DATA.customerTrailingSpaces, refs[2], 'SP-C');
    await customerRow(DEMO_BAD_DATA.customerTrailingSpaces, refs[3], 'sp-c');
    // A category row may carry a code too: it is nobody's.
    await company.db
      .updateTable('F_ARTCLIENT')
      .set({ AC_RefClient: 'CATEGORY-CODE' })
      .where('AC_Categorie', '>', 0)
      .execute();
  });
  after(() => company.dispose());

  it("gives each customer its own codes, a member its central's where it has none", async () => {
    const { codes, issues } = await readCustomerArticleCodes(company.db, [
      { account: SOLO, centralAccount: '' },
      { account: CENTRAL, centralAccount: '' },
      { account: MEMBER, centralAccount: CENTRAL },
      { account: 'CL00003', centralAccount: '' },
      { account: 'CLSPACES', centralAccount: '' },
    ]);
    // Trimmed; blank and NULL codes are no codes; category rows never count.
    assert.deepEqual(codes.get(SOLO), { [refs[0]]: 'SOLO-A' });
    assert.deepEqual(codes.get(CENTRAL), { [refs[0]]: 'CENT-A', [refs[1]]: 'CENT-B' });
    assert.deepEqual(codes.get(MEMBER), {
      [refs[0]]: 'CENT-A',
      [refs[1]]: 'MINE-B',
      [refs[3]]: LONG,
      [refs[4]]: 'Ω-1',
    });
    // Demo rows of CL00003 may carry codes: whatever they are, never a category's.
    assert.ok(!Object.values(codes.get('CL00003') ?? {}).includes('CATEGORY-CODE'));
    assert.deepEqual(codes.get('CLSPACES'), { [refs[2]]: 'SP-C', [refs[3]]: 'sp-c' });
    // Reported, never cut: too wide for the quote line, outside CP1252, ambiguous.
    const byProblem = (problem: string) =>
      issues.filter((i) => i.problem === problem).map((i) => i.key);
    assert.deepEqual(byProblem('article-code-too-long'), [`${MEMBER}/${refs[3]}`]);
    assert.deepEqual(byProblem('article-code-not-cp1252'), [`${MEMBER}/${refs[4]}`]);
    assert.deepEqual(byProblem('ambiguous-article-code'), ['CLSPACES']);
  });

  it('reads only the articles asked for', async () => {
    const { codes } = await readCustomerArticleCodes(
      company.db,
      [{ account: MEMBER, centralAccount: CENTRAL }],
      [refs[0]],
    );
    assert.deepEqual(codes.get(MEMBER), { [refs[0]]: 'CENT-A' });
  });

  it("writes the customer's code on its quote lines, none where it has none or it does not fit", async () => {
    const line = (articleReference: string) => ({
      articleReference,
      quantity: '1',
      unitPrice: '10',
      depotNo: 1,
    });
    const result = await createQuote(
      company.db,
      {
        webOrderNumber: 'WEB-CODES-1',
        customerAccount: MEMBER,
        date: '2026-03-02',
        depotNo: 1,
        lines: [refs[0], refs[1], refs[2], refs[3], refs[4]].map(line),
      },
      { ...DEFAULT_WRITER_OPTIONS, creatorTag: 'TEST' },
    );
    const lines = await company.db
      .selectFrom('F_DOCLIGNE')
      .select(['AR_Ref', 'AC_RefClient'])
      .where('DO_Piece', '=', result.quotePiece)
      .orderBy('DL_Ligne')
      .execute();
    assert.deepEqual(
      lines.map((l) => l.AC_RefClient),
      ['CENT-A', 'MINE-B', '', '', ''],
    );
  });

  it("the demo company carries codes, and its members inherit their central's", async () => {
    const demo = createTestCompany('small', 42);
    try {
      const accounts = await demo.db
        .selectFrom('F_COMPTET')
        .select(['CT_Num', 'CT_NumCentrale'])
        .execute();
      const owners = accounts.map((a) => ({
        account: a.CT_Num,
        centralAccount: a.CT_NumCentrale ?? '',
      }));
      const { codes } = await readCustomerArticleCodes(demo.db, owners);
      const withCodes = owners.filter((o) => Object.keys(codes.get(o.account.trim()) ?? {}).length);
      assert.ok(withCodes.length >= 3, `${withCodes.length} demo customers have codes`);
      const members = owners.filter((o) => o.centralAccount.trim() !== '');
      assert.ok(members.length > 0, 'the demo has members of a central');
      let inherited = 0;
      for (const member of members) {
        const central = codes.get(member.centralAccount.trim()) ?? {};
        const effective = codes.get(member.account.trim()) ?? {};
        for (const [sku, code] of Object.entries(central)) {
          assert.ok(effective[sku] !== undefined, `${member.account} has a code for ${sku}`);
          if (effective[sku] === code) inherited += 1;
        }
      }
      assert.ok(inherited > 0, "members use their central's codes");
    } finally {
      await demo.dispose();
    }
  });

  it('an embedded company made before the quote lines had the code column gets it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sage-codes-'));
    try {
      const config = sageConfigSchema.parse({
        kind: 'embedded',
        embedded: { path: join(dir, 'old.sqlite') },
        demo: { size: 'tiny', seed: 5 },
      });
      ensureDemoCompany(config);
      const old = new Database(join(dir, 'old.sqlite'));
      old.exec('ALTER TABLE F_DOCLIGNE DROP COLUMN AC_RefClient');
      old.close();
      ensureDemoCompany(config);
      const check = new Database(join(dir, 'old.sqlite'));
      const columns = check
        .prepare(`SELECT name, type FROM pragma_table_info('F_DOCLIGNE')`)
        .all() as {
        name: string;
        type: string;
      }[];
      check.close();
      assert.deepEqual(
        columns.filter((c) => c.name === 'AC_RefClient'),
        [{ name: 'AC_RefClient', type: 'varchar(19)' }],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
