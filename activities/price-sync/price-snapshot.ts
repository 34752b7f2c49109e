import type { Config } from '../../shared/config';
import { buildPriceIndex, type PriceIndex, type PricingData } from '../../shared/price-engine';
import {
  priceCategoriesOf,
  productPricing,
  withCategoryCustomers,
  type ArticleRef,
  type ProductPricing,
} from '../../shared/price-sync/projection';
import type { ShopFormula } from '../../shared/price-sync/implied-price';
import { CustomerPricingProjector } from '../../shared/price-sync/customer-projector';
import type { SageDb } from '../sage/db';
import { loadPriceData } from './load-price-data';

/**
 * The engine's view of Sage's prices at one moment: data, index (with the category customers),
 * the categories and every article's category prices. Built once per sync run (the key is the
 * run's snapshot id) and shared by its pages on the same worker; a page served by another
 * worker (or after a restart) builds it again from Sage as it is then.
 */
export interface PriceSnapshot {
  key: string;
  /** The day prices are computed for (validity windows). */
  date: string;
  data: PricingData;
  index: PriceIndex;
  categories: number[];
  /** Sorted by reference: the products pages' order. */
  articles: ArticleRef[];
  /** Every article's category prices and rules (what the products pages write). */
  products: Map<string, ProductPricing>;
  /** The shop formula's rounding and combination: the engine's settings. */
  formula: ShopFormula;
  /** Customer meta, sharing the work between customers of the same conditions. */
  customers: CustomerPricingProjector;
  builtAt: number;
}

export async function buildPriceSnapshot(
  config: Config,
  db: SageDb,
  key: string,
  date: string,
): Promise<PriceSnapshot> {
  const data = await loadPriceData(db, config.sage.freeFields);
  const categories = priceCategoriesOf(data);
  const index = buildPriceIndex(withCategoryCustomers(data, categories), config.pricing);
  const articles = data.articles
    .map((a) => ({ reference: a.reference, familyCode: a.familyCode }))
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  const products = new Map<string, ProductPricing>();
  for (const article of articles) {
    products.set(article.reference, productPricing(index, article, categories, date));
  }
  const formula: ShopFormula = {
    decimals: config.pricing.unitPriceDecimals,
    mode: config.pricing.rounding,
    strategy: config.pricing.strategy,
  };
  const customers = new CustomerPricingProjector(index, data, articles, products, date, formula);
  return {
    key,
    date,
    data,
    index,
    categories,
    articles,
    products,
    formula,
    customers,
    builtAt: Date.now(),
  };
}

/** One snapshot per key at a time; concurrent pages of the same run share one build. */
export class PriceSnapshotCache {
  private current: Promise<PriceSnapshot> | undefined;
  private currentKey: string | undefined;

  constructor(
    private readonly config: Config,
    private readonly sage: () => Promise<SageDb>,
  ) {}

  get(key: string, date: string): Promise<PriceSnapshot> {
    if (this.current && this.currentKey === key) return this.current;
    this.currentKey = key;
    const building = this.sage().then((db) => buildPriceSnapshot(this.config, db, key, date));
    this.current = building;
    building.catch(() => {
      if (this.current === building) this.current = undefined;
    });
    return building;
  }

  /** The latest snapshot if younger than `maxAgeMs`, else a new one for `date`. */
  async fresh(maxAgeMs: number, date: string): Promise<PriceSnapshot> {
    if (this.current) {
      const snapshot = await this.current.catch(() => undefined);
      if (snapshot && snapshot.date === date && Date.now() - snapshot.builtAt < maxAgeMs) {
        return snapshot;
      }
    }
    return this.get(`fresh-${Date.now()}`, date);
  }
}
