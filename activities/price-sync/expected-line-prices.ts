import { evaluatePrice, PriceLookupError } from '../../shared/price-engine';
import type { PriceSnapshot } from './price-snapshot';

export interface ExpectedLinePricesInput {
  /** Sage account (CT_Num) of the ordering customer. */
  customerAccount: string;
  lines: { sku: string; quantity: number | string }[];
  /** Day of the order (YYYY-MM-DD): validity windows of the prices. */
  date: string;
}

export interface ExpectedLinePrice {
  sku: string;
  /** Net unit price excl. tax Sage would apply, or null when the engine cannot price the line. */
  expected: string | null;
  /**
   * The engine's rule, or the reason there is no price (`unknown-customer`, `unknown-article`,
   * `customer-asleep`).
   */
  rule: string;
}

/** The engine's price of each line of a web order, in line order. */
export function expectedLinePrices(
  snapshot: PriceSnapshot,
  input: ExpectedLinePricesInput,
): ExpectedLinePrice[] {
  return input.lines.map((line) => {
    try {
      const result = evaluatePrice(snapshot.index, {
        customer: input.customerAccount,
        article: line.sku,
        quantity: line.quantity,
        date: input.date,
      });
      return { sku: line.sku, expected: result.netPrice, rule: result.rule };
    } catch (err) {
      if (err instanceof PriceLookupError)
        return { sku: line.sku, expected: null, rule: err.problem };
      throw err;
    }
  });
}
