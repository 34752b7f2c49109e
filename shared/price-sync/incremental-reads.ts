import type { PricingData } from '../price-engine';
import type { PricingCustomer } from '../price-engine/types';
import { CustomerConditions, type StoredCustomerPricing } from './customer-conditions';
import { affectedByChanges, touchedFor, type PriceChanges } from './price-changes';
import type { ArticleRef } from './projection';

/** The price data of accounts: read whole by an incremental run (every customer is priced). */
export type PartyPriceData = Pick<
  PricingData,
  'customers' | 'familyCategoryPrices' | 'familyCustomerDiscounts'
>;

/** The price data of articles: an incremental run reads it for some articles only. */
export type ArticlePriceData = Pick<
  PricingData,
  'articles' | 'articlePrices' | 'quantityRanges' | 'packagingPrices'
>;

/** Where an incremental run reads the price data of articles (the Sage tables, or a test's). */
export interface ArticlePriceSource {
  /** The articles of these families (reference and family). */
  articlesOfFamilies(familyCodes: readonly string[]): Promise<readonly ArticleRef[]>;
  /** The articles with an exception row (F_ARTCLIENT) of one of these accounts. */
  exceptionArticlesOf(accounts: readonly string[]): Promise<Iterable<string>>;
  /**
   * Every article that may lack a price rule for some category (a superset is fine). A rule is
   * missing only where the engine takes its general path (`categoryView` in
   * shared/price-engine/price-index.ts): the category's row declares a quantity grid with ranges for
   * the category, or the article's prices depend on the day (a scheduled base price, a category
   * or family row with a validity window). A reader that gives rows new windows must add their
   * articles here; the property test of test/unit/price-sync/price-changes.test.ts checks it.
   * The articles with a tax-inclusive base or category price are here too: their rule holds at
   * the article's own VAT rate, a customer of another accounting category's rate misses it.
   */
  articlesThatMayLackARule(): Promise<Iterable<string>>;
  /** These articles and every row of theirs: article prices of every target, grids, packages. */
  rowsOf(references: readonly string[]): Promise<ArticlePriceData>;
  /** Every article and every row. */
  everyRow(): Promise<ArticlePriceData>;
}

export interface IncrementalPriceData {
  /** Every account's data, and the articles' data of those the run evaluates only. */
  data: PricingData;
  /** Whether the articles' data was read whole (a customer projected whole needed it). */
  everyArticle: boolean;
}

/** A customer the run may project again, and its last projected meta. */
export interface IncrementalCandidate {
  customer: PricingCustomer;
  stored: StoredCustomerPricing | undefined;
}

/**
 * The price data an incremental run needs (the projection of incremental-projection.ts over
 * it equals the projection over the whole data for every entity it returns): every account's
 * data (read whole, `parties`) and the data of these articles, with every row of theirs:
 * - the affected articles (changed for everyone: product meta and customer prices), among them
 *   every article of a family whose category discount changed;
 * - the articles changed for some customers (their exception rows, grids, package prices);
 * - for each candidate projected whole (no stored meta, new conditions or effective customer):
 *   its exception articles (its own rows and its central's), and the articles that may lack a
 *   price rule for its category; every article when no rule applies to it (no category, or a
 *   rate outside 0…100 %), then the articles' data is read whole.
 * An article's evaluation reads only its own rows and the accounts' data, so the engine's price
 * of a read article for any customer is the one the whole data gives.
 */
export async function incrementalPriceData(
  source: ArticlePriceSource,
  parties: PartyPriceData,
  changes: PriceChanges,
  candidates: readonly IncrementalCandidate[],
  date: string,
): Promise<IncrementalPriceData> {
  const familyCodes = [...new Set(changes.familyCategories.map((f) => f.familyCode))];
  const familyArticles = familyCodes.length > 0 ? await source.articlesOfFamilies(familyCodes) : [];
  const affected = affectedByChanges(changes, {
    articles: familyArticles,
    customers: parties.customers,
  });
  const needed = new Set(affected.products);
  for (const articles of affected.customerArticles.values()) {
    for (const reference of articles) needed.add(reference);
  }
  const conditions = new CustomerConditions(parties, date);
  const exceptionAccounts = new Set<string>();
  let rulesNeeded = false;
  for (const { customer, stored } of candidates) {
    if (touchedFor(affected, customer.account, stored !== undefined) === null) continue;
    const whole = conditions.wholeProjection(customer, stored);
    if (whole === null) continue;
    if (whole.ruleCategory === '') {
      return { data: { ...parties, ...(await source.everyRow()) }, everyArticle: true };
    }
    rulesNeeded = true;
    for (const account of whole.exceptionAccounts) exceptionAccounts.add(account);
  }
  if (exceptionAccounts.size > 0) {
    for (const reference of await source.exceptionArticlesOf([...exceptionAccounts].sort())) {
      needed.add(reference);
    }
  }
  if (rulesNeeded) {
    for (const reference of await source.articlesThatMayLackARule()) needed.add(reference);
  }
  const rows = needed.size > 0 ? await source.rowsOf([...needed].sort()) : noArticleRows();
  return { data: { ...parties, ...rows }, everyArticle: false };
}

const noArticleRows = (): ArticlePriceData => ({
  articles: [],
  articlePrices: [],
  quantityRanges: [],
  packagingPrices: [],
});
