import { categoryPriceRule, type PriceIndex, type PricingData } from '../price-engine';
import type { PricingCustomer } from '../price-engine/types';
import {
  conditionsKey,
  CustomerConditions,
  ruleCategoryOf,
  type StoredCustomerPricing,
} from './customer-conditions';
import type { ShopCustomerPricing, ShopFormula, ShopQuantityPrice } from './implied-price';
import {
  collectMisses,
  payloadOf,
  type ArticleRef,
  type CustomerPricingPayload,
  type MissContext,
  type Misses,
  type ProductPricing,
} from './projection';

export type { StoredCustomerPricing } from './customer-conditions';

/** The misses of one set of conditions, found with a representative customer. */
interface ConditionGroup {
  /** SKU → engine price (and tiers), for the articles outside `evaluatedApart`. */
  misses: Misses;
  /** The representative's exception articles: not covered by `misses`. */
  evaluatedApart: ReadonlySet<string>;
}

/**
 * The price sync's customer projection (same result as projection.ts `customerPricing`, far less
 * work). For an article without an exception row, the engine's price depends only on the
 * effective customer's conditions — price category, family discounts, global discount — which
 * are also all the formula reads. Customers sharing them (the members of one central, the many
 * accounts of a category with the same discount) share the articles the formula misses: those
 * are found once per set of conditions, over every article, and each customer then evaluates
 * only the articles where it, or the representative, has exception rows (its own or its
 * central's). A customer-scale company has ~165 sets of conditions for 3,000 customers.
 */
export class CustomerPricingProjector {
  private readonly groups = new Map<string, ConditionGroup>();
  /** `familyTerms` → article → the engine's price (and tiers) where the formula misses it. */
  private readonly missCache = new Map<string, Map<string, Miss | null>>();
  /** Price category → the articles without a rule for it (the product meta's `rules`). */
  private readonly withoutRule = new Map<string, RulelessArticles>();
  private readonly touchedRuleless = new WeakMap<
    ReadonlySet<string>,
    Map<RulelessArticles, readonly ArticleRef[]>
  >();
  private readonly conditions: CustomerConditions;
  private readonly exceptionArticles = new Map<string, Set<string>>();
  /**
   * Accounting category → the articles whose price (base or category row, tax-inclusive) its
   * customers pay at another VAT rate than the article's own: the product's rule gives the
   * price at the article's rate, so for those customers they are evaluated apart, like
   * exception articles.
   */
  private readonly vatArticles = new Map<number, Set<string>>();
  private readonly articleByReference: Map<string, ArticleRef>;
  private readonly context: MissContext;

  constructor(
    index: PriceIndex,
    data: Pick<PricingData, 'familyCustomerDiscounts' | 'customers' | 'articlePrices'>,
    private readonly articles: readonly ArticleRef[],
    products: ReadonlyMap<string, ProductPricing>,
    date: string,
    formula: ShopFormula,
  ) {
    this.context = { index, products, date, formula };
    this.articleByReference = new Map(articles.map((a) => [a.reference, a]));
    this.conditions = new CustomerConditions(data, date);
    // Every row naming an account, whatever its dates: evaluating one article too many apart
    // costs an evaluation, missing one would be wrong.
    for (const row of data.articlePrices) {
      if (row.customerAccount === '') continue;
      let set = this.exceptionArticles.get(row.customerAccount);
      if (set === undefined) this.exceptionArticles.set(row.customerAccount, (set = new Set()));
      set.add(row.articleReference);
    }
    for (const article of index.articles.values()) {
      for (const category of article.vatCategories ?? []) {
        let set = this.vatArticles.get(category);
        if (set === undefined) this.vatArticles.set(category, (set = new Set()));
        set.add(article.reference);
      }
    }
  }

  /** Sets of conditions met so far (each one cost a pass over the articles). */
  get conditionSets(): number {
    return this.groups.size;
  }

  pricing(customer: PricingCustomer): CustomerPricingPayload {
    const conditions = this.conditions.of(customer);
    const apart = this.exceptionsOf(customer);
    const key = conditionsKey(conditions);
    let group = this.groups.get(key);
    if (group === undefined) {
      const misses: Misses = { prices: {}, tiers: {} };
      const shared = this.articles.filter((a) => !apart.has(a.reference));
      collectMisses(this.context, customer.account, conditions, shared, misses);
      group = { misses, evaluatedApart: apart };
      this.groups.set(key, group);
    }
    const found: Misses = {
      prices: withoutKeys(group.misses.prices, apart),
      tiers: withoutKeys(group.misses.tiers, apart),
    };
    const own = new Set([...apart, ...group.evaluatedApart]);
    collectMisses(this.context, customer.account, conditions, this.refs(own), found);
    return payloadOf(conditions, sortedMisses(found));
  }

