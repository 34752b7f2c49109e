import { normaliseKey } from '../../shared/sage/references';
import { salesVatOf, type SalesTaxRow, type SalesVatResult, type Tax } from '../../shared/sage/vat';
import { decimalOf, textOf } from './convert';
import type { SageDb } from './db';
import { limitTo } from './paging';

/** ACP_Type / FCP_Type 0: sales; ACP_TypeFacture / FCP_TypeFacture 0: an invoice. */
const SALES = 0;
const INVOICE = 0;

export interface SalesVatRead {
  /** By upper-case article reference. */
  byArticle: Map<string, SalesVatResult>;
  /**
   * Whether the company holds any sales tax row for the category: a company that keeps none
   * (VAT left to Sage's defaults) is priced with the writer's default rate.
   */
  categoryHasRows: boolean;
}

/**
 * The VAT of some articles for a customer of accounting category `category` (N_CatCompta):
 * one read of F_ARTCOMPTA, F_FAMCOMPTA and F_TAXE each (shared/sage/vat.ts resolves).
 */
export async function readSalesVat(
  db: SageDb,
  category: number,
  articles: readonly { reference: string; familyCode: string }[],
): Promise<SalesVatRead> {
  const references = [...new Set(articles.map((a) => normaliseKey(a.reference)))];
  const families = [...new Set(articles.map((a) => normaliseKey(a.familyCode)))];
  const articleRows =
    references.length === 0
      ? []
      : await db
          .selectFrom('F_ARTCOMPTA')
          .select(['AR_Ref', 'ACP_ComptaCPT_Taxe1'])
          .where('ACP_Type', '=', SALES)
          .where('ACP_Champ', '=', category)
          .where('ACP_TypeFacture', '=', INVOICE)
          .where('AR_Ref', 'in', references)
          .execute();
  const familyRows =
    families.length === 0
      ? []
      : await db
          .selectFrom('F_FAMCOMPTA')
          .select(['FA_CodeFamille', 'FCP_ComptaCPT_Taxe1'])
          .where('FCP_Type', '=', SALES)
          .where('FCP_Champ', '=', category)
          .where('FCP_TypeFacture', '=', INVOICE)
          .where('FA_CodeFamille', 'in', families)
          .execute();
  const byKey = (rows: SalesTaxRow[]) => new Map(rows.map((r) => [r.key.toUpperCase(), r]));
  const tables = {
    articles: byKey(
      articleRows.map((r) => ({
        key: normaliseKey(r.AR_Ref),
        taxCode: textOf(r.ACP_ComptaCPT_Taxe1),
      })),
    ),
    families: byKey(
      familyRows.map((r) => ({
        key: normaliseKey(r.FA_CodeFamille),
        taxCode: textOf(r.FCP_ComptaCPT_Taxe1),
      })),
    ),
    taxes: new Map<string, Tax>(),
  };
  const codes = [...tables.articles.values(), ...tables.families.values()]
    .map((r) => r.taxCode)
    .filter((c) => c !== '');
  if (codes.length > 0) {
    const taxes = await db
      .selectFrom('F_TAXE')
      .select(['TA_Code', 'TA_TTaux', 'TA_Taux'])
      .where('TA_Code', 'in', [...new Set(codes)])
      .execute();
    for (const t of taxes) {
      const code = normaliseKey(t.TA_Code);
      tables.taxes.set(code.toUpperCase(), { code, kind: t.TA_TTaux, rate: decimalOf(t.TA_Taux) });
    }
  }
  let categoryHasRows = articleRows.length > 0 || familyRows.length > 0;
  if (!categoryHasRows) {
    const any = await db
      .selectFrom('F_FAMCOMPTA')
      .select('cbMarq')
      .where('FCP_Type', '=', SALES)
      .where('FCP_Champ', '=', category)
      .$call(limitTo(db, 1))
      .executeTakeFirst();
    categoryHasRows = any !== undefined;
  }
  const byArticle = new Map<string, SalesVatResult>();
  for (const article of articles) {
    byArticle.set(
      normaliseKey(article.reference).toUpperCase(),
      salesVatOf(
        {
          reference: normaliseKey(article.reference),
          familyCode: normaliseKey(article.familyCode),
        },
        category,
        tables,
      ),
    );
  }
  return { byArticle, categoryHasRows };
}

/**
 * The VAT rate (%) of each of these articles for every sales accounting category its customers
 * use (F_COMPTET.N_CatCompta), by upper-case reference then category: what brings their
 * tax-inclusive prices back to excl. tax (docs/price-rules.md, "2. Gross price"). A category
 * whose company keeps no sales tax rows, or an article whose tax cannot be resolved, gets no
 * entry: the engine then uses the article's default rate (the quote writer refuses the latter).
 */
export async function readSalesVatRates(
  db: SageDb,
  articles: readonly { reference: string; familyCode: string }[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (articles.length === 0) return out;
  const categories = await db
    .selectFrom('F_COMPTET')
    .select('N_CatCompta')
    .distinct()
    .where('CT_Type', '=', 0)
    .execute();
  for (const { N_CatCompta: category } of categories) {
    const read = await readSalesVat(db, category, articles);
    if (!read.categoryHasRows) continue;
    for (const [reference, vat] of read.byArticle) {
      if (!('rate' in vat)) continue;
      const rates = out.get(reference) ?? {};
      rates[String(category)] = vat.rate;
      out.set(reference, rates);
    }
  }
  return out;
}
