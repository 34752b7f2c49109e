import { pricingDataFromSage, type PricingData } from '../../shared/pricing';
import type { FreeFieldsConfig } from '../../shared/config/sage';
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
 * Every price table of the Sage company, read through the Sage readers and turned into the
 * pricing engine's data (shared/pricing). Used by the price sync, the parity check, the
 * expected order-line prices and the pricing bench.
 */
export async function loadPriceData(
  db: SageDb,
  freeFields?: FreeFieldsConfig,
): Promise<PricingData> {
  return pricingDataFromSage({
    articles: await readAll((p) =>
      readArticlesChangedSince(db, { ...p, ...(freeFields ? { freeFields } : {}) }),
    ),
    customers: await readAll((p) => readCustomersChangedSince(db, p)),
    articlePrices: await readAll((p) => readArticlePricesChangedSince(db, p)),
    familyCategoryPrices: await readFamilyCategoryPrices(db),
    familyCustomerDiscounts: await readAll((p) => readFamilyCustomerDiscountsChangedSince(db, p)),
    quantityRanges: await readAll((p) => readQuantityPriceRangesChangedSince(db, p)),
    packagingPrices: await readAll((p) => readPackagingPricesChangedSince(db, p)),
  });
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
