import type { PriceResult } from '../pricing';
import {
  impliedShopPrice,
  samePrice,
  type ShopFormula,
  type ShopCustomerPricing,
  type ShopProductPricing,
} from './implied-price';

/**
 * Parity: the engine's price against the price the shop's data implies, for sampled customer ×
 * article pairs. Every mismatch carries both derivations so an operator sees which side is off.
 */

export interface ParityMismatch {
  customer: string;
  sku: string;
  engine: { price: string; derivation: string };
  shop: { price: string | null; derivation: string };
}

export function engineDerivation(result: PriceResult): string {
  const discounts = result.appliedDiscounts.map((d) =>
    'rate' in d ? `${d.source} ${d.rate} %` : `${d.source} −${d.amount}`,
  );
  const central = result.viaCentral ? ` via central ${result.effectiveCustomer}` : '';
  return (
    `${result.rule} ${result.grossPrice} (category ${result.category}${central})` +
    (discounts.length > 0 ? `, ${discounts.join(', ')}` : '') +
    ` → ${result.netPrice}`
  );
}

export function compareOne(
  customer: string,
  engine: PriceResult,
  product: ShopProductPricing,
  shopCustomer: ShopCustomerPricing,
  formula: ShopFormula,
): ParityMismatch | null {
  const implied = impliedShopPrice(product, shopCustomer, formula);
  if (samePrice(implied.price, engine.netPrice)) return null;
  return {
    customer,
    sku: product.sku,
    engine: { price: engine.netPrice, derivation: engineDerivation(engine) },
    shop: implied,
  };
}

/**
 * Up to `count` items of `items`, chosen by a seeded shuffle (all of them, in order, when there
 * are no more than `count`): the same seed samples the same pairs.
 */
export function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  if (items.length <= count) return [...items];
  const copy = [...items];
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, deterministic, good enough to spread a sample.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/** The parity result as the CLI prints it: a summary line, then one block per listed mismatch. */
export function formatParityReport(result: {
  date: string;
  customers: number;
  articles: number;
  pairs: number;
  mismatchCount: number;
  mismatches: readonly ParityMismatch[];
}): string {
  const lines = [
    `price parity on ${result.date}: ${result.customers} customers × ${result.articles} articles ` +
      `= ${result.pairs} prices, ${result.mismatchCount} mismatch(es)`,
  ];
  for (const m of result.mismatches) {
    lines.push(
      `${m.customer} ${m.sku}: engine ${m.engine.price}, shop ${m.shop.price ?? 'none'}`,
      `  engine: ${m.engine.derivation}`,
      `  shop:   ${m.shop.derivation}`,
    );
  }
  if (result.mismatches.length < result.mismatchCount) {
    lines.push(
      `… ${result.mismatchCount - result.mismatches.length} more: npm run cli -- reports prices`,
    );
  }
  return `${lines.join('\n')}\n`;
}
