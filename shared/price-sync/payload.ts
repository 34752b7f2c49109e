import { contentHash } from '../catalog/hash';
import type { PricesConfig } from '../config/prices';
import { categoryRuleDiscounts } from '../price-engine/category-rule';
import { getMeta, getMetaString, metaRecord, metaStringRecord } from '../woo/meta';
import type {
  RuleDiscounts,
  ShopCustomerPricing,
  ShopPriceRule,
  ShopProductPricing,
  ShopProductTier,
  ShopQuantityPrice,
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
    tiersEntry(meta.productTiers, tiersToMeta(pricing.tiers ?? {})),
  ];
  return { metaData, hash: hashOf(metaData) };
}

/** A product tier as the shop stores it (the rule in snake_case, as `sage_price_rules`). */
export interface ShopProductTierMeta {
  from: string;
  price?: string;
  rule?: ShopPriceRuleMeta;
}

function tiersToMeta(
  tiers: Readonly<Record<string, readonly ShopProductTier[]>>,
): Record<string, ShopProductTierMeta[]> {
  const out: Record<string, ShopProductTierMeta[]> = {};
  for (const [category, list] of Object.entries(tiers)) {
    out[category] = list.map((tier) => ({
      from: tier.from,
      ...(tier.price === undefined ? {} : { price: tier.price }),
      ...(tier.rule === undefined ? {} : { rule: ruleToMeta(tier.rule) }),
    }));
  }
  return out;
}

/**
 * A tiers key: `null` (the shop deletes the key) when there are none, so the 99 % of products
 * and customers without a grid carry no such meta.
 */
function tiersEntry(key: string, tiers: Record<string, unknown>): { key: string; value: unknown } {
  return { key, value: Object.keys(tiers).length === 0 ? null : tiers };
}

/**
 * The content hash leaves out the keys written as `null`: a product or customer without tiers
 * hashes as it did before tiers existed (no rewrite of the whole shop), and one whose tiers go
 * away hashes differently from the last write, so the deletion is written.
 */
function hashOf(metaData: readonly { key: string; value: unknown }[]): string {
  return contentHash(metaData.filter((entry) => entry.value !== null));
}

/** Tiers read back from the shop's meta; an entry that is not a tier is left out. */
function tierListFromMeta(value: unknown): { from: string; fields: Record<string, unknown> }[] {
  const list = Array.isArray(value) ? (value as unknown[]) : Object.values(metaRecord(value));
  const out: { from: string; fields: Record<string, unknown> }[] = [];
  for (const raw of list) {
    const fields = metaRecord(raw);
    const from = metaStringRecord(raw).from;
    if (from !== undefined) out.push({ from, fields });
  }
  return out;
}

export function productTiersFromMeta(value: unknown): Record<string, ShopProductTier[]> {
  const out: Record<string, ShopProductTier[]> = {};
  for (const [category, raw] of Object.entries(metaRecord(value))) {
    out[category] = tierListFromMeta(raw).map(({ from, fields }) => {
      const price = metaStringRecord(fields).price;
      const rule = rulesFromMeta({ r: fields.rule }).r;
      return {
        from,
        ...(price === undefined ? {} : { price }),
        ...(rule === undefined ? {} : { rule }),
      };
    });
  }
  return out;
}

export function customerTiersFromMeta(value: unknown): Record<string, ShopQuantityPrice[]> {
  const out: Record<string, ShopQuantityPrice[]> = {};
  for (const [sku, raw] of Object.entries(metaRecord(value))) {
    out[sku] = tierListFromMeta(raw).flatMap(({ from, fields }) => {
      const price = metaStringRecord(fields).price;
      return price === undefined ? [] : [{ from, price }];
    });
  }
  return out;
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
    tiersEntry(meta.customerTiers, payload.customerTiers ?? {}),
  ];
  return { metaData, hash: hashOf(metaData) };
}

/**
 * The `meta_data` written for a sleeping customer (CT_Sommeil: Sage sells it nothing): every
 * customer pricing key with a `null` value, which the shop deletes; and its content hash (nulls
 * included), so that the removal is written once and an account waking up (other meta, other
 * hash) gets its meta back.
 */
export function asleepCustomerMeta(meta: PricesConfig['meta']): {
  metaData: { key: string; value: unknown }[];
  hash: string;
} {
  const metaData = [
    meta.priceCategory,
    meta.familyDiscounts,
    meta.customerDiscount,
    meta.customerPrices,
    meta.customerTiers,
  ].map((key) => ({ key, value: null }));
  return { metaData, hash: contentHash(metaData) };
}

/**
 * What the incremental price sync keeps of a sleeping customer instead of its last projected
 * meta: no payload, so that waking up projects it whole again.
 */
export const ASLEEP_STORED_PAYLOAD = JSON.stringify({ asleep: true });

type MetaList = readonly { key: string; value: unknown }[];

/** A product's or variation's pricing as the shop holds it in its meta (the formula's input). */
export function productPricingFromMeta(
  sku: string,
  metaData: MetaList,
  keys: { prices: string; rules: string; family: string; tiers?: string },
): ShopProductPricing {
  return {
    sku,
    family: getMetaString(metaData, keys.family) ?? '',
    prices: metaStringRecord(getMeta(metaData, keys.prices)),
    rules: rulesFromMeta(getMeta(metaData, keys.rules)),
    ...(keys.tiers === undefined
      ? {}
      : { tiers: productTiersFromMeta(getMeta(metaData, keys.tiers)) }),
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
    customerTiers: customerTiersFromMeta(getMeta(metaData, keys.customerTiers)),
  };
}
