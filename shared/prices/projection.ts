import { categoryPriceRule, evaluatePrice, type PriceIndex, type PricingData } from '../pricing';
import type { PricingCustomer, Validity } from '../pricing/types';
import {
  impliedShopPriceOnly,
  normalise,
  samePrice,
  type ShopCustomerPricing,
  type ShopFormula,
  type ShopPriceRule,
  type ShopProductPricing,
} from './implied-price';

/**
 * Projection of Sage's prices into the shop's data contract (README "Prices"), from the pricing
 * engine's own results so that the shop computes what Sage would:
 * - per article and price category, the net price (the engine's at quantity 1 for a "category
 *   customer" without any condition of its own, added to the engine's data) and, where the
 *   engine can state it, the price rule: gross price and the category's own discounts, to which
 *   the shop adds the customer's family and global discounts with the engine's strategy;
 * - per customer, the conditions of its effective customer (the central for a member): price
 *   category, family discounts and global discount (CT_Taux01), and a customer-specific price
 *   only for the articles whose engine price differs from what the formula implies (exception
 *   prices, quantity-grid rows at quantity 1, amount discounts, …).
 * By construction the implied price equals the engine's for every customer and article on the
 * day of the sync; parity (parity.ts) checks that the shop still holds it.
 */

/** Account of the category customer of category `k`; `~` never appears in a Sage CT_Num. */
export function categoryCustomerAccount(category: number): string {
  return `~category-${category}`;
}

/** The engine's data plus one condition-free customer per price category. */
export function withCategoryCustomers(
  data: PricingData,
  categories: readonly number[],
): PricingData {
  const virtual: PricingCustomer[] = categories.map((category) => ({
    account: categoryCustomerAccount(category),
    priceCategory: category,
    centralAccount: '',
    discountRate: '0',
  }));
  return { ...data, customers: [...data.customers, ...virtual] };
}

/** The price categories in use (customers' and price rows'), sorted. */
export function priceCategoriesOf(data: PricingData): number[] {
  const set = new Set<number>();
  for (const c of data.customers) if (c.priceCategory > 0) set.add(c.priceCategory);
  for (const p of data.articlePrices) if (p.category > 0) set.add(p.category);
  return [...set].sort((a, b) => a - b);
}

/** What the price sync writes on one product or variation (with its SKU and family). */
export interface ProductPricing extends ShopProductPricing {
  /** Product meta `sage_prices`: category → net price excl. tax at quantity 1. */
  prices: Record<string, string>;
  /** Product meta `sage_price_rules`: category → rule, where the engine can state one. */
  rules: Record<string, ShopPriceRule>;
}

/** An article's category prices and rules on `date`. */
export function productPricing(
  index: PriceIndex,
  article: ArticleRef,
  categories: readonly number[],
  date: string,
): ProductPricing {
  const prices: Record<string, string> = {};
  const rules: Record<string, ShopPriceRule> = {};
  for (const category of categories) {
    const result = evaluatePrice(index, {
      customer: categoryCustomerAccount(category),
      article: article.reference,
      quantity: 1,
      date,
    });
    prices[String(category)] = result.netPrice;
    const rule = categoryPriceRule(index, article.reference, category);
    if (rule === null) continue;
    rules[String(category)] = {
      price: normalise(rule.gross),
      ...(rule.articleDiscount === null ? {} : { articleDiscount: rule.articleDiscount }),
      ...(rule.familyDiscount === null ? {} : { familyDiscount: rule.familyDiscount }),
      ...(rule.discounts === 'all' ? {} : { discounts: rule.discounts }),
    };
  }
  return { sku: article.reference, family: article.familyCode, prices, rules };
}

export function inForce(row: Validity, date: string): boolean {
  return (!row.validFrom || row.validFrom <= date) && (!row.validTo || row.validTo >= date);
}

/** Customer meta `sage_family_discounts`: the effective customer's non-zero family rates. */
export function familyDiscountsOf(
  data: Pick<PricingData, 'familyCustomerDiscounts'>,
  effectiveAccount: string,
  date: string,
): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const row of data.familyCustomerDiscounts) {
    if (row.customerAccount !== effectiveAccount || !inForce(row, date)) continue;
    const rate = normalise(row.discountRate);
    if (rate !== '0') rates[row.familyCode] = rate;
  }
  return rates;
}

