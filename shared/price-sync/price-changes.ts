import { parseTarget } from '../price-engine/from-sage';
import type { PricingCustomer } from '../price-engine/types';

/** What the mapping reads of the price data as it is now. */
interface PricingEntities {
  articles: readonly { reference: string; familyCode: string }[];
  customers: readonly PricingCustomer[];
}

/**
 * Keys of the Sage rows changed since the last price sync (watermark reads of every table the
 * price data comes from). Only keys: what a row now says is in the price data loaded after.
 */
export interface PriceChanges {
  /** F_ARTICLE: references (base price, purchase price, coefficient, family…). */
  articles: string[];
  /**
   * F_COMPTET: accounts (price category, global discount, central, sleeping flag CT_Sommeil —
   * asleep, the account's pricing meta is removed; awake again, projected whole — or any other
   * column).
   */
  customers: string[];
  /** F_ARTCLIENT: category rows (category > 0, no account) and exception rows (an account). */
  articlePrices: { articleReference: string; category: number; customerAccount: string }[];
  /** F_FAMTARIF: a family's discount for a price category. */
  familyCategories: { familyCode: string; category: number }[];
  /** F_FAMCLIENT: a family's discount for a customer (or a central). */
  familyCustomers: { familyCode: string; customerAccount: string }[];
  /** F_TARIFQTE and F_TARIFCOND: grid ranges and package prices; target `aNN` or an account. */
  targetedRows: { articleReference: string; target: string }[];
  /**
   * Rows unchanged but whose scheduled values became due since the last run (their day of
   * application reached): the price they give moved all the same.
   */
  datesReached?: DatesReached;
}

/** Keys of the rows whose scheduled values apply from a day just reached. */
export interface DatesReached {
  /** F_ARTICLE (AR_DateApplication): references. */
  articles: string[];
  /** F_ARTCLIENT (AC_DateApplication): a category row (account '') or an exception row. */
  articlePrices: { articleReference: string; customerAccount: string }[];
}

export const noPriceChanges = (): PriceChanges => ({
  articles: [],
  customers: [],
  articlePrices: [],
  familyCategories: [],
  familyCustomers: [],
  targetedRows: [],
});

export function countPriceChanges(changes: PriceChanges): number {
  const { datesReached, ...tables } = changes;
  const reached = datesReached
    ? datesReached.articles.length + datesReached.articlePrices.length
    : 0;
  return Object.values(tables).reduce((sum: number, rows: unknown[]) => sum + rows.length, reached);
}

/**
 * What a set of changed rows may change in the shop's pricing data:
 * - `products`: articles whose product meta (every category's price and rule) is projected
 *   again; a customer's specific prices are evaluated again on those of these articles that
 *   may carry one for it (without a price rule for its category, with an exception row of it,
 *   or holding one: customer-projector.ts `repricing`);
 * - `customerArticles`: per account, further articles evaluated again for that customer only
 *   (its exception rows, or its central's);
 * - `customerConditions`: accounts whose conditions (price category, family discounts, global
 *   discount, central) may have moved: their conditions are compared with the ones last
 *   written, and when they differ the customer is projected again over every article.
 */
export interface AffectedPricing {
  products: Set<string>;
  customerArticles: Map<string, Set<string>>;
  customerConditions: Set<string>;
}

/**
 * Maps changed rows onto the entities to project again (pure; `data` is the price data as it is
 * now, used for families' articles and centrals' members):
 * - an article row (F_ARTICLE), a category price row (F_ARTCLIENT with a category), a category
 *   grid or package price (F_TARIFQTE / F_TARIFCOND with `aNN`) → that article, for every
 *   category and every customer;
 * - a family's category discount (F_FAMTARIF) → every article of that family, for every
 *   customer (the family discount is part of the product's rule);
 * - a customer's exception price, grid or package price (an account in F_ARTCLIENT,
 *   F_TARIFQTE, F_TARIFCOND) → that article for that customer and, when it is a central, for
 *   each of its members (they are priced on its rows);
 * - a customer's family discount (F_FAMCLIENT) and any change of its account (F_COMPTET) →
 *   that customer's conditions, and its members' when it is a central.
 * An account changed in F_COMPTET whose central changed is covered too: its own conditions
 * are compared with the ones written. Deleted rows leave no trace in a watermark read: the
 * nightly full run brings them in.
 * A dated value that reached its day (`datesReached`) counts as a change of its row: a
 * scheduled base price (F_ARTICLE) or category row → that article for everyone; a scheduled
 * exception row → that article for that customer and its members.
 */
export function affectedByChanges(changes: PriceChanges, data: PricingEntities): AffectedPricing {
  const products = new Set<string>();
  const customerArticles = new Map<string, Set<string>>();
  const customerConditions = new Set<string>();
  const members = membersByCentral(data);
  const accountAndMembers = (account: string) => [account, ...(members.get(account) ?? [])];
  const forCustomer = (account: string, article: string) => {
    for (const who of accountAndMembers(account)) {
      let set = customerArticles.get(who);
      if (set === undefined) customerArticles.set(who, (set = new Set()));
      set.add(article);
    }
  };

  for (const reference of changes.articles) products.add(reference);
  const rows = [...changes.articlePrices, ...(changes.datesReached?.articlePrices ?? [])];
  for (const reference of changes.datesReached?.articles ?? []) products.add(reference);
  for (const row of rows) {
    if (row.customerAccount === '') products.add(row.articleReference);
    else forCustomer(row.customerAccount, row.articleReference);
  }
  for (const row of changes.targetedRows) {
    const target = parseTarget(row.target);
    if ('category' in target) products.add(row.articleReference);
    else forCustomer(target.customerAccount, row.articleReference);
  }
  if (changes.familyCategories.length > 0) {
    const families = new Set(changes.familyCategories.map((f) => f.familyCode));
    for (const article of data.articles) {
      if (families.has(article.familyCode)) products.add(article.reference);
    }
  }
  for (const row of changes.familyCustomers) {
    for (const who of accountAndMembers(row.customerAccount)) customerConditions.add(who);
  }
  for (const account of changes.customers) {
    for (const who of accountAndMembers(account)) customerConditions.add(who);
  }
  return { products, customerArticles, customerConditions };
}

function membersByCentral(data: PricingEntities): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const customer of data.customers) {
    const central = customer.centralAccount;
    if (central === '' || central === customer.account) continue;
    const list = members.get(central) ?? [];
    list.push(customer.account);
    members.set(central, list);
  }
  return members;
}

/** Two lists of price categories in use, equal (the product meta's keys did not move). */
export function sameCategories(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((category, i) => category === b[i]);
}

/**
 * The articles to evaluate again for one customer (changed for everyone, or for it), or `null`
 * when no changed row concerns it and its last meta stands (`hasPrevious`).
 */
export function touchedFor(
  affected: AffectedPricing,
  account: string,
  hasPrevious: boolean,
): ReadonlySet<string> | null {
  const own = affected.customerArticles.get(account);
  const concerned =
    affected.products.size > 0 || own !== undefined || affected.customerConditions.has(account);
  if (!concerned && hasPrevious) return null;
  return own ? new Set([...affected.products, ...own]) : affected.products;
}
