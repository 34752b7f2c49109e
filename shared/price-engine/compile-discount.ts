import type { CompiledDiscount, DiscountStep } from './compiled';
import { Fixed, ONE, ZERO, add, compare, formatFixed, multiply, sign, subtract } from './fixed';
import type { AppliedDiscount, DiscountSource } from './types';

export const HUNDRED = new Fixed(100, null, 0);

/** A rate (%) clamped to [0, 100]: Sage discounts neither exceed the price nor raise it. */
export function clampRate(rate: Fixed): { rate: Fixed; clamped: boolean } {
  if (sign(rate) < 0) return { rate: ZERO, clamped: true };
  if (compare(rate, HUNDRED) > 0) return { rate: HUNDRED, clamped: true };
  return { rate, clamped: false };
}

/** 1 − rate/100, exactly: (100 − rate) carried two more decimals. */
export function factorOf(rate: Fixed): Fixed {
  const rest = subtract(HUNDRED, rate);
  return new Fixed(rest.units, rest.big, rest.scale + 2);
}

export type RawStep = { kind: 'percent'; rate: Fixed } | { kind: 'amount'; amount: Fixed };

/**
 * Compiles the steps of one source (zero steps are left out). Returns null when nothing is
 * left: a source at 0 % is no discount, and must not win "priority" over a later one.
 */
export function compileDiscount(source: DiscountSource, raw: RawStep[]): CompiledDiscount | null {
  const steps: DiscountStep[] = [];
  const applied: AppliedDiscount[] = [];
  let product = ONE;
  let amountTotal = ZERO;
  for (const step of raw) {
    if (step.kind === 'percent') {
      if (sign(step.rate) === 0) continue;
      const factor = factorOf(step.rate);
      steps.push({ factor, amount: null });
      applied.push(Object.freeze({ source, rate: formatFixed(step.rate) }));
      product = multiply(product, factor);
    } else {
      if (sign(step.amount) === 0) continue;
      steps.push({ factor: null, amount: step.amount });
      applied.push(Object.freeze({ source, amount: formatFixed(step.amount) }));
      amountTotal = add(amountTotal, step.amount);
    }
  }
  if (steps.length === 0) return null;
  const percentEquivalent = multiply(subtract(ONE, product), HUNDRED);
  const single =
    steps.length === 1 && steps[0].factor !== null && steps[0].factor.big === null
      ? steps[0].factor
      : null;
  return Object.freeze({
    source,
    steps: Object.freeze(steps),
    applied: Object.freeze(applied),
    percentEquivalent,
    amountTotal,
    hasAmounts: sign(amountTotal) !== 0,
    factorUnits: single === null ? -1 : single.units,
    factorScale: single === null ? 0 : single.scale,
    rank: Number(formatFixed(percentEquivalent)),
  });
}

export function percentDiscount(source: DiscountSource, rate: Fixed): CompiledDiscount | null {
  return compileDiscount(source, [{ kind: 'percent', rate }]);
}
