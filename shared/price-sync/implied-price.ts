import { factorOf } from '../price-engine/compile-discount';
import {
  compare,
  formatFixed,
  toFixed,
  maxWithZero,
  multiply,
  parseFixed,
  sign,
  type Fixed,
} from '../price-engine/fixed';
import { roundFixed, type RoundingMode } from '../price-engine/rounding';
import type { CategoryRuleDiscounts } from '../price-engine/category-rule';
import type { CombinationStrategy } from '../price-engine/types';
import { combinedRate, describeRate, type CombinedRate, type ShopDiscount } from './shop-discounts';

/**
 * The price the shop's data implies: a re-implementation of what the shop's customised Customer
 * Specific Pricing plugin computes from the meta the price sync writes (README "Prices"). For a
 * customer whose effective price category is K (customer meta `sage_price_category`):
 *
 *   1. the customer's specific price for the SKU (customer meta `sage_customer_prices`), if any;
 *   2. else, when the product has a price rule for K (product meta `sage_price_rules`): the
 *      rule's gross price less one combined rate, rounded once to the unit-price decimals. The
 *      candidates, in the engine's priority order: the category's article discount, the
 *      customer's discount for the product's family (customer meta `sage_family_discounts`,
 *      product meta `sage_family`), the category's family discount, the customer's global
 *      discount (customer meta `sage_customer_discount`). A rule marked `article-only` keeps
 *      only its article discount; `no-customer` drops the two customer discounts. They combine
 *      with the configured strategy (shop-discounts.ts), as the engine does;
 *   3. else the product's net price for K (product meta `sage_prices`), as it is;
 *   4. else no price (the shop shows its regular price; parity reports it).
 * The customer meta holds the effective conditions: the central's for a member of a central.
 *
 * At a quantity q (a cart line's), quantity tiers replace parts of that data from their start
 * (`from`, a whole quantity; the tier with the largest start at or below q applies):
 *   - customer meta `sage_customer_price_tiers` (SKU → tiers of net prices) replaces step 1's
 *     specific price;
 *   - product meta `sage_price_tiers` (category → tiers of `{price?, rule?}`) replaces both the
 *     category's net price and its rule (an absent field: none from that quantity).
 * Quantity 1 reads no tier; no packaging: a packaging is its own product or variation.
 */

/** Which discounts a category's price admits (Sage "hors remise" flags). */
export type RuleDiscounts = CategoryRuleDiscounts;

/** One category's price rule for a product: what the engine starts from before discounts. */
export interface ShopPriceRule {
  /** Gross price excl. tax, already rounded to the unit-price decimals. */
  price: string;
  /** The category's discount on the article (%), as one rate; absent = none. */
  articleDiscount?: string;
  /** The category's discount on the product's family (%); absent = none. */
  familyDiscount?: string;
  /** Absent = 'all'. */
  discounts?: RuleDiscounts;
}

export interface ShopProductPricing {
  sku: string;
  family: string;
  /** Price category → net price excl. tax for a customer without conditions of its own. */
  prices: Readonly<Record<string, string>>;
  /** Price category → price rule (absent where the category's price has no rule). */
  rules: Readonly<Record<string, ShopPriceRule>>;
  /** Price category → quantity tiers, only where the category's price depends on quantity. */
  tiers?: Readonly<Record<string, readonly ShopProductTier[]>>;
}

/** From quantity `from` on, the category's net price and rule (absent: none from there). */
export interface ShopProductTier {
  from: string;
  price?: string;
  rule?: ShopPriceRule;
}

/** From quantity `from` on, this net price excl. tax. */
export interface ShopQuantityPrice {
  from: string;
  price: string;
}

export interface ShopCustomerPricing {
  priceCategory: string | undefined;
  /** Family code → discount rate in %. */
  familyDiscounts: Readonly<Record<string, string>>;
  /** Global discount rate in % (Sage CT_Taux01 of the effective customer); absent = none. */
  customerDiscount: string | undefined;
  /** SKU → net price excl. tax. */
  customerPrices: Readonly<Record<string, string>>;
  /** SKU → quantity tiers of the customer's specific price; absent = none. */
  customerTiers?: Readonly<Record<string, readonly ShopQuantityPrice[]>>;
}

