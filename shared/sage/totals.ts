import Big from 'big.js';
import { roundDecimal, type DecimalString } from './decimal';

export interface TaxedAmount {
  amountExclTax: DecimalString;
  vatRate: DecimalString;
}

export interface DocumentTotals {
  exclTax: DecimalString;
  tax: DecimalString;
  inclTax: DecimalString;
}

/**
 * Document totals the French way: VAT is computed once per rate on the sum of the line amounts
 * of that rate (rounded half-up to `decimals`), not summed from per-line rounded taxes.
 */
export function documentTotals(lines: readonly TaxedAmount[], decimals: number): DocumentTotals {
  const baseByRate = new Map<string, Big>();
  for (const line of lines) {
    const rate = new Big(line.vatRate).toFixed();
    baseByRate.set(rate, (baseByRate.get(rate) ?? new Big(0)).plus(line.amountExclTax));
  }
  let exclTax = new Big(0);
  let tax = new Big(0);
  for (const [rate, base] of baseByRate) {
    exclTax = exclTax.plus(base);
    tax = tax.plus(roundDecimal(base.times(rate).div(100), decimals));
  }
  return {
    exclTax: roundDecimal(exclTax, decimals),
    tax: roundDecimal(tax, decimals),
    inclTax: roundDecimal(exclTax.plus(tax), decimals),
  };
}
