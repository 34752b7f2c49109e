import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sageConfigSchema } from '../../../shared/config/sage';
import { contentHash } from '../../../sandbox/sage/content-hash';
import {
  DEMO_BAD_DATA,
  DEMO_OVERSEAS_CUSTOMER,
  DEMO_PROFILES,
} from '../../../sandbox/sage/demo-profile';
import { ensureDemoCompany } from '../../../sandbox/sage/ensure';
import { generateDemoCompany } from '../../../sandbox/sage/generator';

function hashOf(size: 'tiny' | 'small' | 'customer', seed: number): string {
  const database = new Database(':memory:');
  try {
    generateDemoCompany({ database, size, seed });
    return contentHash(database);
  } finally {
    database.close();
  }
}

describe('Demo company generator', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sage-gen-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic: same seed, same content hash; another seed, another hash', () => {
    const first = hashOf('small', 42);
    assert.equal(hashOf('small', 42), first);
    assert.notEqual(hashOf('small', 43), first);
    assert.notEqual(hashOf('tiny', 42), first);
  });

  // Its speed (< 30 s required) is measured by bench/sage-generator.ts, not here.
  it('builds the customer-scale company with the expected shape', () => {
    const database = new Database(':memory:');
    try {
      const counts = generateDemoCompany({ database, size: 'customer', seed: 42 });
      assert.equal(counts.articles, 15_000);
      // The profile's customers and the overseas one (DEMO_OVERSEAS_CUSTOMER).
      assert.equal(counts.customers, 3_001);
      assert.equal(counts.depots, 8);
      assert.equal(counts.families, 126);
      assert.equal(counts.stockRows, 15_000 * 8);
      const count = (q: string) => (database.prepare(q).get() as { n: number }).n;
      const variations = count(`SELECT COUNT(*) AS n FROM F_ARTICLE WHERE REF_MAITRE <> ''`);
      assert.ok(
        variations > 0.35 * 15_000 && variations < 0.45 * 15_000,
        `${variations} variations`,
      );
      assert.equal(
        count(
          `SELECT COUNT(DISTINCT FA_CodeFamille) AS n FROM F_ARTICLE WHERE FA_CodeFamille LIKE 'FAM%'`,
        ),
        45,
      );
      assert.equal(count(`SELECT COUNT(*) AS n FROM P_CATTARIF WHERE CT_Intitule <> ''`), 2);
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_NumCentrale <> ''`) > 100,
        'central members',
      );
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_Sommeil = 1`) > 50,
        'sleeping accounts',
      );
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_NumPayeur <> CT_Num`) > 50,
        'paying third parties',
      );
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_ARTCLIENT WHERE AC_Categorie = 0`) > 500,
        'exception prices',
      );
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_FAMTARIF WHERE FT_Remise <> '0'`) > 20,
        'family discounts',
      );
      const zeros = count(`SELECT COUNT(*) AS n FROM F_ARTSTOCK WHERE AS_QteSto = '0'`);
      assert.ok(zeros > 0.25 * 120_000 && zeros < 0.5 * 120_000, `${zeros} zero stock rows`);
      assert.ok(
        count(`SELECT COUNT(*) AS n FROM F_ARTSTOCK WHERE AS_QteRes <> '0'`) > 1000,
        'reservations',
      );
    } finally {
      database.close();
    }
  });

  for (const size of ['small', 'tiny'] as const) {
    it(`the ${size} company holds the same kinds of special cases`, () => {
      const database = new Database(':memory:');
      try {
        const counts = generateDemoCompany({ database, size, seed: 1 });
        assert.equal(counts.articles, DEMO_PROFILES[size].articles);
        assert.equal(counts.customers, DEMO_PROFILES[size].customers + 1);
        assert.equal(counts.depots, 8);
        const count = (q: string, ...p: unknown[]) =>
          (database.prepare(q).get(...p) as { n: number }).n;
        assert.ok(
          count(`SELECT COUNT(*) AS n FROM F_ARTICLE WHERE REF_MAITRE <> ''`) >= 2,
          'variable groups',
        );
        assert.ok(count(`SELECT COUNT(*) AS n FROM F_CONDITION`) >= 1, 'packaging variations');
        assert.ok(
          count(`SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_Num LIKE 'CENTRALE%'`) >= 1,
          'centrals',
        );
        for (const ref of [
          DEMO_BAD_DATA.articleNullDesignation,
          DEMO_BAD_DATA.articleBlankDesignation,
          DEMO_BAD_DATA.articleUnknownFamily,
          DEMO_BAD_DATA.articleTrailingSpaces,
          DEMO_BAD_DATA.articleNegativeStock,
        ]) {
          assert.equal(count(`SELECT COUNT(*) AS n FROM F_ARTICLE WHERE AR_Ref = ?`, ref), 1, ref);
        }
        assert.equal(
          count(
            `SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_Num = ?`,
            DEMO_BAD_DATA.customerNoDepotMatch,
          ),
          1,
        );
        assert.equal(count(`SELECT COUNT(*) AS n FROM F_ARTSTOCK WHERE AS_QteSto LIKE '-%'`), 1);
        // VAT by accounting category: every family taxed in France (20 %) and overseas (0 %).
        assert.equal(
          count(
            `SELECT COUNT(*) AS n FROM F_COMPTET WHERE CT_Num = ? AND N_CatCompta = 2`,
            DEMO_OVERSEAS_CUSTOMER.account,
          ),
          1,
        );
        assert.equal(
          count(
            `SELECT COUNT(*) AS n FROM F_FAMCOMPTA WHERE FCP_Champ = 2 AND FCP_ComptaCPT_Taxe1 = 'C00'`,
          ),
          counts.families,
        );
        assert.equal(count(`SELECT COUNT(*) AS n FROM P_CATCOMPTA WHERE CA_ComptaVen02 <> ''`), 1);
      } finally {
        database.close();
      }
    });
  }

  it('ensureDemoCompany generates only when the file is absent or empty', () => {
    const path = join(dir, 'demo.sqlite');
    const parse = (file: string) =>
      sageConfigSchema.parse({
        kind: 'embedded',
        embedded: { path: file },
        demo: { size: 'tiny', seed: 5 },
      });
    const config = parse(path);
    const first = ensureDemoCompany(config);
    assert.equal(first.generated, true);
    assert.ok(existsSync(path));
    const database = new Database(path);
    database.prepare(`UPDATE F_DEPOT SET DE_Intitule = 'kept' WHERE DE_No = 1`).run();
    // A company made before the payment schedules were modelled.
    database.exec('DROP TABLE F_DOCREGL');
    database.close();
    const second = ensureDemoCompany(config);
    assert.equal(second.generated, false);
    const check = new Database(path);
    assert.equal(
      (check.prepare(`SELECT DE_Intitule AS n FROM F_DEPOT WHERE DE_No = 1`).get() as { n: string })
        .n,
      'kept',
    );
    assert.ok(
      check.prepare(`SELECT name FROM sqlite_master WHERE name = 'F_DOCREGL'`).get(),
      'an existing company gets the tables a newer model added',
    );
    check.close();

    const emptyPath = join(dir, 'empty.sqlite');
    writeFileSync(emptyPath, '');
    const fromEmpty = ensureDemoCompany(parse(emptyPath));
    assert.equal(fromEmpty.generated, true);
    assert.throws(() => ensureDemoCompany(parse(':memory:')), /file path/);
  });

  it('refuses to generate over an existing company', () => {
    const database = new Database(':memory:');
    try {
      generateDemoCompany({ database, size: 'tiny', seed: 1 });
      assert.throws(
        () => generateDemoCompany({ database, size: 'tiny', seed: 1 }),
        /already holds/,
      );
    } finally {
      database.close();
    }
  });
});