/** What the shop formula needs besides the data: the engine's rounding and combination. */
export interface ShopFormula {
  decimals: number;
  mode: RoundingMode;
  strategy: CombinationStrategy;
}

export interface ImpliedPrice {
  price: string | null;
  /** How the price follows from the shop data, for the parity report. */
  derivation: string;
}

export function impliedShopPrice(
  product: ShopProductPricing,
  customer: ShopCustomerPricing,
  formula: ShopFormula,
  quantity = 1,
): ImpliedPrice {
  const step = impliedStep(product, customer, formula, quantity);
  const at = quantity === 1 ? '' : ` at quantity ${quantity}`;
  return { price: step.price, derivation: describeStep(step, formula) + at };
}

/** The implied price alone: what the price sync compares for every customer and article. */
export function impliedShopPriceOnly(
  product: ShopProductPricing,
  customer: ShopCustomerPricing,
  formula: ShopFormula,
  quantity = 1,
): string | null {
  return impliedStep(product, customer, formula, quantity).price;
}

/**
 * The tier of `tiers` in force at `quantity`: the one with the largest start at or below it
 * (whatever their order). Every start is read: a malformed one throws, as any value the
 * formula needs.
 */
export function tierAt<T extends { from: string }>(
  tiers: readonly T[] | undefined,
  quantity: number,
): T | undefined {
  if (tiers === undefined || quantity === 1) return undefined;
  const q = toFixed(quantity);
  let best: T | undefined;
  let bestFrom: Fixed | undefined;
  for (const tier of tiers) {
    const from = parseFixed(tier.from);
    if (compare(from, q) > 0) continue;
    if (bestFrom === undefined || compare(from, bestFrom) > 0) {
      best = tier;
      bestFrom = from;
    }
  }
  return best;
}

