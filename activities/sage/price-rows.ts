import { parseTarget } from '../../shared/price-engine/from-sage';
import { normaliseKey } from '../../shared/sage/references';
import type {
  ArticlePrice,
  PackagingPrice,
  QuantityPriceRange,
  RowIssue,
} from '../../shared/sage/types';
import { chunk } from './convert';
import type { SageDb } from './db';
import { IssueLog } from './paging';
import { articlePriceOfRow, packagingPriceOfRow, quantityRangeOfRow } from './prices';
import { applicationDayOf } from './scheduled-prices';

/**
 * Targeted reads of the price tables for an incremental price sync: only the rows of the
 * articles it prices again (IN lists chunked for SQL Server's parameter limit). Rows are mapped
 * by the same functions as the watermark readers of prices.ts.
 */

/** Every F_ARTCLIENT, F_TARIFQTE and F_TARIFCOND row of these articles (every target). */
export async function readPriceRowsOfArticles(
  db: SageDb,
  references: readonly string[],
): Promise<{
  articlePrices: ArticlePrice[];
  quantityRanges: QuantityPriceRange[];
  packagingPrices: PackagingPrice[];
  issues: RowIssue[];
}> {
  const wanted = keys(references);
  const log = new IssueLog();
  const articlePrices: ArticlePrice[] = [];
  const quantityRanges: QuantityPriceRange[] = [];
  const packagingPrices: PackagingPrice[] = [];
  for (const part of chunk(wanted)) {
    const prices = await db
      .selectFrom('F_ARTCLIENT')
      .selectAll()
      .where('AR_Ref', 'in', part)
      .execute();
    for (const row of prices) articlePrices.push(...articlePriceOfRow(row, log));
    const ranges = await db
      .selectFrom('F_TARIFQTE')
      .selectAll()
      .where('AR_Ref', 'in', part)
      .execute();
    for (const row of ranges) quantityRanges.push(...quantityRangeOfRow(row, log));
    const packages = await db
      .selectFrom('F_TARIFCOND')
      .selectAll()
      .where('AR_Ref', 'in', part)
      .execute();
    for (const row of packages) packagingPrices.push(...packagingPriceOfRow(row, log));
  }
  return { articlePrices, quantityRanges, packagingPrices, issues: log.issues };
}

/** The articles with an exception row (F_ARTCLIENT, AC_Categorie = 0) of one of these accounts. */
export async function readExceptionArticleReferences(
  db: SageDb,
  accounts: readonly string[],
): Promise<string[]> {
  const found = new Set<string>();
  for (const part of chunk(keys(accounts))) {
    const rows = await db
      .selectFrom('F_ARTCLIENT')
      .select('AR_Ref')
      .distinct()
      .where('AC_Categorie', '=', 0)
      .where('CT_Num', 'in', part)
      .execute();
    for (const row of rows) found.add(normaliseKey(row.AR_Ref));
  }
  found.delete('');
  return [...found].sort();
}

/**
 * The articles that may lack a price rule for some category (incremental-reads.ts
 * `articlesThatMayLackARule`): those with a quantity grid range for a price category
 * (F_TARIFQTE, TQ_RefCF 'aNN'), and those whose prices change on a day (a scheduled base price,
 * AR_DateApplication, or a scheduled category row, AC_DateApplication): their rule holds on
 * some days only. Also the articles with a tax-inclusive base or category price (AR_PrixTTC,
 * AC_PrixTTC): their rule holds at the article's own VAT rate, and a customer of an accounting
 * category with another rate misses it.
 */
export async function readArticlesThatMayLackARule(db: SageDb): Promise<string[]> {
  const found = new Set<string>();
  const grids = await db
    .selectFrom('F_TARIFQTE')
    .select(['AR_Ref', 'TQ_RefCF'])
    .distinct()
    .execute();
  for (const row of grids) {
    if ('category' in parseTarget(normaliseKey(row.TQ_RefCF))) found.add(normaliseKey(row.AR_Ref));
  }
  const scheduled = await db
    .selectFrom('F_ARTICLE')
    .select(['AR_Ref', 'AR_DateApplication'])
    .where('AR_DateApplication', 'is not', null)
    .execute();
  for (const row of scheduled) {
    if (applicationDayOf(row.AR_DateApplication) !== null) found.add(normaliseKey(row.AR_Ref));
  }
  const scheduledRows = await db
    .selectFrom('F_ARTCLIENT')
    .select(['AR_Ref', 'AC_DateApplication'])
    .where('AC_Categorie', '>', 0)
    .where('AC_DateApplication', 'is not', null)
    .execute();
  for (const row of scheduledRows) {
    if (applicationDayOf(row.AC_DateApplication) !== null) found.add(normaliseKey(row.AR_Ref));
  }
  const taxInclusive = await db
    .selectFrom('F_ARTICLE')
    .select('AR_Ref')
    .where('AR_PrixTTC', '=', 1)
    .union(
      db
        .selectFrom('F_ARTCLIENT')
        .select('AR_Ref')
        .where('AC_Categorie', '>', 0)
        .where('AC_PrixTTC', '=', 1),
    )
    .execute();
  for (const row of taxInclusive) found.add(normaliseKey(row.AR_Ref));
  found.delete('');
  return [...found].sort();
}

/** The articles of these families: reference and family (F_ARTICLE.FA_CodeFamille). */
export async function readArticlesOfFamilies(
  db: SageDb,
  familyCodes: readonly string[],
): Promise<{ reference: string; familyCode: string }[]> {
  const articles: { reference: string; familyCode: string }[] = [];
  for (const part of chunk(keys(familyCodes))) {
    const rows = await db
      .selectFrom('F_ARTICLE')
      .select(['AR_Ref', 'FA_CodeFamille'])
      .where('FA_CodeFamille', 'in', part)
      .execute();
    for (const row of rows) {
      const reference = normaliseKey(row.AR_Ref);
      if (reference !== '') {
        articles.push({ reference, familyCode: normaliseKey(row.FA_CodeFamille) });
      }
    }
  }
  return articles;
}

/** The price categories F_ARTCLIENT's category rows use (AC_Categorie > 0). */
export async function readPriceRowCategories(db: SageDb): Promise<number[]> {
  const rows = await db
    .selectFrom('F_ARTCLIENT')
    .select('AC_Categorie')
    .distinct()
    .where('AC_Categorie', '>', 0)
    .execute();
  return rows.map((r) => r.AC_Categorie).sort((a, b) => a - b);
}

function keys(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseKey))].filter((k) => k !== '');
}
