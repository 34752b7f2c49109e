import Big from 'big.js';

/**
 * Money and quantities travel as normalised decimal strings ("12.5", "-3", "0"): exact, JSON-safe
 * and comparable after normalisation. Arithmetic goes through big.js, never JS numbers.
 */
export type DecimalString = string;

const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Thrown when a value read from Sage is not a decimal number. */
export class InvalidDecimalError extends Error {
  constructor(readonly value: unknown) {
    super(`not a decimal number: ${JSON.stringify(value)}`);
    this.name = 'InvalidDecimalError';
  }
}

/**
 * Normalises a database value to a decimal string. Strings must be plain decimals (SQLite stores
 * them as TEXT). Numbers come from SQL Server numeric columns through tedious: String(n) is the
 * shortest round-trip representation, exact for numeric(24,6) values up to 15 significant digits.
 */
export function toDecimal(value: string | number | Big): DecimalString {
  if (value instanceof Big) return value.toFixed();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidDecimalError(value);
    return new Big(String(value)).toFixed();
  }
  const trimmed = value.trim();
  if (!DECIMAL_PATTERN.test(trimmed)) throw new InvalidDecimalError(value);
  return new Big(trimmed).toFixed();
}

/** Like toDecimal, with NULL read as zero (Sage amount columns are NOT NULL in practice). */
export function toDecimalOrZero(value: string | number | null | undefined): DecimalString {
  return value === null || value === undefined ? '0' : toDecimal(value);
}

/** Rounds half-up (Sage's commercial rounding) to `decimals` places. */
export function roundDecimal(value: DecimalString | Big, decimals: number): DecimalString {
  return new Big(value).round(decimals, Big.roundHalfUp).toFixed();
}

export function addDecimals(...values: (DecimalString | Big)[]): DecimalString {
  return values.reduce<Big>((sum, v) => sum.plus(v), new Big(0)).toFixed();
}

export function subtractDecimals(a: DecimalString, b: DecimalString): DecimalString {
  return new Big(a).minus(b).toFixed();
}

export function multiplyDecimals(a: DecimalString, b: DecimalString): DecimalString {
  return new Big(a).times(b).toFixed();
}

export function compareDecimals(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  return new Big(a).cmp(b) as -1 | 0 | 1;
}

export function isNegative(value: DecimalString): boolean {
  return new Big(value).lt(0);
}

/** Integer cents (from a generator or a counter) to a decimal string, without floats. */
export function centsToDecimal(cents: number): DecimalString {
  if (!Number.isSafeInteger(cents)) throw new InvalidDecimalError(cents);
  return new Big(cents).div(100).toFixed();
}

/**
 * Net line amount: quantity × unit price × (1 − discount %), rounded to `decimals`.
 * The discount is a percentage such as "12.5".
 */
export function lineAmount(
  quantity: DecimalString,
  unitPrice: DecimalString,
  discountPercent: DecimalString,
  decimals: number,
): DecimalString {
  const factor = new Big(100).minus(discountPercent).div(100);
  return roundDecimal(new Big(quantity).times(unitPrice).times(factor), decimals);
}

/** Amount including tax for a VAT rate in percent, rounded to `decimals`. */
export function withTax(
  amountExclTax: DecimalString,
  vatPercent: DecimalString,
  decimals: number,
): DecimalString {
  const factor = new Big(100).plus(vatPercent).div(100);
  return roundDecimal(new Big(amountExclTax).times(factor), decimals);
}
