import { contentHash } from '../catalog/hash';
import type { PricesConfig } from '../config/prices';
import { categoryRuleDiscounts } from '../pricing/category-rule';
import { getMeta, getMetaString, metaRecord, metaStringRecord } from '../woo/meta';
import type {
  RuleDiscounts,
  ShopCustomerPricing,
  ShopPriceRule,
  ShopProductPricing,
} from './implied-price';
import type { CustomerPricingPayload, ProductPricing } from './projection';

/** A price rule as the shop stores it (snake_case keys, as WordPress meta usually are). */
export interface ShopPriceRuleMeta {
  price: string;
  article_discount?: string;
  family_discount?: string;
  discounts?: RuleDiscounts;
}

export function ruleToMeta(rule: ShopPriceRule): ShopPriceRuleMeta {
  return {
    price: rule.price,
    ...(rule.articleDiscount === undefined ? {} : { article_discount: rule.articleDiscount }),
    ...(rule.familyDiscount === undefined ? {} : { family_discount: rule.familyDiscount }),
    ...(rule.discounts === undefined ? {} : { discounts: rule.discounts }),
  };
}

/**
 * The rules read back from the shop's meta value; an entry that is not a rule is left out (the
 * formula then falls back to the category's net price, and parity shows the difference).
 */
export function rulesFromMeta(value: unknown): Record<string, ShopPriceRule> {
  const rules: Record<string, ShopPriceRule> = {};
  for (const [category, raw] of Object.entries(metaRecord(value))) {
    const fields = metaStringRecord(raw);
    if (fields.price === undefined) continue;
    const { article_discount: articleDiscount, family_discount: familyDiscount } = fields;
    const discounts = categoryRuleDiscounts.find((kind) => kind === fields.discounts);
    rules[category] = {
      price: fields.price,
      ...(articleDiscount === undefined ? {} : { articleDiscount }),
      ...(familyDiscount === undefined ? {} : { familyDiscount }),
      ...(discounts === undefined ? {} : { discounts }),
    };
  }
  return rules;
}

/** The `meta_data` written for one product or variation, and its content hash. */
export function productPricesMeta(
  meta: PricesConfig['meta'],
  pricing: ProductPricing,
): { metaData: { key: string; value: unknown }[]; hash: string } {
  const rules: Record<string, ShopPriceRuleMeta> = {};
  for (const [category, rule] of Object.entries(pricing.rules)) rules[category] = ruleToMeta(rule);
  const metaData = [
    { key: meta.productPrices, value: pricing.prices },
    { key: meta.productRules, value: rules },
  ];
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

type MetaList = readonly { key: string; value: unknown }[];

/** A product's or variation's pricing as the shop holds it in its meta (the formula's input). */
export function productPricingFromMeta(
  sku: string,
  metaData: MetaList,
  keys: { prices: string; rules: string; family: string },
): ShopProductPricing {
  return {
    sku,
    family: getMetaString(metaData, keys.family) ?? '',
    prices: metaStringRecord(getMeta(metaData, keys.prices)),
    rules: rulesFromMeta(getMeta(metaData, keys.rules)),
  };
}

/** A customer's effective pricing conditions as the shop holds them in its meta. */
export function customerPricingFromMeta(
  metaData: MetaList,
  keys: PricesConfig['meta'],
): ShopCustomerPricing {
  return {
    priceCategory: getMetaString(metaData, keys.priceCategory),
    familyDiscounts: metaStringRecord(getMeta(metaData, keys.familyDiscounts)),
    customerDiscount: getMetaString(metaData, keys.customerDiscount),
    customerPrices: metaStringRecord(getMeta(metaData, keys.customerPrices)),
  };
}
