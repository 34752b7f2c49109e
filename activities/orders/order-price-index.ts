import { durationToMs, type Config } from '../../shared/config';
import { buildPriceIndex, evaluatePrice, type PriceIndex } from '../../shared/price-engine';
import type { ExpectedPrice } from '../../shared/orders/quote-plan';
import { loadPriceData } from '../price-sync/load-price-data';
import type { SageDb } from '../sage/db';

/**
 * The pricing engine's index for checking web order prices, kept per worker process and rebuilt
 * once it is older than `orders.priceCheck.indexMaxAge` (about a second of reads and a second of
 * build at the customer's scale). Concurrent imports share one build.
 */
export class OrderPriceIndex {
  private current: { index: PriceIndex; builtAt: number } | undefined;
  private building: Promise<PriceIndex> | undefined;

  constructor(
    private readonly config: Config,
    private readonly sage: () => Promise<SageDb>,
  ) {}

  async get(): Promise<PriceIndex> {
    const maxAge = durationToMs(this.config.orders.priceCheck.indexMaxAge);
    if (this.current && Date.now() - this.current.builtAt < maxAge) return this.current.index;
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  /** The expected net price per unit (or package) for one customer on one day. */
  async expectedPrices(customer: string, day: string): Promise<ExpectedPrice> {
    const index = await this.get();
    return ({ article, quantity, packagingNo }) => {
      try {
        return evaluatePrice(index, {
          customer,
          article,
          quantity,
          date: day,
          ...(packagingNo !== undefined ? { packagingNo } : {}),
        }).netPrice;
      } catch {
        // Unknown to the index (e.g. created after the last build): no price to compare with.
        return undefined;
      }
    };
  }

  private async build(): Promise<PriceIndex> {
    const data = await loadPriceData(await this.sage(), this.config.sage.freeFields);
    const index = buildPriceIndex(data, this.config.pricing);
    this.current = { index, builtAt: Date.now() };
    return index;
  }
}
