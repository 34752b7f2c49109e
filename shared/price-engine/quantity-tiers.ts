import type { CompiledGrid, GrossPrice, PriceIndex } from './compiled';
import { categoryPriceRule, type CategoryPriceRule } from './category-rule';
import { baseAt, rowGross } from './compiled';
import { pickAt } from './dated';
import { exceptionRowOf } from './engine';
import { compare, formatFixed, multiply, sign, toFixed, unitsAsBig, type Fixed } from './fixed';

/**
 * Quantity grids seen from outside the engine: the whole quantities at which an article's price
 * can change for a customer, and a category's price rule at one quantity. The shop's contract
 * carries prices by quantity tier (docs/data-contract.md); these give the tiers' bounds.
 *
 * Sales units only (no packaging): the shop sells units, a packaging is its own variation.
 */

/** Tiers start at whole quantities up to this one; a cart never gets near it. */
const MAX_TIER_START = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The whole quantities ≥ 2 at which the engine's unit price for `customerAccount` and
 * `reference` on `day` may differ from the price just below: one past each range bound of the
 * grids that apply (the effective exception row's and the category row's). Sorted, unique; []
 * for an article without a grid (the common case). Ranges outside `day` still give their bound:
 * one bound too many costs an evaluation, one missing would be wrong.
 *
 * A grid by amount (AC_QteMont = 2) compares quantity × gross with its bounds: for a bound A and
 * a gross G > 0 the range ends at the largest q with q × G ≤ A, so the next starts at
 * ⌊A / G⌋ + 1, computed exactly.
 */
export function quantityBreaks(
  index: PriceIndex,
  customerAccount: string,
  reference: string,
  day: string,
): number[] {
  const customer = index.customers.get(customerAccount);
  const article = index.articles.get(reference);
  if (customer === undefined || article === undefined) return [];
  const customerRow = exceptionRowOf(customer, reference, day);
  const categoryRow = pickAt(article.categoryRows[customer.category], day);
  const customerGrid = customerRow?.grid ?? null;
  const categoryGrid = categoryRow?.grid ?? null;
  if (customerGrid === null && categoryGrid === null) return [];
  const vatCategory = customer.accountingCategory;
  const base: GrossPrice =
    (customerRow !== undefined ? rowGross(customerRow, vatCategory) : null) ??
    (categoryRow !== undefined ? rowGross(categoryRow, vatCategory) : null) ??
    baseAt(article, day, vatCategory);
  const starts = new Set<bigint>();
  for (const grid of [customerGrid, categoryGrid]) {
    if (grid !== null) addStarts(grid, base, starts);
  }
  return [...starts]
    .filter((q) => q >= 2n && q <= MAX_TIER_START)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(Number);
}

function addStarts(grid: CompiledGrid, base: Fixed, starts: Set<bigint>): void {
  for (const range of grid.ranges) {
    const bound = range.upperBound;
    if (sign(bound) < 0) continue;
    if (!grid.byAmount) {
      starts.add(floorOf(unitsAsBig(bound), bound.scale) + 1n);
      continue;
    }
    // q × G ≤ A ⇔ q ≤ A / G: with A = a·10^-sa and G = g·10^-sg, A / G = a·10^sg / (g·10^sa).
    if (sign(base) <= 0) continue;
    const numerator = unitsAsBig(bound) * 10n ** BigInt(base.scale);
    const denominator = unitsAsBig(base) * 10n ** BigInt(bound.scale);
    starts.add(numerator / denominator + 1n);
  }
}

/** ⌊units × 10^-scale⌋ for a non-negative value. */
function floorOf(units: bigint, scale: number): bigint {
  return units / 10n ** BigInt(scale);
}

/**
 * The rule of `reference` in `category` at a quantity on `day` (see categoryPriceRule, which it
 * extends to a category row with a quantity grid): the range the quantity falls in replaces the
 * row's own discount, as in the engine. Null where no rule describes the price: the range gives
 * a net price (it replaces price and discounts: the category's net price says it all), a
 * discount is an amount per unit, or the rows have no precomputed view for another reason
 * (validity windows) and no grid.
 */
export function categoryPriceRuleAt(
  index: PriceIndex,
  reference: string,
  category: number,
  quantity: number,
  day: string,
): CategoryPriceRule | null {
  const article = index.articles.get(reference);
  if (article === undefined) return null;
  const row = pickAt(article.categoryRows[category], day);
  if (row === undefined || row.grid === null) {
    return categoryPriceRule(index, reference, category, day);
  }
  const family = pickAt(article.familyCategory[category], day);
  const gross = row.gross ?? baseAt(article, day);
  const value = row.grid.byAmount ? multiply(toFixed(quantity), gross) : toFixed(quantity);
  const range = row.grid.ranges.find(
    (r) => r.from <= day && day <= r.to && compare(value, r.upperBound) <= 0,
  );
  if (range !== undefined && range.netPrice !== null) return null;
  const articleDiscount = range !== undefined ? range.discount : row.discount;
  const familyDiscount = family?.discount ?? null;
  if (articleDiscount?.hasAmounts || familyDiscount?.hasAmounts) return null;
  const rowExcluded = row.gross !== null && row.excludedFromDiscounts;
  return {
    gross: gross.text,
    articleDiscount:
      articleDiscount === null ? null : formatFixed(articleDiscount.percentEquivalent),
    familyDiscount: familyDiscount === null ? null : formatFixed(familyDiscount.percentEquivalent),
    discounts: rowExcluded ? 'article-only' : family?.excludedFromDiscounts ? 'no-customer' : 'all',
  };
}
