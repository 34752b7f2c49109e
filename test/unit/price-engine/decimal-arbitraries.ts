import Big from 'big.js';
import fc from 'fast-check';

/**
 * Decimal strings for exactness tests: small ones (the number path) and large ones with up to
 * 24 digits (the BigInt path), signed, with up to 12 decimals.
 */
export const decimalString = (
  options: { maxDigits?: number; maxScale?: number; signed?: boolean } = {},
) =>
  fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** BigInt(options.maxDigits ?? 24) - 1n }),
      fc.integer({ min: 0, max: options.maxScale ?? 12 }),
      fc.boolean(),
    )
    .map(([units, scale, negative]) => {
      const value = new Big(units.toString()).div(new Big(10).pow(scale));
      return (negative && options.signed !== false ? value.neg() : value).toFixed();
    });

/** Mostly the sizes real prices and rates have, sometimes huge. */
export const anyDecimal = fc.oneof(
  decimalString({ maxDigits: 9, maxScale: 6 }),
  decimalString({ maxDigits: 15, maxScale: 6 }),
  decimalString(),
);
