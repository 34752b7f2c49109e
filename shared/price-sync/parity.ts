import type { PriceIndex, PriceResult, PricingData } from '../price-engine';
import { quantityBreaks } from '../price-engine/quantity-tiers';
import {
  impliedShopPrice,
  samePrice,
  tierStarts,
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
  /** The quantity compared, when it is not 1 (a quantity tier's bound). */
  quantity?: number;
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
  quantity = 1,
): ParityMismatch | null {
  const implied = impliedShopPrice(product, shopCustomer, formula, quantity);
  if (samePrice(implied.price, engine.netPrice)) return null;
  return {
    customer,
    sku: product.sku,
    ...(quantity === 1 ? {} : { quantity }),
    engine: { price: engine.netPrice, derivation: engineDerivation(engine) },
    shop: implied,
  };
}

/**
 * The quantities above 1 where a customer × article pair is compared too: on each side of every
 * bound where either side's price may change — the engine's grids (quantityBreaks) and the
 * shop's tiers (the product's for the customer's category, the customer's for the SKU). Both
 * prices are constant between those bounds, so these and 1 cover every whole quantity.
 */
export function parityQuantities(
  index: PriceIndex,
  account: string,
  product: ShopProductPricing,
  shopCustomer: ShopCustomerPricing,
  date: string,
): number[] {
  const starts = [
    ...quantityBreaks(index, account, product.sku, date),
    ...tierStarts(product, shopCustomer),
  ];
  if (starts.length === 0) return [];
  const quantities = new Set(starts.flatMap((q) => [q - 1, q]).filter((q) => q > 1));
  return [...quantities].sort((a, b) => a - b);
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

/**
 * Where Sage keeps scheduled prices (a new value with its day of application): the articles
 * with a scheduled base price or category row, and the accounts with a scheduled exception row.
 * Parity always checks these on top of its sample: the day they switch is where the shop and
 * the engine can part.
 */
export function scheduledPriceKeys(data: Pick<PricingData, 'articles' | 'articlePrices'>): {
  articles: Set<string>;
  customers: Set<string>;
} {
  const articles = new Set<string>();
  const customers = new Set<string>();
  for (const article of data.articles) if (article.scheduledPrice) articles.add(article.reference);
  for (const row of data.articlePrices) {
    if (!row.scheduled) continue;
    articles.add(row.articleReference);
    if (row.category === 0) customers.add(row.customerAccount);
  }
  return { articles, customers };
}

/** `sampled` plus the `candidates` it lacks whose key is in `extra` (at most `max` of them). */
export function withExtras<T>(
  sampled: readonly T[],
  candidates: readonly T[],
  keyOf: (item: T) => string,
  extra: ReadonlySet<string>,
  max: number,
): T[] {
  const taken = new Set(sampled.map(keyOf));
  const added = candidates.filter((c) => extra.has(keyOf(c)) && !taken.has(keyOf(c)));
  return [...sampled, ...added.slice(0, max)];
}

/** The parity result as the CLI prints it: a summary line, then one block per listed mismatch. */
export function formatParityReport(result: {
  date: string;
  customers: number;
  articles: number;
  pairs: number;
  /** Prices compared at quantity-tier bounds, besides the pairs at quantity 1. */
  tierPrices?: number;
  mismatchCount: number;
  mismatches: readonly ParityMismatch[];
}): string {
  const tiers = result.tierPrices ? ` (+ ${result.tierPrices} at quantity-tier bounds)` : '';
  const lines = [
    `price parity on ${result.date}: ${result.customers} customers × ${result.articles} articles ` +
      `= ${result.pairs} prices${tiers}, ${result.mismatchCount} mismatch(es)`,
  ];
  for (const m of result.mismatches) {
    const at = m.quantity === undefined ? '' : ` × ${m.quantity}`;
    lines.push(
      `${m.customer} ${m.sku}${at}: engine ${m.engine.price}, shop ${m.shop.price ?? 'none'}`,
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
