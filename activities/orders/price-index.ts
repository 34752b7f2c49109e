import { durationToMs, type Config } from '../../shared/config';
import { pricingConfigSchema } from '../../shared/config/pricing';
import {
  buildPriceIndex,
  evaluatePrice,
  pricingDataFromSage,
  type PriceIndex,
} from '../../shared/pricing';
import type { ExpectedPrice } from '../../shared/orders/quote-plan';
import type { ChangePage } from '../../shared/sage/types';
import { readArticlesChangedSince } from '../sage/articles';
import { readCustomersChangedSince } from '../sage/customers';
import type { SageDb } from '../sage/db';
import type { ChangePageParams } from '../sage/paging';
import {
  readArticlePricesChangedSince,
  readFamilyCategoryPrices,
  readFamilyCustomerDiscountsChangedSince,
  readPackagingPricesChangedSince,
  readQuantityPriceRangesChangedSince,
} from '../sage/prices';

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
    const db = await this.sage();
    const freeFields = this.config.sage.freeFields;
    const data = pricingDataFromSage({
      articles: await readAll((p) => readArticlesChangedSince(db, { ...p, freeFields })),
      customers: await readAll((p) => readCustomersChangedSince(db, p)),
      articlePrices: await readAll((p) => readArticlePricesChangedSince(db, p)),
      familyCategoryPrices: await readFamilyCategoryPrices(db),
      familyCustomerDiscounts: await readAll((p) => readFamilyCustomerDiscountsChangedSince(db, p)),
      quantityRanges: await readAll((p) => readQuantityPriceRangesChangedSince(db, p)),
      packagingPrices: await readAll((p) => readPackagingPricesChangedSince(db, p)),
    });
    const pricing = pricingConfigSchema.parse(
      (this.config as unknown as { pricing?: unknown }).pricing ?? {},
    );
    const index = buildPriceIndex(data, pricing);
    this.current = { index, builtAt: Date.now() };
    return index;
  }
}

async function readAll<T>(
  read: (params: ChangePageParams) => Promise<ChangePage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after: ChangePageParams['after'] = null;
  for (;;) {
    const page = await read({ after, limit: 5_000 });
    items.push(...page.items);
    if (page.nextKey === null) return items;
    after = page.nextKey;
  }
}
