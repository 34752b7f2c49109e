import { evaluatePrice } from '../../shared/price-engine';
import {
  compareOne,
  parityQuantities,
  sample,
  scheduledPriceKeys,
  withExtras,
  type ParityMismatch,
} from '../../shared/price-sync/parity';
import { customerPricingFromMeta, productPricingFromMeta } from '../../shared/price-sync/payload';
import type { ShopProductPricing } from '../../shared/price-sync/implied-price';
import type { ActivityDeps } from '../deps';
import type { WooClient } from '../woo';
import type { PriceSnapshot } from './price-snapshot';
import { sortedCustomers } from './sync-page';
import { customerTargets, productTargets, type ProductTarget } from './shop-targets';

export interface ParityInput {
  /** Customers sampled (default: configuration `prices.parity.customers`). */
  customers?: number;
  /** Articles sampled (default: configuration `prices.parity.articles`). */
  articles?: number;
  seed?: number;
}

export interface ParityResult {
  date: string;
  customers: number;
  articles: number;
  pairs: number;
  /** Prices compared at quantity-tier bounds, besides the pairs at quantity 1. */
  tierPrices: number;
  mismatchCount: number;
  /** The first `prices.parity.maxListed` mismatches (the operator report holds them all). */
  mismatches: ParityMismatch[];
}

export const PARITY_PROBLEM = 'price-mismatch';

async function readShopProducts(
  woo: WooClient,
  targets: Map<string, ProductTarget>,
  meta: { prices: string; rules: string; family: string; tiers: string },
): Promise<Map<string, ShopProductPricing>> {
  const out = new Map<string, ShopProductPricing>();
  const toPricing = (sku: string, metaData: { key: string; value: unknown }[]) =>
    out.set(sku, productPricingFromMeta(sku, metaData, meta));
  const simple = [...targets].filter(([, t]) => t.parentId === undefined);
  const skuById = new Map(simple.map(([sku, t]) => [t.id, sku]));
  for (let i = 0; i < simple.length; i += 100) {
    const ids = simple.slice(i, i + 100).map(([, t]) => t.id);
    const page = await woo.products.list({ include: ids, per_page: 100 });
    for (const product of page.items) {
      const sku = skuById.get(product.id);
      if (sku !== undefined) toPricing(sku, product.meta_data);
    }
  }
  for (const [sku, target] of targets) {
    if (target.parentId === undefined) continue;
    const variation = await woo.variations.get(target.parentId, target.id);
    toPricing(sku, variation.meta_data);
  }
  return out;
}

/**
 * Samples customers × articles that the shop holds, computes the engine's price for each pair
 * and the price the shop's data implies (shared/price-sync/implied-price.ts), and reports every
 * difference with both derivations (operator reports, flow `prices`).
 */
export async function checkPriceParity(
  deps: ActivityDeps,
  snapshot: PriceSnapshot,
  input: ParityInput,
): Promise<ParityResult> {
  const settings = deps.config.prices;
  const store = await deps.stateStore();
  const seed = input.seed ?? 1;
  const customers = sortedCustomers(snapshot);
  const linkedCustomers = await customerTargets(
    store,
    customers.map((c) => c.account),
  );
  const linkedProducts = await productTargets(
    store,
    snapshot.articles.map((a) => a.reference),
  );
  // A sleeping account has no price on either side (no engine price, no pricing meta).
  const pricedCustomers = customers.filter(
    (c) => linkedCustomers.has(c.account) && c.sleeping !== true,
  );
  const linkedArticles = snapshot.articles.filter((a) => linkedProducts.has(a.reference));
  const customerCount = input.customers ?? settings.parity.customers;
  const articleCount = input.articles ?? settings.parity.articles;
  // Scheduled prices are always checked too (on the snapshot's day), bounded by the sample size.
  const scheduled = scheduledPriceKeys(snapshot.data);
  const chosenCustomers = withExtras(
    sample(pricedCustomers, customerCount, seed),
    pricedCustomers,
    (c) => c.account,
    scheduled.customers,
    customerCount,
  );
  const chosenArticles = withExtras(
    sample(linkedArticles, articleCount, seed + 1),
    linkedArticles,
    (a) => a.reference,
    scheduled.articles,
    articleCount,
  );

  const woo = await deps.woo();
  const shopProducts = await readShopProducts(
    woo,
    new Map(chosenArticles.map((a) => [a.reference, linkedProducts.get(a.reference)!])),
    {
      prices: settings.meta.productPrices,
      rules: settings.meta.productRules,
      family: deps.config.catalog.meta.family,
      tiers: settings.meta.productTiers,
    },
  );
  const mismatches: ParityMismatch[] = [];
  let tierPrices = 0;
  for (const customer of chosenCustomers) {
    const shop = await woo.customers.get(linkedCustomers.get(customer.account)!);
    const shopCustomer = customerPricingFromMeta(shop.meta_data ?? [], settings.meta);
    for (const article of chosenArticles) {
      const product = shopProducts.get(article.reference) ?? {
        sku: article.reference,
        family: '',
        prices: {},
        rules: {},
      };
      const engine = evaluatePrice(snapshot.index, {
        customer: customer.account,
        article: article.reference,
        quantity: 1,
        date: snapshot.date,
      });
      const mismatch = compareOne(
        customer.account,
        engine,
        product,
        shopCustomer,
        snapshot.formula,
      );
      if (mismatch) mismatches.push(mismatch);
      // Quantity grids: on each side of every tier bound of either side.
      for (const quantity of parityQuantities(
        snapshot.index,
        customer.account,
        product,
        shopCustomer,
        snapshot.date,
      )) {
        tierPrices++;
        const atQuantity = compareOne(
          customer.account,
          evaluatePrice(snapshot.index, {
            customer: customer.account,
            article: article.reference,
            quantity,
            date: snapshot.date,
          }),
          product,
          shopCustomer,
          snapshot.formula,
          quantity,
        );
        if (atQuantity) mismatches.push(atQuantity);
      }
    }
  }
  await (
    await deps.snapshots()
  ).putReports(
    'prices',
    mismatches.map((m) => ({
      key: `${m.customer} ${m.sku}${m.quantity === undefined ? '' : ` ×${m.quantity}`}`,
      problem: PARITY_PROBLEM,
      detail: `engine ${m.engine.price} (${m.engine.derivation}); shop ${m.shop.price ?? 'none'} (${m.shop.derivation})`,
    })),
  );
  return {
    date: snapshot.date,
    customers: chosenCustomers.length,
    articles: chosenArticles.length,
    pairs: chosenCustomers.length * chosenArticles.length,
    tierPrices,
    mismatchCount: mismatches.length,
    mismatches: mismatches.slice(0, settings.parity.maxListed),
  };
}
