import { HUNDRED, factorOf } from '../pricing/compile-discount';
import { ONE, ZERO, add, compare, multiply, subtract, type Fixed } from '../pricing/fixed';
import type { CombinationStrategy } from '../pricing/types';

/** One non-zero rate (%) the shop formula applies, in the engine's priority order. */
export interface ShopDiscount {
  value: Fixed;
  label: string;
}

/**
 * The single rate (%) equivalent to the shop's discounts (family, then customer) under the
 * engine's combination strategy — what shared/pricing/combine.ts does with those two candidates
 * when both are percentages: highest keeps the larger (the earlier on a tie), priority the
 * first, cumulative adds them (capped at 100 %), cascade chains them. Exact: the caller applies
 * the rate to the category price and rounds once, as the engine does. null = no discount.
 */
export function combinedRate(
  discounts: readonly ShopDiscount[],
  strategy: CombinationStrategy,
): ShopDiscount | null {
  if (discounts.length === 0) return null;
  if (discounts.length === 1 || strategy === 'priority') return discounts[0];
  const label = discounts.map((d) => d.label).join(' and ');
  switch (strategy) {
    case 'highest':
      return discounts.reduce((best, d) => (compare(d.value, best.value) > 0 ? d : best));
    case 'cumulative': {
      const sum = discounts.reduce((total, d) => add(total, d.value), ZERO);
      return { value: compare(sum, HUNDRED) > 0 ? HUNDRED : sum, label: `${label} added` };
    }
    case 'cascade': {
      // The chained factors Π(1 − r/100) as one rate (1 − Π) × 100: exact, no rounding.
      let factor = ONE;
      for (const d of discounts) factor = multiply(factor, factorOf(d.value));
      return { value: multiply(subtract(ONE, factor), HUNDRED), label: `${label} in cascade` };
    }
  }
}