  /**
   * A customer's pricing meta after a change, from the one last written (`stored`): `null`
   * when it did not move (conditions and specific prices as last written); `whole` when it
   * had none, or its conditions (or effective customer) moved. Same result as `pricing` (what
   * a full run writes), far less work: where the product carries a rule for the customer's
   * price category, the formula gives the engine's price to every customer without an
   * exception row for the article (the contract of `categoryPriceRule`; the engine clamps
   * rates outside 0…100 %, the formula does not), so only the customer's exception articles
   * and the articles without a rule can miss. Those are all evaluated for new conditions;
   * with conditions unchanged, only the `touched` ones (changed for everyone, or for this
   * customer), the rest of its specific prices kept.
   */
  repricing(
    customer: PricingCustomer,
    stored: StoredCustomerPricing | undefined,
    touched: ReadonlySet<string>,
  ): { payload: CustomerPricingPayload; whole: boolean } | null {
    const conditions = this.conditions.of(customer);
    const previous = stored?.payload;
    const apart = this.exceptionsOf(customer);
    // Rates outside 0…100 % are clamped by the engine, not by the formula: no rule holds then.
    const ruleless = this.articlesWithoutRule(ruleCategoryOf(conditions));
    // Another effective customer (joined or left a central) brings other exception rows.
    if (previous === undefined || this.conditions.wholeProjection(customer, stored, conditions)) {
      const found: Misses = { prices: {}, tiers: {} };
      const shared = ruleless.articles.filter((a) => !apart.has(a.reference));
      this.collectSharedMisses(customer.account, conditions, shared, found);
      collectMisses(this.context, customer.account, conditions, this.refs(apart), found);
      return { payload: payloadOf(conditions, sortedMisses(found)), whole: true };
    }
    if (touched.size === 0) return null;
    const shared = this.touchedWithoutRule(touched, ruleless).filter(
      (a) => !apart.has(a.reference),
    );
    const own = [...apart].filter((r) => touched.has(r));
    const previousTiers = previous.customerTiers ?? {};
    const kept = Object.entries(previous.customerPrices).filter(([r]) => !touched.has(r));
    // No touched article can miss, nor did one: the last meta stands.
    if (
      shared.length === 0 &&
      own.length === 0 &&
      kept.length === Object.keys(previous.customerPrices).length
    ) {
      return null;
    }
    const found: Misses = {
      prices: Object.fromEntries(kept),
      tiers: withoutKeys(previousTiers, touched),
    };
    this.collectSharedMisses(customer.account, conditions, shared, found);
    collectMisses(this.context, customer.account, conditions, this.refs(own), found);
    if (
      samePrices(found.prices, previous.customerPrices) &&
      JSON.stringify(sortedByKey(found.tiers)) === JSON.stringify(sortedByKey(previousTiers))
    ) {
      return null;
    }
    return { payload: payloadOf(conditions, sortedMisses(found)), whole: false };
  }

  /** What an incremental run keeps of a customer's projection (JSON in the state store). */
  stored(customer: PricingCustomer, payload: CustomerPricingPayload): StoredCustomerPricing {
    return {
      effectiveAccount: this.conditions.effectiveAccountOf(customer),
      ...(customer.accountingCategory !== undefined
        ? { accountingCategory: customer.accountingCategory }
        : {}),
      payload,
    };
  }

  /**
   * Adds the misses of `articles` (none an exception article of `account`) under `conditions`.
   * Without an exception row, an article's engine price and implied price depend on the
   * customer's conditions only through its price category, global discount and the rate of
   * the article's own family (`familyTerms`): each article is evaluated once per terms in a
   * run, with whichever customer asks first.
   */
  private collectSharedMisses(
    account: string,
    conditions: ShopCustomerPricing,
    articles: readonly ArticleRef[],
    misses: Misses,
  ): void {
    const toEvaluate: ArticleRef[] = [];
    const caches: Map<string, Miss | null>[] = [];
    for (const article of articles) {
      const terms = familyTerms(conditions, article.familyCode);
      let cache = this.missCache.get(terms);
      if (cache === undefined) this.missCache.set(terms, (cache = new Map()));
      const known = cache.get(article.reference);
      if (known === undefined) {
        toEvaluate.push(article);
        caches.push(cache);
      } else if (known !== null) addMiss(misses, article.reference, known);
    }
    if (toEvaluate.length === 0) return;
    const found: Misses = { prices: {}, tiers: {} };
    collectMisses(this.context, account, conditions, toEvaluate, found);
    toEvaluate.forEach((article, i) => {
      const price = found.prices[article.reference];
      const miss: Miss | null =
        price === undefined ? null : { price, tiers: found.tiers[article.reference] };
      caches[i].set(article.reference, miss);
      if (miss !== null) addMiss(misses, article.reference, miss);
    });
  }

