/**
 * Exact decimals for the evaluation hot path.
 *
 * A `Fixed` is `units × 10^-scale` with `units` an integer. While |units| ≤ 2^53 − 1 it lives in
 * `units` (a JS number: every integer of that size, and every +, −, × whose exact result is of
 * that size, is exact in IEEE-754 doubles); beyond that the same value lives in `big` (BigInt)
 * and `units` is 0. Every operation checks the size of its exact result and moves to BigInt
 * rather than lose a digit, so results never depend on binary floating point.
 *
 * The scale is the number of decimals actually carried: values read from Sage have at most 6
 * (numeric(24,6)); products add scales (90 × 0.92 → 8280 at scale 4) and only the final,
 * explicit rounding (rounding.ts) brings a price back to the company's decimals. Prices of a few
 * thousand euros with whole-number discounts stay in the number path (the common case, and why
 * one evaluation costs well under a microsecond); six-decimal rates in cascade go to BigInt.
 *
 * Division is never needed at evaluation time: percentages become factors (100 − r) / 100 at
 * index build time, which are decimals again.
 */
export class Fixed {
  constructor(
    /** The value × 10^scale when it is a safe integer (else 0, and `big` holds it). */
    readonly units: number,
    /** The value × 10^scale when it does not fit a safe integer, else null. */
    readonly big: bigint | null,
    readonly scale: number,
  ) {}
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** 10^0 … 10^22 are exact doubles. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const POW10_BIG: bigint[] = [];

export function pow10Big(exponent: number): bigint {
  let cached = POW10_BIG[exponent];
  if (cached === undefined) {
    cached = 10n ** BigInt(exponent);
    POW10_BIG[exponent] = cached;
  }
  return cached;
}

export function pow10(exponent: number): number | null {
  return exponent < POW10.length ? POW10[exponent] : null;
}

export const ZERO = new Fixed(0, null, 0);
export const ONE = new Fixed(1, null, 0);

/** A Fixed from a BigInt count of 10^-scale units, back in the number path when it fits. */
export function fixedFromBig(units: bigint, scale: number): Fixed {
  if (units <= MAX_SAFE_BIG && units >= -MAX_SAFE_BIG) return new Fixed(Number(units), null, scale);
  return new Fixed(0, units, scale);
}

export function unitsAsBig(value: Fixed): bigint {
  return value.big ?? BigInt(value.units);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export class InvalidFixedError extends Error {
  constructor(readonly value: unknown) {
    super(`not a plain decimal number: ${JSON.stringify(value)}`);
    this.name = 'InvalidFixedError';
  }
}

/** Parses a plain decimal ("12.50", "-3", ".5"); trailing fractional zeros are dropped. */
export function parseFixed(text: string): Fixed {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new InvalidFixedError(text);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const digits = (match[2] + fraction).replace(/^0+/, '');
  const negative = match[1] === '-' && digits !== '';
  if (digits.length <= 15) {
    const units = digits === '' ? 0 : Number(digits);
    return new Fixed(negative ? -units : units, null, fraction.length);
  }
  const big = BigInt(digits);
  return fixedFromBig(negative ? -big : big, fraction.length);
}

/** A decimal given as a string or as a JS number (read through its shortest decimal form). */
export function toFixed(value: string | number): Fixed {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return new Fixed(value + 0, null, 0);
    if (!Number.isFinite(value)) throw new InvalidFixedError(value);
    return parseFixed(String(value));
  }
  return parseFixed(value);
}

/** The same value carried at a larger scale (no rounding: it only appends zeros). */
export function rescale(value: Fixed, scale: number): Fixed {
  const extra = scale - value.scale;
  if (extra === 0) return value;
  if (value.big === null) {
    const factor = pow10(extra);
    if (factor !== null) {
      const units = value.units * factor;
      if (units <= MAX_SAFE && units >= -MAX_SAFE) return new Fixed(units, null, scale);
    }
  }
  return fixedFromBig(unitsAsBig(value) * pow10Big(extra), scale);
}

export function multiply(a: Fixed, b: Fixed): Fixed {
  const scale = a.scale + b.scale;
  if (a.big === null && b.big === null) {
    const units = a.units * b.units;
    // |exact product| ≤ 2^53 − 1 ⇔ the rounded double is ≤ 2^53 − 1: then it is the exact one.
    if (units <= MAX_SAFE && units >= -MAX_SAFE) return new Fixed(units + 0, null, scale);
  }
  return fixedFromBig(unitsAsBig(a) * unitsAsBig(b), scale);
}

export function add(a: Fixed, b: Fixed): Fixed {
  const scale = a.scale >= b.scale ? a.scale : b.scale;
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  if (x.big === null && y.big === null) {
    const units = x.units + y.units;
    if (units <= MAX_SAFE && units >= -MAX_SAFE) return new Fixed(units + 0, null, scale);
  }
  return fixedFromBig(unitsAsBig(x) + unitsAsBig(y), scale);
}

export function negate(a: Fixed): Fixed {
  return a.big === null ? new Fixed(-a.units + 0, null, a.scale) : new Fixed(0, -a.big, a.scale);
}

export function subtract(a: Fixed, b: Fixed): Fixed {
  return add(a, negate(b));
}

export function compare(a: Fixed, b: Fixed): -1 | 0 | 1 {
  const scale = a.scale >= b.scale ? a.scale : b.scale;
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  if (x.big === null && y.big === null) return x.units < y.units ? -1 : x.units > y.units ? 1 : 0;
  const bx = unitsAsBig(x);
  const by = unitsAsBig(y);
  return bx < by ? -1 : bx > by ? 1 : 0;
}

export function sign(a: Fixed): -1 | 0 | 1 {
  if (a.big !== null) return a.big > 0n ? 1 : a.big < 0n ? -1 : 0;
  return a.units > 0 ? 1 : a.units < 0 ? -1 : 0;
}

export function maxWithZero(a: Fixed): Fixed {
  return sign(a) < 0 ? ZERO : a;
}

/** Normalised decimal string, the project's DecimalString form ("82.8", "90", "0", "-1.25"). */
export function formatFixed(value: Fixed): string {
  let digits = value.big === null ? String(value.units) : value.big.toString();
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  if (value.scale > 0) {
    digits = digits.padStart(value.scale + 1, '0');
    const integer = digits.slice(0, digits.length - value.scale);
    let end = digits.length;
    while (end > integer.length && digits.charCodeAt(end - 1) === 48) end--;
    digits = end > integer.length ? `${integer}.${digits.slice(integer.length, end)}` : integer;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/**
 * Normalised text of a non-negative safe integer count of 10^-scale units, without building a
 * Fixed (the evaluation hot path). Falls back to formatFixed beyond 10^22 scales.
 */
export function formatUnits(units: number, scale: number): string {
  if (scale === 0 || units === 0) return String(units);
  const divisor = pow10(scale);
  if (divisor === null || units < 0) return formatFixed(new Fixed(units, null, scale));
  let fraction = units % divisor;
  const integer = (units - fraction) / divisor;
  if (fraction === 0) return String(integer);
  let digits = scale;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  return `${integer}.${String(fraction).padStart(digits, '0')}`;
}
