import assert from 'node:assert/strict';
import { salesVatOf, type SalesTaxTables, type Tax } from '../../../shared/sage/vat';

const taxes = new Map<string, Tax>([
  ['C20', { code: 'C20', kind: 0, rate: '20' }],
  ['C00', { code: 'C00', kind: 0, rate: '0' }],
  ['ECO', { code: 'ECO', kind: 1, rate: '0.5' }],
]);
const tables = (articles: [string, string][], families: [string, string][]): SalesTaxTables => ({
  articles: new Map(articles.map(([key, taxCode]) => [key, { key, taxCode }])),
  families: new Map(families.map(([key, taxCode]) => [key, { key, taxCode }])),
  taxes,
});
const article = { reference: 'RAC-1', familyCode: 'RACC' };

describe('VAT of a sale by accounting category (salesVatOf)', () => {
  it("takes the family's tax when the article has no row of its own", () => {
    assert.deepEqual(salesVatOf(article, 2, tables([], [['RACC', 'C00']])), {
      rate: '0',
      code: 'C00',
      source: 'family',
    });
  });

  it("takes the article's own row first; a row without a code leaves the family's", () => {
    const both = tables([['RAC-1', 'C20']], [['RACC', 'C00']]);
    assert.deepEqual(salesVatOf(article, 1, both), { rate: '20', code: 'C20', source: 'article' });
    const blank = tables([['RAC-1', '']], [['RACC', 'C00']]);
    assert.equal((salesVatOf(article, 1, blank) as { source: string }).source, 'family');
  });

  it('names the problem: no row, an unknown code, a tax that is an amount', () => {
    const problem = (t: SalesTaxTables) =>
      (salesVatOf(article, 2, t) as { problem: string }).problem;
    assert.equal(problem(tables([], [])), 'no-tax-row');
    assert.equal(problem(tables([], [['RACC', 'C99']])), 'unknown-tax-code');
    assert.equal(problem(tables([], [['RACC', 'ECO']])), 'tax-not-a-rate');
  });
});
