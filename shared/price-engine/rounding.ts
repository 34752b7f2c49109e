import { Fixed, fixedFromBig, pow10, pow10Big, unitsAsBig } from './fixed';

/**
 * How a unit price is brought to the company's decimals. Sage rounds unit prices to the number
 * of decimals set for prices in the company parameters, commercially: half away from zero
 * ('half-up', big.js's roundHalfUp, the default). The other modes exist for companies that
 * configured truncation ('down', towards zero), rounding up ('up', away from zero) or banker's
 * rounding ('half-even'). Prices are never negative, so "away from zero" is "up".
 */
export const roundingModes = ['half-up', 'half-even', 'down', 'up'] as const;
export type RoundingMode = (typeof roundingModes)[number];

/** Rounds `value` to `decimals` places (0…6). Exact: integer division with remainder. */
export function roundFixed(value: Fixed, decimals: number, mode: RoundingMode): Fixed {
  const drop = value.scale - decimals;
  if (drop <= 0) return value;
  const divisor = pow10(drop);
  if (value.big === null && divisor !== null) {
    const negative = value.units < 0;
    const magnitude = negative ? -value.units : value.units;
    // `%` on doubles is exact (fmod never rounds), and (magnitude − rest) / divisor is an exact
    // integer quotient below 2^53, so this path is integer arithmetic.
    const rest = magnitude % divisor;
    let quotient = (magnitude - rest) / divisor;
    if (roundsAway(rest * 2, divisor, rest > 0, quotient % 2 === 1, mode)) quotient += 1;
    return new Fixed(negative && quotient !== 0 ? -quotient : quotient, null, decimals);
  }
  const units = unitsAsBig(value);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const bigDivisor = pow10Big(drop);
  const rest = magnitude % bigDivisor;
  let quotient = magnitude / bigDivisor;
  const twiceRest = rest * 2n;
  const cmp = twiceRest < bigDivisor ? -1 : twiceRest > bigDivisor ? 1 : 0;
  if (roundsAwayCmp(cmp, rest > 0n, quotient % 2n === 1n, mode)) quotient += 1n;
  return fixedFromBig(negative ? -quotient : quotient, decimals);
}

/**
 * The number path of roundFixed, for the hot path: a non-negative safe integer count of
 * 10^-scale units (scale > decimals) rounded to a count of 10^-decimals units; -1 when the
 * divisor is not an exact double (then use roundFixed).
 */
export function roundUnits(
  units: number,
  scale: number,
  decimals: number,
  mode: RoundingMode,
): number {
  const divisor = pow10(scale - decimals);
  if (divisor === null) return -1;
  const rest = units % divisor;
  const quotient = (units - rest) / divisor;
  return roundsAway(rest * 2, divisor, rest > 0, quotient % 2 === 1, mode)
    ? quotient + 1
    : quotient;
}

function roundsAway(
  twiceRest: number,
  divisor: number,
  inexact: boolean,
  odd: boolean,
  mode: RoundingMode,
): boolean {
  const cmp = twiceRest < divisor ? -1 : twiceRest > divisor ? 1 : 0;
  return roundsAwayCmp(cmp, inexact, odd, mode);
}

/** `cmp` compares the dropped part with one half of the last kept unit. */
function roundsAwayCmp(cmp: number, inexact: boolean, odd: boolean, mode: RoundingMode): boolean {
  switch (mode) {
    case 'half-up':
      return cmp >= 0;
    case 'half-even':
      return cmp > 0 || (cmp === 0 && odd);
    case 'down':
      return false;
    case 'up':
      return inexact;
  }
}

/**
 * `dividend / divisor` rounded to `decimals` places, exactly (BigInt long division). Used at
 * index build time only, to bring tax-inclusive prices back to excl. tax.
 */
export function divideRounded(
  dividend: Fixed,
  divisor: Fixed,
  decimals: number,
  mode: RoundingMode,
): Fixed {
  const d = unitsAsBig(divisor);
  if (d === 0n) throw new RangeError('division by zero');
  // (A / 10^sa) / (B / 10^sb) × 10^decimals = A × 10^(sb + decimals) / (B × 10^sa)
  let numerator = unitsAsBig(dividend) * pow10Big(divisor.scale + decimals);
  let denominator = d * pow10Big(dividend.scale);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const rest = magnitude % denominator;
  const twiceRest = rest * 2n;
  const cmp = twiceRest < denominator ? -1 : twiceRest > denominator ? 1 : 0;
  if (roundsAwayCmp(cmp, rest > 0n, quotient % 2n === 1n, mode)) quotient += 1n;
  return fixedFromBig(negative ? -quotient : quotient, decimals);
}
