import {
  categoryPriceRule,
  evaluatePrice,
  type PriceIndex,
  type PricingData,
} from '../price-engine';
import type { PricingCustomer, Validity } from '../price-engine/types';
import { categoryPriceRuleAt, quantityBreaks } from '../price-engine/quantity-tiers';
import type { CategoryPriceRule } from '../price-engine/category-rule';
import {
  impliedShopPriceOnly,
  normalise,
  samePrice,
  tierStarts,
  type ShopCustomerPricing,
  type ShopFormula,
  type ShopPriceRule,
  type ShopProductPricing,
  type ShopProductTier,
  type ShopQuantityPrice,
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
 * Where a quantity grid makes the price depend on the quantity, the same at each tier start:
 * product tiers per category, and customer tiers where the formula would miss the engine at
 * some quantity.
 * By construction the implied price equals the engine's for every customer, article and whole
 * quantity on the day of the sync; parity (parity.ts) checks that the shop still holds it.
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
export function priceCategoriesOf(data: {
  customers: readonly Pick<PricingCustomer, 'priceCategory'>[];
  articlePrices: readonly { category: number }[];
}): number[] {
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
  /** Product meta `sage_price_tiers`: category → tiers, only where a grid moves the price. */
  tiers?: Record<string, ShopProductTier[]>;
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
  const tiers: Record<string, ShopProductTier[]> = {};
  for (const category of categories) {
    const account = categoryCustomerAccount(category);
    const breaks = quantityBreaks(index, account, article.reference, date);
    const at = (quantity: number): ShopProductTier => {
      const price = evaluatePrice(index, {
        customer: account,
        article: article.reference,
        quantity,
        date,
      }).netPrice;
      const rule =
        breaks.length === 0
          ? categoryPriceRule(index, article.reference, category, date)
          : categoryPriceRuleAt(index, article.reference, category, quantity, date);
      return { from: String(quantity), price, ...(rule === null ? {} : { rule: shopRule(rule) }) };
    };
    const first = at(1);
    prices[String(category)] = first.price as string;
    if (first.rule !== undefined) rules[String(category)] = first.rule;
    let previous = first;
    const list: ShopProductTier[] = [];
    for (const quantity of breaks) {
      const tier = at(quantity);
      if (!sameTier(tier, previous)) list.push(tier);
      previous = tier;
    }
    if (list.length > 0) tiers[String(category)] = list;
  }
  return { sku: article.reference, family: article.familyCode, prices, rules, tiers };
}

function shopRule(rule: CategoryPriceRule): ShopPriceRule {
  return {
    price: normalise(rule.gross),
    ...(rule.articleDiscount === null ? {} : { articleDiscount: rule.articleDiscount }),
    ...(rule.familyDiscount === null ? {} : { familyDiscount: rule.familyDiscount }),
    ...(rule.discounts === 'all' ? {} : { discounts: rule.discounts }),
  };
}

/** The same price and rule (the start aside): a tier that changes nothing is not written. */
function sameTier(a: ShopProductTier, b: ShopProductTier): boolean {
  return JSON.stringify({ ...a, from: '' }) === JSON.stringify({ ...b, from: '' });
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
  /** SKU → the customer's specific price by quantity (from 2 on), where it needs one. */
  customerTiers?: Record<string, ShopQuantityPrice[]>;
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

/** Where the formula misses the engine: its specific price and tiers (SKU → …). */
export interface Misses {
  prices: Record<string, string>;
  tiers: Record<string, ShopQuantityPrice[]>;
}

/**
 * Adds to `misses` every article of `articles` whose engine price for `account` differs, at some
 * whole quantity, from what the formula implies from `conditions` and the product's meta: the
 * engine's price at 1 as specific price and, where the price moves with the quantity, the
 * engine's price at each start where it changes as tiers (a specific price wins over every rule,
 * so the tiers then say it all). Both sides are constant between their own tier starts: the
 * engine's (quantityBreaks) and the formula's (the product's tiers for the category); checking
 * at 1 and at every start of either covers every quantity.
 */
export function collectMisses(
  context: MissContext,
  account: string,
  conditions: ShopCustomerPricing,
  articles: Iterable<ArticleRef>,
  misses: Misses,
): void {
  const { index, products, date, formula } = context;
  for (const article of articles) {
    const engineAt = (quantity: number) =>
      evaluatePrice(index, { customer: account, article: article.reference, quantity, date })
        .netPrice;
    const engine = engineAt(1);
    const product = products.get(article.reference) ?? {
      sku: article.reference,
      family: article.familyCode,
      prices: {},
      rules: {},
    };
    const implied = impliedShopPriceOnly(product, conditions, formula);
    // Both sides are normalised decimal strings: equal text is the common, cheap case.
    let missed = implied !== engine && !samePrice(implied, engine);
    const breaks = quantityBreaks(index, account, article.reference, date);
    const formulaStarts = tierStarts(product, conditions);
    if (breaks.length === 0 && formulaStarts.length === 0) {
      if (missed) misses.prices[article.reference] = engine;
      continue;
    }
    const starts = [...new Set([...breaks, ...formulaStarts])].sort((a, b) => a - b);
    const engineByStart = starts.map(engineAt);
    missed ||= starts.some(
      (q, i) => !samePrice(impliedShopPriceOnly(product, conditions, formula, q), engineByStart[i]),
    );
    if (!missed) continue;
    misses.prices[article.reference] = engine;
    const tiers: ShopQuantityPrice[] = [];
    let previous = engine;
    starts.forEach((q, i) => {
      if (!samePrice(engineByStart[i], previous))
        tiers.push({ from: String(q), price: engineByStart[i] });
      previous = engineByStart[i];
    });
    if (tiers.length > 0) misses.tiers[article.reference] = tiers;
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
  const misses: Misses = { prices: {}, tiers: {} };
  collectMisses({ index, products, date, formula }, customer.account, conditions, articles, misses);
  return payloadOf(conditions, misses);
}

export function payloadOf(conditions: ShopCustomerPricing, misses: Misses): CustomerPricingPayload {
  return {
    priceCategory: conditions.priceCategory ?? '',
    familyDiscounts: { ...conditions.familyDiscounts },
    customerDiscount: conditions.customerDiscount ?? '0',
    customerPrices: misses.prices,
    ...(Object.keys(misses.tiers).length === 0 ? {} : { customerTiers: misses.tiers }),
  };
}
