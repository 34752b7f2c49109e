import { catalogConfigSchema } from '../../shared/config/catalog';
import { pricesConfigSchema } from '../../shared/config/prices';
import { pricingConfigSchema } from '../../shared/config/pricing';
import { impliedShopPriceOnly, type ShopFormula } from '../../shared/price-sync/implied-price';
import { customerPricingFromMeta, productPricingFromMeta } from '../../shared/price-sync/payload';
import type { Shop } from './shop';
import type { ProductDoc } from './types';

/**
 * The net price a logged-in customer sees, as the shop plugin computes it from the price sync's
 * meta (the contract formula with the connector's default keys, rounding and strategy) at a
 * line quantity, or null
 * when the contract gives none. The sandbox prices a customer's order lines with it, so demo
 * orders carry the price the customer was shown.
 */
const priceKeys = pricesConfigSchema.parse({}).meta;
const familyKey = catalogConfigSchema.parse({}).meta.family;
const pricing = pricingConfigSchema.parse({});
const formula: ShopFormula = {
  decimals: pricing.unitPriceDecimals,
  mode: pricing.rounding,
  strategy: pricing.strategy,
};

export function customerNetPrice(
  shop: Shop,
  product: ProductDoc,
  customerId: number,
  quantity = 1,
): string | null {
  const customer = customerId ? shop.store.get('customer', customerId) : undefined;
  if (!customer) return null;
  const price = impliedShopPriceOnly(
    productPricingFromMeta(product.sku, product.meta_data, {
      prices: priceKeys.productPrices,
      rules: priceKeys.productRules,
      family: familyKey,
      tiers: priceKeys.productTiers,
    }),
    customerPricingFromMeta(customer.meta_data ?? [], priceKeys),
    formula,
    // A line's unit price follows the quantity tiers (whole quantities, as the shop's cart).
    Number.isSafeInteger(quantity) && quantity >= 1 ? quantity : 1,
  );
  return price === null || price.startsWith('-') ? null : price;
}
