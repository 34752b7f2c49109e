import { HUNDRED, factorOf } from '../price-engine/compile-discount';
import {
  ONE,
  ZERO,
  add,
  compare,
  formatFixed,
  multiply,
  subtract,
  type Fixed,
} from '../price-engine/fixed';
import type { CombinationStrategy } from '../price-engine/types';

/** One non-zero rate (%) the shop formula applies, in the engine's priority order. */
export interface ShopDiscount {
  value: Fixed;
  /** What the derivation calls it ("customer discount"). */
  name: string;
}

/** The discounts of one price folded into one rate. */
export interface CombinedRate {
  value: Fixed;
  /** The discounts the rate stands for (one, or all of them when added or chained). */
  applied: readonly ShopDiscount[];
  how: 'one' | 'added' | 'cascade';
}

/**
 * The single rate (%) equivalent to the shop's discounts under the engine's combination
 * strategy — what shared/price-engine/combine.ts does with percentage candidates: highest keeps the
 * larger (the earlier on a tie), priority the first, cumulative adds them (capped at 100 %),
 * cascade chains them. Exact: the caller applies the rate to the gross price and rounds once,
 * as the engine does. null = no discount.
 */
export function combinedRate(
  discounts: readonly ShopDiscount[],
  strategy: CombinationStrategy,
): CombinedRate | null {
  if (discounts.length === 0) return null;
  if (discounts.length === 1 || strategy === 'priority') return one(discounts[0]);
  switch (strategy) {
    case 'highest':
      return one(discounts.reduce((best, d) => (compare(d.value, best.value) > 0 ? d : best)));
    case 'cumulative': {
      const sum = discounts.reduce((total, d) => add(total, d.value), ZERO);
      const value = compare(sum, HUNDRED) > 0 ? HUNDRED : sum;
      return { value, applied: discounts, how: 'added' };
    }
    case 'cascade': {
      // The chained factors Π(1 − r/100) as one rate (1 − Π) × 100: exact, no rounding.
      let factor = ONE;
      for (const d of discounts) factor = multiply(factor, factorOf(d.value));
      return {
        value: multiply(subtract(ONE, factor), HUNDRED),
        applied: discounts,
        how: 'cascade',
      };
    }
  }
}

function one(discount: ShopDiscount): CombinedRate {
  return { value: discount.value, applied: [discount], how: 'one' };
}

/** "customer discount 5 %", "family RACC discount 8 % and customer discount 5 % added". */
export function describeRate(rate: CombinedRate): string {
  const parts = rate.applied.map((d) => `${d.name} ${formatFixed(d.value)} %`).join(' and ');
  return rate.how === 'one' ? parts : `${parts} ${rate.how === 'added' ? 'added' : 'in cascade'}`;
}
