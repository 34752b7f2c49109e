/**
 * What the price sync counts, by page, incremental run and whole sync: declared once here, with
 * the empty totals; the activities (`activities/price-sync`) return it, `workflows/price-sync.ts`
 * sums it (`shared/runs/page-counts.ts`).
 */

export type PricePhase = 'products' | 'customers';

/** What a price run counts, by page, incremental run and whole sync. */
export interface PriceCounts {
  read: number;
  pushed: number;
  unchanged: number;
  failed: number;
  /** Entities the shop does not hold (not linked by the catalog / customers sync). */
  missing: number;
  writeRequests: number;
  /** Customer-specific prices in the customers read (how much the contract carries). */
  customerPrices: number;
}

export const emptyPriceCounts = (): PriceCounts => ({
  read: 0,
  pushed: 0,
  unchanged: 0,
  failed: 0,
  missing: 0,
  writeRequests: 0,
  customerPrices: 0,
});

/** A run's totals: the counts of its pages summed (the workflow's `progress` totals). */
export interface PriceSyncTotals extends PriceCounts {
  /**
   * With `compareShop`: entities whose hash was unchanged but whose price meta the shop held
   * otherwise, written again (dry runs: would be); they count in `pushed` too.
   */
  drift: number;
  /** With `compareShop`: read requests of the drift check. */
  shopReads: number;
}

export const emptyPriceSyncTotals = (): PriceSyncTotals => ({
  ...emptyPriceCounts(),
  drift: 0,
  shopReads: 0,
});

/** A write the shop refused: the entity's key and why. */
export interface PriceFailure {
  key: string;
  message: string;
}

export interface PricePageResult extends PriceSyncTotals {
  nextOffset: number | null;
  failures: PriceFailure[];
}
