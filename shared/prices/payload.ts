import { contentHash } from '../catalog/hash';
import type { PricesConfig } from '../config/prices';
import type { CustomerPricingPayload } from './projection';

/** The `meta_data` written for one product or variation, and its content hash. */
export function productPricesMeta(
  meta: PricesConfig['meta'],
  prices: Readonly<Record<string, string>>,
): { metaData: { key: string; value: unknown }[]; hash: string } {
  const metaData = [{ key: meta.productPrices, value: prices }];
  return { metaData, hash: contentHash(metaData) };
}

/** The `meta_data` written for one customer, and its content hash. */
export function customerPricingMeta(
  meta: PricesConfig['meta'],
  payload: CustomerPricingPayload,
): { metaData: { key: string; value: unknown }[]; hash: string } {
  const metaData = [
    { key: meta.priceCategory, value: payload.priceCategory },
    { key: meta.familyDiscounts, value: payload.familyDiscounts },
    { key: meta.customerDiscount, value: payload.customerDiscount },
    { key: meta.customerPrices, value: payload.customerPrices },
  ];
  return { metaData, hash: contentHash(metaData) };
}
