import {
  compare,
  Fixed,
  formatFixed,
  multiply,
  parseFixed,
  sign,
  subtract,
  toFixed,
} from '../pricing/fixed';
import { roundFixed, type RoundingMode } from '../pricing/rounding';

/**
 * The price the shop's data implies: a re-implementation of what the shop's customised Customer
 * Specific Pricing plugin computes from the meta the price sync writes (README "Prices"):
 *
 *   1. the customer's specific price for the SKU (customer meta `sage_customer_prices`), if any;
 *   2. else the product's price for the customer's category (product meta `sage_prices`, the
 *      category from customer meta `sage_price_category`), less the customer's discount for the
 *      product's family (customer meta `sage_family_discounts`, product meta `sage_family`),
 *      rounded to the unit-price decimals (half-up by default, as Sage);
 *   3. else no price (the shop shows its regular price; parity reports it).
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
  /** SKU → net price excl. tax. */
  customerPrices: Readonly<Record<string, string>>;
}

export interface PriceRounding {
  decimals: number;
  mode: RoundingMode;
}

export interface ImpliedPrice {
  price: string | null;
  /** How the price follows from the shop data, for the parity report. */
  derivation: string;
}

const HUNDRED = toFixed(100);

export function impliedShopPrice(
  product: ShopProductPricing,
  customer: ShopCustomerPricing,
  rounding: PriceRounding,
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
  const rate = customer.familyDiscounts[product.family];
  if (rate === undefined || sign(parseFixed(rate)) === 0) {
    return { price: normalise(base), derivation: `category ${category} price ${base}` };
  }
  const factor = subtract(HUNDRED, parseFixed(rate));
  const discounted = multiply(parseFixed(base), factor);
  // ÷ 100 exactly: the value's scale grows by two.
  const exact = new Fixed(discounted.units, discounted.big, discounted.scale + 2);
  const price = formatFixed(roundFixed(exact, rounding.decimals, rounding.mode));
  return {
    price,
    derivation: `category ${category} price ${base} less family ${product.family} discount ${rate} %`,
  };
}

/** "82.80" and "82.8" are the same price. */
export function samePrice(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return compare(parseFixed(a), parseFixed(b)) === 0;
}

export function normalise(price: string): string {
  return formatFixed(parseFixed(price));
}
