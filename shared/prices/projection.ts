import { evaluatePrice, type PriceIndex, type PricingData } from '../pricing';
import type { PricingCustomer, Validity } from '../pricing/types';
import {
  impliedShopPrice,
  normalise,
  samePrice,
  type ShopCustomerPricing,
  type ShopFormula,
} from './implied-price';

/**
 * Projection of Sage's prices into the shop's data contract (README "Prices"), from the pricing
 * engine's own results so that the shop computes what Sage would:
 * - per article, the price of each category: the engine's net price at quantity 1 for a
 *   customer of that category without any condition of its own (a "category customer" added
 *   to the engine's data: category prices, category discounts and family-category discounts);
 * - per customer, the conditions of its effective customer (the central for a member): price
 *   category, family discounts and global discount (CT_Taux01), and a customer-specific price
 *   only for the articles whose engine price differs from what the formula implies (exception
 *   prices, article discounts, discounts the strategy combines differently, …).
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

/** Product meta `sage_prices`: category → net price excl. tax at quantity 1 on `date`. */
export function productCategoryPrices(
  index: PriceIndex,
  article: string,
  categories: readonly number[],
  date: string,
): Record<string, string> {
  const prices: Record<string, string> = {};
  for (const category of categories) {
    const result = evaluatePrice(index, {
      customer: categoryCustomerAccount(category),
      article,
      quantity: 1,
      date,
    });
    prices[String(category)] = result.netPrice;
  }
  return prices;
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
  /**
   * The effective customer's global discount rate (%) when the formula applies it, else '0'
   * (none, or applying it would cost more customer-specific prices than leaving it out).
   */
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

/**
 * A customer's pricing meta: its effective conditions and the customer-specific prices needed so
 * that the implied price equals the engine's for every article. `categoryPrices` are the
 * products' `sage_prices` (article → category → price).
 */
export function customerPricing(
  index: PriceIndex,
  data: Pick<PricingData, 'familyCustomerDiscounts' | 'customers'>,
  customer: PricingCustomer,
  articles: readonly ArticleRef[],
  categoryPrices: ReadonlyMap<string, Readonly<Record<string, string>>>,
  date: string,
  formula: ShopFormula,
): CustomerPricingPayload {
  const effective = effectiveCustomerOf(data.customers, customer);
  const priceCategory = effective.priceCategory > 0 ? String(effective.priceCategory) : '';
  const familyDiscounts = familyDiscountsOf(data, effective.account, date);
  const globalDiscount = normalise(effective.discountRate || '0');
  const withDiscount: ShopCustomerPricing = {
    priceCategory,
    familyDiscounts,
    customerDiscount: globalDiscount,
    customerPrices: {},
  };
  const withoutDiscount: ShopCustomerPricing = { ...withDiscount, customerDiscount: '0' };
  const misses = { with: {} as Record<string, string>, without: {} as Record<string, string> };
  for (const article of articles) {
    const engine = evaluatePrice(index, {
      customer: customer.account,
      article: article.reference,
      quantity: 1,
      date,
    }).netPrice;
    const product = {
      sku: article.reference,
      family: article.familyCode,
      prices: categoryPrices.get(article.reference) ?? {},
    };
    if (!samePrice(impliedShopPrice(product, withDiscount, formula).price, engine)) {
      misses.with[article.reference] = engine;
    }
    if (!samePrice(impliedShopPrice(product, withoutDiscount, formula).price, engine)) {
      misses.without[article.reference] = engine;
    }
  }
  // `sage_prices` already carries the category's own discounts: where the strategy does not
  // stack them (highest, priority), a global discount at or below them would be applied twice.
  // Send it unless it costs customer-specific prices; those cover every remaining miss.
  const useDiscount = Object.keys(misses.with).length <= Object.keys(misses.without).length;
  return {
    priceCategory,
    familyDiscounts,
    customerDiscount: useDiscount ? globalDiscount : '0',
    customerPrices: useDiscount ? misses.with : misses.without,
  };
}
