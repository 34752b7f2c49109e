import assert from 'node:assert/strict';
import {
  readArticlesByReference,
  readArticlesChangedSince,
} from '../../../activities/sage/articles';
import { readCustomersChangedSince } from '../../../activities/sage/customers';
import { readArticlePricesChangedSince } from '../../../activities/sage/prices';
import { readStockChangedSince } from '../../../activities/sage/stock';
import { DEMO_BAD_DATA } from '../../../sandbox/sage/demo-profile';
import { createTestCompany, type TestCompany } from './company';

/**
 * Bad data as it exists in real Sage companies must not crash a page read: rows are returned
 * (or skipped when unusable) and every problem is listed in `issues`.
 */
describe('Sage readers on bad data', function () {
  let company: TestCompany;

  before(() => {
    company = createTestCompany('tiny', 3);
  });
  after(() => company.dispose());

  const allArticles = () => readArticlesChangedSince(company.db, { limit: 10_000 });

  it('returns an article with a NULL designation as blank, with an issue', async () => {
    const page = await allArticles();
    const article = page.items.find((a) => a.reference === DEMO_BAD_DATA.articleNullDesignation);
    assert.equal(article?.designation, '');
    assert.ok(
      page.issues.some(
        (i) => i.key === DEMO_BAD_DATA.articleNullDesignation && i.problem === 'blank-designation',
      ),
    );
  });

  it('returns an article with a blank designation as blank, with an issue', async () => {
    const page = await allArticles();
    const article = page.items.find((a) => a.reference === DEMO_BAD_DATA.articleBlankDesignation);
    assert.equal(article?.designation, '');
    assert.ok(
      page.issues.some(
        (i) => i.key === DEMO_BAD_DATA.articleBlankDesignation && i.problem === 'blank-designation',
      ),
    );
  });

  it('keeps an article of an unknown family, flagged', async () => {
    const page = await allArticles();
    const article = page.items.find((a) => a.reference === DEMO_BAD_DATA.articleUnknownFamily);
    assert.equal(article?.familyCode, DEMO_BAD_DATA.unknownFamilyCode);
    assert.equal(article?.familyKnown, false);
    assert.ok(
      page.issues.some(
        (i) => i.key === DEMO_BAD_DATA.articleUnknownFamily && i.problem === 'unknown-family',
      ),
    );
    assert.ok(
      page.items
        .filter((a) => a.reference !== DEMO_BAD_DATA.articleUnknownFamily)
        .every((a) => a.familyKnown),
    );
  });

  it('trims trailing spaces of references and reports them', async () => {
    const page = await allArticles();
    const trimmed = DEMO_BAD_DATA.articleTrailingSpaces.trim();
    const article = page.items.find((a) => a.reference === trimmed);
    assert.ok(article, 'found under the trimmed reference');
    assert.equal(article.designation, 'Référence avec espaces');
    assert.ok(page.issues.some((i) => i.key === trimmed && i.problem === 'key-has-whitespace'));
    const stock = await readStockChangedSince(company.db, { limit: 10_000 });
    assert.equal(stock.items.filter((s) => s.articleReference === trimmed).length, 8);
    // Looked up by its trimmed reference, as SQL Server compares (trailing spaces ignored).
    const byRef = await readArticlesByReference(company.db, [trimmed]);
    assert.deepEqual(
      byRef.items.map((a) => a.reference),
      [trimmed],
    );
    const customers = await readCustomersChangedSince(company.db, { limit: 10_000 });
    const customer = customers.items.find(
      (c) => c.account === DEMO_BAD_DATA.customerTrailingSpaces.trim(),
    );
    assert.ok(customer);
    assert.ok(
      customer.contacts.length >= 1,
      'child rows stored with the untrimmed key are attached',
    );
  });

  it('returns negative stock as stored, with an issue', async () => {
    const page = await readStockChangedSince(company.db, { limit: 10_000 });
    const row = page.items.find(
      (s) =>
        s.articleReference === DEMO_BAD_DATA.articleNegativeStock &&
        s.depotNo === DEMO_BAD_DATA.negativeStockDepot,
    );
    assert.equal(row?.onHand, '-3');
    assert.ok(
      page.issues.some(
        (i) =>
          i.problem === 'negative-stock' && i.key.startsWith(DEMO_BAD_DATA.articleNegativeStock),
      ),
    );
  });

  it('reports a customer whose postal code matches no depot, with no depot', async () => {
    const page = await readCustomersChangedSince(company.db, { limit: 10_000 });
    const customer = page.items.find((c) => c.account === DEMO_BAD_DATA.customerNoDepotMatch);
    assert.equal(customer?.depotNo, null);
    assert.equal(customer?.address.postalCode, '98000');
    assert.ok(
      page.issues.some(
        (i) =>
          i.key === DEMO_BAD_DATA.customerNoDepotMatch &&
          i.problem === 'postal-code-matches-no-depot',
      ),
    );
  });

  describe('rows injected with broken values', () => {
    before(async () => {
      // Things SQL Server would refuse but a damaged embedded file or an odd import could hold.
      await company.db
        .insertInto('F_ARTICLE')
        .values({
          AR_Ref: 'BAD-PRICE',
          AR_Design: 'Prix illisible',
          FA_CodeFamille: 'FAM001',
          AR_PrixVen: 'douze',
        })
        .execute();
      await company.db
        .insertInto('F_ARTICLE')
        .values({ AR_Ref: '   ', AR_Design: 'Sans référence', FA_CodeFamille: 'FAM001' })
        .execute();
      await company.db
        .insertInto('F_ARTSTOCK')
        .values({ AR_Ref: 'BAD-PRICE', DE_No: 99, AS_QteSto: '4' })
        .execute();
      await company.db
        .insertInto('F_ARTCLIENT')
        .values({ AR_Ref: 'BAD-PRICE', AC_Categorie: 1, CT_Num: '', AC_PrixVen: '1,5' })
        .execute();
      await company.db
        .insertInto('F_COMPTET')
        .values({
          CT_Num: 'CLORPHAN',
          CT_Intitule: null,
          CT_NumCentrale: 'NO-SUCH-CENTRAL',
          CT_NumPayeur: 'NO-SUCH-PAYER',
        })
        .execute();
    });

    it('skips an article whose price is not a number and keeps reading the page', async () => {
      const page = await allArticles();
      assert.ok(!page.items.some((a) => a.reference === 'BAD-PRICE'));
      assert.ok(page.issues.some((i) => i.key === 'BAD-PRICE' && i.problem === 'invalid-number'));
      assert.ok(page.items.length >= company.counts.articles);
    });

    it('skips an article with a blank reference, keyed by its cbMarq', async () => {
      const page = await allArticles();
      assert.ok(page.issues.some((i) => i.key.startsWith('#') && i.problem === 'blank-key'));
    });

    it('flags stock in an unknown depot and skips unreadable prices', async () => {
      const stock = await readStockChangedSince(company.db, { limit: 10_000 });
      assert.ok(
        stock.issues.some((i) => i.key === 'BAD-PRICE@99' && i.problem === 'unknown-depot'),
      );
      const prices = await readArticlePricesChangedSince(company.db, { limit: 10_000 });
      assert.ok(
        prices.issues.some((i) => i.key.startsWith('BAD-PRICE') && i.problem === 'invalid-number'),
      );
    });

    it('flags a nameless customer with a missing central and payer', async () => {
      const page = await readCustomersChangedSince(company.db, { limit: 10_000 });
      const problems = page.issues.filter((i) => i.key === 'CLORPHAN').map((i) => i.problem);
      assert.deepEqual([...problems].sort(), [
        'blank-designation',
        'postal-code-matches-no-depot',
        'unknown-central',
        'unknown-payer',
      ]);
      assert.equal(page.items.find((c) => c.account === 'CLORPHAN')?.name, '');
    });
  });
});