export interface CustomerPricingPayload {
  /** The effective customer's price category ('' when it has none). */
  priceCategory: string;
  familyDiscounts: Record<string, string>;
  /** The effective customer's global discount rate (%, CT_Taux01), '0' when none. */
  customerDiscount: string;
  customerPrices: Record<string, string>;
}

export interface ArticleRef {
  reference: string;
  familyCode: string;
}

/** The account whose conditions apply: the central of a member (one level, as the engine). */
export function effectiveCustomerOf(
  customers: readonly PricingCustomer[],
  customer: PricingCustomer,
): PricingCustomer {
  const central = customer.centralAccount;
  if (central === '' || central === customer.account) return customer;
  // An unknown central leaves the member on its own conditions (the engine reports it).
  return customers.find((c) => c.account === central) ?? customer;
}

/** The customer meta's conditions: the effective customer's (the central's for a member). */
export function shopConditionsOf(
  data: Pick<PricingData, 'familyCustomerDiscounts' | 'customers'>,
  customer: PricingCustomer,
  date: string,
): ShopCustomerPricing {
  const effective = effectiveCustomerOf(data.customers, customer);
  return {
    priceCategory: effective.priceCategory > 0 ? String(effective.priceCategory) : '',
    familyDiscounts: familyDiscountsOf(data, effective.account, date),
    customerDiscount: normalise(effective.discountRate || '0'),
    customerPrices: {},
  };
}

/** What the formula misses for one customer: the context shared by all its articles. */
export interface MissContext {
  index: PriceIndex;
  products: ReadonlyMap<string, ProductPricing>;
  date: string;
  formula: ShopFormula;
}

/**
 * Adds to `misses` (SKU → engine price) every article of `articles` whose engine price for
 * `account` differs from what the formula implies from `conditions` and the product's meta.
 */
export function collectMisses(
  context: MissContext,
  account: string,
  conditions: ShopCustomerPricing,
  articles: Iterable<ArticleRef>,
  misses: Record<string, string>,
): void {
  const { index, products, date, formula } = context;
  for (const article of articles) {
    const engine = evaluatePrice(index, {
      customer: account,
      article: article.reference,
      quantity: 1,
      date,
    }).netPrice;
    const product = products.get(article.reference) ?? {
      sku: article.reference,
      family: article.familyCode,
      prices: {},
      rules: {},
    };
    const implied = impliedShopPriceOnly(product, conditions, formula);
    // Both sides are normalised decimal strings: equal text is the common, cheap case.
    if (implied !== engine && !samePrice(implied, engine)) misses[article.reference] = engine;
  }
}

/**
 * A customer's pricing meta: its effective conditions and the customer-specific prices needed so
 * that the implied price equals the engine's for every article (`products`: article → what the
 * price sync writes on it). The reference computation, one evaluation per article; the price
 * sync shares the work between customers of the same conditions (customer-projector.ts).
 */
export function customerPricing(
  index: PriceIndex,
  data: Pick<PricingData, 'familyCustomerDiscounts' | 'customers'>,
  customer: PricingCustomer,
  articles: readonly ArticleRef[],
  products: ReadonlyMap<string, ProductPricing>,
  date: string,
  formula: ShopFormula,
): CustomerPricingPayload {
  const conditions = shopConditionsOf(data, customer, date);
  const customerPrices: Record<string, string> = {};
  collectMisses(
    { index, products, date, formula },
    customer.account,
    conditions,
    articles,
    customerPrices,
  );
  return payloadOf(conditions, customerPrices);
}

export function payloadOf(
  conditions: ShopCustomerPricing,
  customerPrices: Record<string, string>,
): CustomerPricingPayload {
  return {
    priceCategory: conditions.priceCategory ?? '',
    familyDiscounts: { ...conditions.familyDiscounts },
    customerDiscount: conditions.customerDiscount ?? '0',
    customerPrices,
  };
}
