import type { CompiledDiscount } from './compiled';
import { HUNDRED, factorOf } from './compile-discount';
import {
  Fixed,
  ZERO,
  add,
  compare,
  formatFixed,
  formatUnits,
  maxWithZero,
  multiply,
  subtract,
} from './fixed';
import { roundFixed, roundUnits } from './rounding';
import type { AppliedDiscount, CombinationStrategy, PricingOptions } from './types';

export type Rounding = Pick<PricingOptions, 'unitPriceDecimals' | 'rounding'>;

export interface Combined {
  /** Net price, rounded, as a normalised decimal string. */
  netPrice: string;
  applied: readonly AppliedDiscount[];
}

/** combine() returns this one object, overwritten by the next call: read it at once. */
const result: Combined = { netPrice: '', applied: [] };

function combined(netPrice: string, applied: readonly AppliedDiscount[]): Combined {
  result.netPrice = netPrice;
  result.applied = applied;
  return result;
}

const NONE: readonly AppliedDiscount[] = Object.freeze([]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Combines the applicable discounts, given in priority order (article-customer, article-category,
 * family-customer, family-category, customer), into the rounded net price:
 * - highest: only the source giving the lowest price (the earliest on a tie);
 * - priority: only the first source;
 * - cumulative: the percentages added (each source counted by its cascade equivalent, the sum
 *   capped at 100 %), then the amounts per unit subtracted;
 * - cascade: every source applied to the result of the previous one.
 * `gross` is never negative; the net never goes below zero.
 */
export function combine(
  gross: Fixed,
  candidates: readonly CompiledDiscount[],
  count: number,
  strategy: CombinationStrategy,
  rounding: Rounding,
): Combined {
  if (count === 0) return combined(netOf(gross, candidates, 0, 0, rounding), NONE);
  if (count === 1 || strategy === 'priority') {
    return combined(netOf(gross, candidates, 0, 1, rounding), candidates[0].applied);
  }
  switch (strategy) {
    case 'highest': {
      const best = highestIndex(gross, candidates, count);
      return combined(netOf(gross, candidates, best, 1, rounding), candidates[best].applied);
    }
    case 'cascade':
      return combined(netOf(gross, candidates, 0, count, rounding), allApplied(candidates, count));
    case 'cumulative':
      return combined(
        cumulativeNet(gross, candidates, count, rounding),
        allApplied(candidates, count),
      );
  }
}

/** Applies one source's steps in order (cascade within a row); amounts never go below zero. */
export function applySource(price: Fixed, discount: CompiledDiscount): Fixed {
  let result = price;
  for (const step of discount.steps) {
    result =
      step.factor !== null
        ? multiply(result, step.factor)
        : maxWithZero(subtract(result, step.amount as Fixed));
  }
  return result;
}

/**
 * gross × the steps of candidates[first … first + count), rounded. The common case (percentages
 * whose exact product stays below 2^53) runs on plain integers without allocating; anything
 * else (amounts, BigInt-sized products) takes the general Fixed path. Both are exact.
 */
function netOf(
  gross: Fixed,
  candidates: readonly CompiledDiscount[],
  first: number,
  count: number,
  rounding: Rounding,
): string {
  let units = gross.units;
  let scale = gross.scale;
  let fast = gross.big === null;
  for (let i = first; fast && i < first + count; i++) {
    const candidate = candidates[i];
    if (candidate.factorUnits >= 0) {
      const product = units * candidate.factorUnits;
      if (product > MAX_SAFE) fast = false;
      units = product;
      scale += candidate.factorScale;
      continue;
    }
    const steps = candidate.steps;
    for (let j = 0; j < steps.length; j++) {
      const factor = steps[j].factor;
      if (factor === null || factor.big !== null) {
        fast = false;
        break;
      }
      const product = units * factor.units;
      if (product > MAX_SAFE) {
        fast = false;
        break;
      }
      units = product;
      scale += factor.scale;
    }
  }
  if (fast) {
    if (scale <= rounding.unitPriceDecimals) return formatUnits(units, scale);
    const rounded = roundUnits(units, scale, rounding.unitPriceDecimals, rounding.rounding);
    if (rounded >= 0) return formatUnits(rounded, rounding.unitPriceDecimals);
  }
  let price = gross;
  for (let i = first; i < first + count; i++) price = applySource(price, candidates[i]);
  return formatFixed(roundFixed(maxWithZero(price), rounding.unitPriceDecimals, rounding.rounding));
}

function highestIndex(
  gross: Fixed,
  candidates: readonly CompiledDiscount[],
  count: number,
): number {
  let best = 0;
  let comparable = true;
  for (let i = 0; i < count && comparable; i++) comparable = !candidates[i].hasAmounts;
  if (comparable) {
    // Percentages only: the highest equivalent rate gives the lowest price, no need to price each.
    for (let i = 1; i < count; i++) {
      const rank = candidates[i].rank;
      const bestRank = candidates[best].rank;
      // Distinct doubles order their decimals the same way; only equal ones need the exact test.
      if (rank > bestRank) best = i;
      else if (
        rank === bestRank &&
        compare(candidates[i].percentEquivalent, candidates[best].percentEquivalent) > 0
      )
        best = i;
    }
    return best;
  }
  let bestPrice = applySource(gross, candidates[0]);
  for (let i = 1; i < count; i++) {
    const price = applySource(gross, candidates[i]);
    if (compare(price, bestPrice) < 0) {
      best = i;
      bestPrice = price;
    }
  }
  return best;
}

function cumulativeNet(
  gross: Fixed,
  candidates: readonly CompiledDiscount[],
  count: number,
  rounding: Rounding,
): string {
  let rate = ZERO;
  let amount = ZERO;
  for (let i = 0; i < count; i++) {
    rate = add(rate, candidates[i].percentEquivalent);
    if (candidates[i].hasAmounts) amount = add(amount, candidates[i].amountTotal);
  }
  if (compare(rate, HUNDRED) > 0) rate = HUNDRED;
  const price = maxWithZero(subtract(multiply(gross, factorOf(rate)), amount));
  return formatFixed(roundFixed(price, rounding.unitPriceDecimals, rounding.rounding));
}

function allApplied(candidates: readonly CompiledDiscount[], count: number): AppliedDiscount[] {
  const applied: AppliedDiscount[] = [];
  for (let i = 0; i < count; i++) {
    for (const entry of candidates[i].applied) applied.push(entry);
  }
  return applied;
}