/** Every tier start of a product's category and of the customer's tiers for it, ascending. */
export function tierStarts(product: ShopProductPricing, customer: ShopCustomerPricing): number[] {
  const starts = new Set<number>();
  const category = customer.priceCategory;
  const lists = [
    category === undefined ? undefined : product.tiers?.[category],
    customer.customerTiers?.[product.sku],
  ];
  for (const list of lists) {
    for (const tier of list ?? []) {
      if (!/^\d{1,15}$/.test(tier.from)) continue;
      const from = Number(tier.from);
      if (from >= 2) starts.add(from);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** Which step of the formula gave the price (the derivation is only written when asked for). */
type Step =
  | { kind: 'specific'; price: string }
  | { kind: 'no-category'; price: null }
  | { kind: 'no-price'; price: null; category: string }
  | { kind: 'net'; price: string; category: string }
  | {
      kind: 'rule';
      price: string;
      category: string;
      gross: string;
      rate: CombinedRate | null;
    };

function impliedStep(
  product: ShopProductPricing,
  customer: ShopCustomerPricing,
  formula: ShopFormula,
  quantity: number,
): Step {
  const specificTier = tierAt(customer.customerTiers?.[product.sku], quantity);
  if (specificTier !== undefined) return { kind: 'specific', price: normalise(specificTier.price) };
  const specific = customer.customerPrices[product.sku];
  if (specific !== undefined) return { kind: 'specific', price: normalise(specific) };
  const category = customer.priceCategory;
  if (category === undefined || category === '') return { kind: 'no-category', price: null };
  const tier = tierAt(product.tiers?.[category], quantity);
  const rule = tier === undefined ? product.rules[category] : tier.rule;
  if (rule !== undefined) {
    const parsed = parsedRule(rule);
    const rate = combinedRate(
      candidates(parsed, product.family, parsedCustomer(customer)),
      formula.strategy,
    );
    const price =
      rate === null
        ? parsed.grossText
        : formatFixed(
            roundFixed(
              maxWithZero(multiply(parsed.gross, factorOf(rate.value))),
              formula.decimals,
              formula.mode,
            ),
          );
    return { kind: 'rule', price, category, gross: rule.price, rate };
  }
  const net = tier === undefined ? product.prices[category] : tier.price;
  if (net === undefined) return { kind: 'no-price', price: null, category };
  return { kind: 'net', price: normalise(net), category };
}

/**
 * Parsed forms of the meta, cached by object: the price sync evaluates every customer against
 * the same product rules, and one customer against every product.
 */
interface ParsedRule {
  gross: Fixed;
  grossText: string;
  articleDiscount: ShopDiscount | null;
  familyDiscount: ShopDiscount | null;
  admits: RuleDiscounts;
}

interface ParsedCustomer {
  familyDiscounts: Map<string, ShopDiscount>;
  customerDiscount: ShopDiscount | null;
}

const parsedRules = new WeakMap<ShopPriceRule, ParsedRule>();
const parsedCustomers = new WeakMap<ShopCustomerPricing, ParsedCustomer>();

function parsedRule(rule: ShopPriceRule): ParsedRule {
  let parsed = parsedRules.get(rule);
  if (parsed === undefined) {
    const gross = parseFixed(rule.price);
    parsed = {
      gross,
      grossText: formatFixed(gross),
      articleDiscount: discountOf(rule.articleDiscount, 'category article discount'),
      familyDiscount: discountOf(rule.familyDiscount, 'category family discount'),
      admits: rule.discounts ?? 'all',
    };
    parsedRules.set(rule, parsed);
  }
  return parsed;
}

function parsedCustomer(customer: ShopCustomerPricing): ParsedCustomer {
  let parsed = parsedCustomers.get(customer);
  if (parsed === undefined) {
    const familyDiscounts = new Map<string, ShopDiscount>();
    for (const [family, rate] of Object.entries(customer.familyDiscounts)) {
      const discount = discountOf(rate, `customer family ${family} discount`);
      if (discount !== null) familyDiscounts.set(family, discount);
    }
    parsed = {
      familyDiscounts,
      customerDiscount: discountOf(customer.customerDiscount, 'customer discount'),
    };
    parsedCustomers.set(customer, parsed);
  }
  return parsed;
}

/** The non-zero discounts that apply, in the engine's priority order. */
function candidates(rule: ParsedRule, family: string, customer: ParsedCustomer): ShopDiscount[] {
  const discounts: ShopDiscount[] = [];
  if (rule.articleDiscount !== null) discounts.push(rule.articleDiscount);
  if (rule.admits === 'article-only') return discounts;
  const withCustomer = rule.admits === 'all';
  const customerFamily = withCustomer ? customer.familyDiscounts.get(family) : undefined;
  if (customerFamily !== undefined) discounts.push(customerFamily);
  if (rule.familyDiscount !== null) discounts.push(rule.familyDiscount);
  if (withCustomer && customer.customerDiscount !== null) discounts.push(customer.customerDiscount);
  return discounts;
}

function discountOf(rate: string | undefined, name: string): ShopDiscount | null {
  if (rate === undefined) return null;
  const value = parseFixed(rate);
  return sign(value) === 0 ? null : { value, name };
}

function describeStep(step: Step, formula: ShopFormula): string {
  switch (step.kind) {
    case 'specific':
      return `customer-specific price ${step.price}`;
    case 'no-category':
      return 'no price category';
    case 'no-price':
      return `no price for category ${step.category}`;
    case 'net':
      return `category ${step.category} net price ${step.price}`;
    case 'rule': {
      const gross = `category ${step.category} price ${step.gross}`;
      if (step.rate === null) return gross;
      return `${gross} less ${describeRate(step.rate)} (${formula.strategy})`;
    }
  }
}

/** "82.80" and "82.8" are the same price. */
export function samePrice(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return compare(parseFixed(a), parseFixed(b)) === 0;
}

export function normalise(price: string): string {
  return formatFixed(parseFixed(price));
}
