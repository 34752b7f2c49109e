import Big from 'big.js';
import { GrossPrice } from './compiled';
import { Fixed, formatFixed, maxWithZero, multiply, parseFixed, sign } from './fixed';
import { divideRounded, roundFixed } from './rounding';
import type { PriceRule, PricingOptions } from './types';

/**
 * Gross prices are resolved at index build time, rounded to the unit-price decimals (what Sage
 * writes in DL_PrixUnitaire); discounts then apply to that rounded gross.
 */
export function grossPrice(value: Fixed, rule: PriceRule, options: PricingOptions): GrossPrice {
  // A negative purchase price or coefficient is bad data; a price is never below zero.
  const rounded = roundFixed(maxWithZero(value), options.unitPriceDecimals, options.rounding);
  return new GrossPrice(rounded, formatFixed(rounded), rule);
}

/** A tax-inclusive price brought back to excl. tax: price / (1 + vat/100), rounded. */
export function exclTax(price: Fixed, vatRate: Fixed, options: PricingOptions): Fixed {
  const divisor = parseFixed(new Big(100).plus(formatFixed(vatRate)).div(100).toFixed());
  return divideRounded(price, divisor, options.unitPriceDecimals, options.rounding);
}

export interface PriceSource {
  price: Fixed;
  priceIncludesTax: boolean;
  coefficient: Fixed;
}

/**
 * Price of one level (docs/price-rules.md, "2. Gross price"): its price when > 0, else purchase
 * price × its coefficient when the coefficient is > 0, else null (the next level decides).
 */
export function levelPrice(
  level: PriceSource,
  purchasePrice: Fixed,
  vatRate: Fixed,
  rules: { price: PriceRule; coefficient: PriceRule },
  options: PricingOptions,
): GrossPrice | null {
  if (sign(level.price) > 0) {
    const price = level.priceIncludesTax ? exclTax(level.price, vatRate, options) : level.price;
    return grossPrice(price, rules.price, options);
  }
  if (sign(level.coefficient) > 0) {
    return grossPrice(multiply(purchasePrice, level.coefficient), rules.coefficient, options);
  }
  return null;
}
