import type { PriceIndex, PricingData } from '../pricing';
import type { PricingCustomer } from '../pricing/types';
import type { ShopFormula } from './implied-price';
import {
  collectMisses,
  payloadOf,
  shopConditionsOf,
  type ArticleRef,
  type CustomerPricingPayload,
  type MissContext,
  type ProductPricing,
} from './projection';

/** The misses of one set of conditions, found with a representative customer. */
interface ConditionGroup {
  /** SKU → engine price, for the articles outside `evaluatedApart`. */
  misses: Record<string, string>;
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
  private readonly exceptionArticles = new Map<string, Set<string>>();
  private readonly articleByReference: Map<string, ArticleRef>;
  private readonly context: MissContext;

  constructor(
    index: PriceIndex,
    private readonly data: Pick<
      PricingData,
      'familyCustomerDiscounts' | 'customers' | 'articlePrices'
    >,
    private readonly articles: readonly ArticleRef[],
    products: ReadonlyMap<string, ProductPricing>,
    private readonly date: string,
    formula: ShopFormula,
  ) {
    this.context = { index, products, date, formula };
    this.articleByReference = new Map(articles.map((a) => [a.reference, a]));
    // Every row naming an account, whatever its dates: evaluating one article too many apart
    // costs an evaluation, missing one would be wrong.
    for (const row of data.articlePrices) {
      if (row.customerAccount === '') continue;
      let set = this.exceptionArticles.get(row.customerAccount);
      if (set === undefined) this.exceptionArticles.set(row.customerAccount, (set = new Set()));
      set.add(row.articleReference);
    }
  }

  /** Sets of conditions met so far (each one cost a pass over the articles). */
  get conditionSets(): number {
    return this.groups.size;
  }

  pricing(customer: PricingCustomer): CustomerPricingPayload {
    const conditions = shopConditionsOf(this.data, customer, this.date);
    const apart = this.exceptionsOf(customer);
    const key = JSON.stringify([
      conditions.priceCategory,
      conditions.customerDiscount,
      Object.entries(conditions.familyDiscounts).sort(([a], [b]) => (a < b ? -1 : 1)),
    ]);
    let group = this.groups.get(key);
    if (group === undefined) {
      const misses: Record<string, string> = {};
      const shared = this.articles.filter((a) => !apart.has(a.reference));
      collectMisses(this.context, customer.account, conditions, shared, misses);
      group = { misses, evaluatedApart: apart };
      this.groups.set(key, group);
    }
    const customerPrices: Record<string, string> = {};
    for (const [reference, price] of Object.entries(group.misses)) {
      if (!apart.has(reference)) customerPrices[reference] = price;
    }
    const own = new Set([...apart, ...group.evaluatedApart]);
    collectMisses(this.context, customer.account, conditions, this.refs(own), customerPrices);
    return payloadOf(conditions, sortedByKey(customerPrices));
  }

  /** Articles with an exception row of the customer or of its central. */
  private exceptionsOf(customer: PricingCustomer): Set<string> {
    const own = this.exceptionArticles.get(customer.account);
    const central =
      customer.centralAccount === ''
        ? undefined
        : this.exceptionArticles.get(customer.centralAccount);
    return new Set([...(own ?? []), ...(central ?? [])]);
  }

  private *refs(references: Iterable<string>): Iterable<ArticleRef> {
    for (const reference of references) {
      const article = this.articleByReference.get(reference);
      if (article !== undefined) yield article;
    }
  }
}

/** Keys in article order, so the meta (and its content hash) does not depend on the group. */
function sortedByKey(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
