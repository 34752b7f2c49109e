import { factorOf } from '../pricing/compile-discount';
import {
  compare,
  formatFixed,
  maxWithZero,
  multiply,
  parseFixed,
  sign,
  type Fixed,
} from '../pricing/fixed';
import { roundFixed, type RoundingMode } from '../pricing/rounding';
import type { CombinationStrategy } from '../pricing/types';
import { combinedRate, type ShopDiscount } from './shop-discounts';

/**
 * The price the shop's data implies: a re-implementation of what the shop's customised Customer
 * Specific Pricing plugin computes from the meta the price sync writes (README "Prices"):
 *
 *   1. the customer's specific price for the SKU (customer meta `sage_customer_prices`), if any;
 *   2. else the product's price for the customer's category (product meta `sage_prices`, the
 *      category from customer meta `sage_price_category`), less the customer's discount for the
 *      product's family (customer meta `sage_family_discounts`, product meta `sage_family`) and
 *      the customer's global discount (customer meta `sage_customer_discount`), combined with the
 *      configured strategy (shop-discounts.ts), rounded once to the unit-price decimals;
 *   3. else no price (the shop shows its regular price; parity reports it).
 * The customer meta holds the effective conditions: the central's for a member of a central.
 *
 * Quantity 1, no packaging: the shop data describes unit prices; quantity grids stay in Sage.
 */

export interface ShopProductPricing {
  sku: string;
  family: string;
  /** Price category → price excl. tax. */
  prices: Readonly<Record<string, string>>;
}

export interface ShopCustomerPricing {
  priceCategory: string | undefined;
  /** Family code → discount rate in %. */
  familyDiscounts: Readonly<Record<string, string>>;
  /** Global discount rate in % (Sage CT_Taux01 of the effective customer); absent = none. */
  customerDiscount: string | undefined;
  /** SKU → net price excl. tax. */
  customerPrices: Readonly<Record<string, string>>;
}

/** What the shop formula needs besides the data: the engine's rounding and combination. */
export interface ShopFormula {
  decimals: number;
  mode: RoundingMode;
  strategy: CombinationStrategy;
}

export interface ImpliedPrice {
  price: string | null;
  /** How the price follows from the shop data, for the parity report. */
  derivation: string;
}

export function impliedShopPrice(
  product: ShopProductPricing,
  customer: ShopCustomerPricing,
  formula: ShopFormula,
): ImpliedPrice {
  const specific = customer.customerPrices[product.sku];
  if (specific !== undefined) {
    return { price: normalise(specific), derivation: `customer-specific price ${specific}` };
  }
  const category = customer.priceCategory;
  const base = category === undefined ? undefined : product.prices[category];
  if (category === undefined || base === undefined) {
    return { price: null, derivation: `no price for category ${category ?? '(none)'}` };
  }
  const discounts = shopDiscounts(product, customer);
  const rate = combinedRate(discounts, formula.strategy);
  const basePrice = `category ${category} price ${base}`;
  if (rate === null) return { price: normalise(base), derivation: basePrice };
  const exact = maxWithZero(multiply(parseFixed(base), factorOf(rate.value)));
  return {
    price: formatFixed(roundFixed(exact, formula.decimals, formula.mode)),
    derivation: `${basePrice} less ${rate.label} (${formula.strategy})`,
  };
}

/** The customer's non-zero family and global discounts for the product, in engine priority. */
function shopDiscounts(product: ShopProductPricing, customer: ShopCustomerPricing): ShopDiscount[] {
  const discounts: ShopDiscount[] = [];
  const family = rateOf(customer.familyDiscounts[product.family]);
  if (family !== null) {
    discounts.push({
      value: family,
      label: `family ${product.family} discount ${formatFixed(family)} %`,
    });
  }
  const global = rateOf(customer.customerDiscount);
  if (global !== null) {
    discounts.push({ value: global, label: `customer discount ${formatFixed(global)} %` });
  }
  return discounts;
}

function rateOf(rate: string | undefined): Fixed | null {
  if (rate === undefined) return null;
  const value = parseFixed(rate);
  return sign(value) === 0 ? null : value;
}

/** "82.80" and "82.8" are the same price. */
export function samePrice(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return compare(parseFixed(a), parseFixed(b)) === 0;
}

export function normalise(price: string): string {
  return formatFixed(parseFixed(price));
}