  /**
   * The articles without a price rule for `category` (every article for '': without a
   * category the formula gives no price at all).
   */
  private articlesWithoutRule(category: string): RulelessArticles {
    let ruleless = this.withoutRule.get(category);
    if (ruleless === undefined) {
      const k = Number(category);
      const articles =
        category === ''
          ? this.articles
          : this.articles.filter(
              (a) =>
                categoryPriceRule(this.context.index, a.reference, k, this.context.date) === null,
            );
      ruleless = { articles, references: new Set(articles.map((a) => a.reference)) };
      this.withoutRule.set(category, ruleless);
    }
    return ruleless;
  }

  /** The touched articles without a rule (once per touched set and category). */
  private touchedWithoutRule(
    touched: ReadonlySet<string>,
    ruleless: RulelessArticles,
  ): readonly ArticleRef[] {
    let byCategory = this.touchedRuleless.get(touched);
    if (byCategory === undefined) this.touchedRuleless.set(touched, (byCategory = new Map()));
    let articles = byCategory.get(ruleless);
    if (articles === undefined) {
      articles =
        touched.size < ruleless.articles.length
          ? [...this.refs(touched)].filter((a) => ruleless.references.has(a.reference))
          : ruleless.articles.filter((a) => touched.has(a.reference));
      byCategory.set(ruleless, articles);
    }
    return articles;
  }

  /**
   * Articles with an exception row of the customer or of its central, and those whose
   * tax-inclusive price the customer's accounting category changes (`vatArticles`).
   */
  private exceptionsOf(customer: PricingCustomer): Set<string> {
    const own = this.exceptionArticles.get(customer.account);
    const central =
      customer.centralAccount === ''
        ? undefined
        : this.exceptionArticles.get(customer.centralAccount);
    const vat = this.vatArticles.get(customer.accountingCategory ?? 0);
    return new Set([...(own ?? []), ...(central ?? []), ...(vat ?? [])]);
  }

  private *refs(references: Iterable<string>): Iterable<ArticleRef> {
    for (const reference of references) {
      const article = this.articleByReference.get(reference);
      if (article !== undefined) yield article;
    }
  }
}

/** One article's miss: the engine's price at 1 and, when it moves with quantity, its tiers. */
interface Miss {
  price: string;
  tiers: ShopQuantityPrice[] | undefined;
}

function addMiss(misses: Misses, reference: string, miss: Miss): void {
  misses.prices[reference] = miss.price;
  if (miss.tiers !== undefined) misses.tiers[reference] = miss.tiers;
}

function withoutKeys<T>(
  record: Readonly<Record<string, T>>,
  keys: ReadonlySet<string>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.has(key)) out[key] = value;
  return out;
}

function sortedMisses(misses: Misses): Misses {
  return { prices: sortedByKey(misses.prices), tiers: sortedByKey(misses.tiers) };
}

interface RulelessArticles {
  articles: readonly ArticleRef[];
  references: ReadonlySet<string>;
}

/** The price category and global discount of a set of conditions. */
function categoryTerms(conditions: { priceCategory?: string; customerDiscount?: string }): string {
  return `${conditions.priceCategory ?? ''}\u0000${conditions.customerDiscount ?? ''}`;
}

/**
 * All a customer's conditions say about one family's articles (without exception rows): price
 * category, global discount and the family's rate ('' when none), and the family.
 */
function familyTerms(
  conditions: {
    priceCategory?: string;
    customerDiscount?: string;
    familyDiscounts: Readonly<Record<string, string>>;
  },
  family: string,
): string {
  return `${categoryTerms(conditions)}\u0000${conditions.familyDiscounts[family] ?? ''}\u0000${family}`;
}

/** Equal maps of customer-specific prices (same SKUs, same strings). */
function samePrices(a: Record<string, string>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Keys in article order, so the meta (and its content hash) does not depend on the group. */
function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
