import { buildPriceIndex, type PriceIndex, type PricingData } from '../price-engine';
import type { PricingCustomer, PricingOptions } from '../price-engine/types';
import { CustomerPricingProjector, type StoredCustomerPricing } from './customer-projector';
import type { ShopFormula } from './implied-price';
import {
  affectedByChanges,
  touchedFor,
  type AffectedPricing,
  type PriceChanges,
} from './price-changes';
import {
  productPricing,
  withCategoryCustomers,
  type ArticleRef,
  type CustomerPricingPayload,
  type ProductPricing,
} from './projection';

/**
 * Product pricing computed when first asked: an incremental run needs the changed articles'
 * and the few others a customer's specific prices are evaluated on (exception articles,
 * articles without a price rule).
 */
class LazyProducts extends Map<string, ProductPricing> {
  constructor(
    private readonly index: PriceIndex,
    private readonly articles: ReadonlyMap<string, ArticleRef>,
    private readonly categories: readonly number[],
    private readonly date: string,
  ) {
    super();
  }

  override get(reference: string): ProductPricing | undefined {
    let pricing = super.get(reference);
    if (pricing !== undefined) return pricing;
    const article = this.articles.get(reference);
    if (article === undefined) return undefined;
    pricing = productPricing(this.index, article, this.categories, this.date);
    this.set(reference, pricing);
    return pricing;
  }
}

/**
 * The projection of an incremental price sync: from today's price data and the changed rows,
 * the product pricing of the affected articles and, from each customer's last projected meta,
 * its new meta where a change may have moved it. What it gives equals a full projection for
 * every entity it returns, and every other entity's full projection equals the last one
 * (test/unit/price-sync/price-changes.test.ts). The data may hold only the articles the run needs
 * (incremental-reads.ts `incrementalPriceData`): every account, and those articles whole.
 */
export class IncrementalPriceProjection {
  readonly affected: AffectedPricing;
  private readonly byReference: Map<string, ArticleRef>;
  private readonly products: LazyProducts;
  private readonly projector: CustomerPricingProjector;

  constructor(
    data: PricingData,
    categories: readonly number[],
    changes: PriceChanges,
    options: PricingOptions,
    date: string,
  ) {
    const index = buildPriceIndex(withCategoryCustomers(data, categories), options);
    const articles = data.articles.map((a) => ({
      reference: a.reference,
      familyCode: a.familyCode,
    }));
    this.byReference = new Map(articles.map((a) => [a.reference, a]));
    this.products = new LazyProducts(index, this.byReference, categories, date);
    const formula: ShopFormula = {
      decimals: options.unitPriceDecimals,
      mode: options.rounding,
      strategy: options.strategy,
    };
    this.projector = new CustomerPricingProjector(
      index,
      data,
      articles,
      this.products,
      date,
      formula,
    );
    this.affected = affectedByChanges(changes, data);
  }

  /** The affected articles the data knows, sorted: their product meta is projected again. */
  productReferences(): string[] {
    return [...this.affected.products].filter((r) => this.byReference.has(r)).sort();
  }

  product(reference: string): ProductPricing | undefined {
    return this.products.get(reference);
  }

  /**
   * A customer's new meta (and what to keep of it for the next run), or `null` when no change
   * concerns it and its last meta stands; `whole` when projected over every article.
   */
  customer(
    customer: PricingCustomer,
    stored: StoredCustomerPricing | undefined,
  ): { payload: CustomerPricingPayload; whole: boolean; stored: StoredCustomerPricing } | null {
    const touched = touchedFor(this.affected, customer.account, stored !== undefined);
    if (touched === null) return null;
    const repriced = this.projector.repricing(customer, stored, touched);
    if (repriced === null) return null;
    return { ...repriced, stored: this.projector.stored(customer, repriced.payload) };
  }
}
