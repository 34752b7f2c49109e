import type { DecimalString } from './decimal';

/**
 * The VAT of a sale in Sage (docs/sage-tables.md, "VAT"): the customer's accounting category
 * (N_CatCompta) picks, for the article, its own sales row of that category (F_ARTCOMPTA), else
 * its family's (F_FAMCOMPTA); the row's first tax code names a tax (F_TAXE) whose rate applies.
 * Pure: the rows are read by activities/sage/vat.ts.
 */

/** A sales tax row of an article or a family for one accounting category. */
export interface SalesTaxRow {
  /** The article reference (F_ARTCOMPTA) or the family code (F_FAMCOMPTA). */
  key: string;
  taxCode: string;
}

export interface Tax {
  code: string;
  /** TA_TTaux: 0 = a rate in percent; anything else (an amount) is not a VAT rate. */
  kind: number;
  rate: DecimalString;
}

export interface SalesVat {
  rate: DecimalString;
  /** F_TAXE code written to DL_CodeTaxe1. */
  code: string;
  source: 'article' | 'family';
}

export type SalesVatProblem = 'no-tax-row' | 'unknown-tax-code' | 'tax-not-a-rate';

export type SalesVatResult = SalesVat | { problem: SalesVatProblem; detail: string };

export interface SalesTaxTables {
  /** The category's article rows, by upper-case reference. */
  articles: ReadonlyMap<string, SalesTaxRow>;
  /** The category's family rows, by upper-case family code. */
  families: ReadonlyMap<string, SalesTaxRow>;
  /** Taxes by upper-case code. */
  taxes: ReadonlyMap<string, Tax>;
}

/** The VAT of one article for a customer of accounting category `category`. */
export function salesVatOf(
  article: { reference: string; familyCode: string },
  category: number,
  tables: SalesTaxTables,
): SalesVatResult {
  const own = tables.articles.get(article.reference.toUpperCase());
  const family = tables.families.get(article.familyCode.toUpperCase());
  // An article row without a tax code leaves the family's in force.
  const row = own !== undefined && own.taxCode !== '' ? own : family;
  const source = row === own ? 'article' : 'family';
  if (row === undefined || row.taxCode === '') {
    return {
      problem: 'no-tax-row',
      detail: `article ${article.reference} (family ${article.familyCode || 'none'}) has no sales tax code for accounting category ${category}`,
    };
  }
  const tax = tables.taxes.get(row.taxCode.toUpperCase());
  if (tax === undefined) {
    return {
      problem: 'unknown-tax-code',
      detail: `tax code ${row.taxCode} of article ${article.reference} (category ${category}) is not in F_TAXE`,
    };
  }
  if (tax.kind !== 0) {
    return {
      problem: 'tax-not-a-rate',
      detail: `tax ${tax.code} of article ${article.reference} is an amount (TA_TTaux ${tax.kind}), not a VAT rate`,
    };
  }
  return { rate: tax.rate, code: tax.code, source };
}
