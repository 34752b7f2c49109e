/**
 * Golden vectors of the shop price formula, for the shop plugin's PHP twin
 * (shop-plugin/sage-woo-sync/includes/pricing-formula.php).
 *
 *   node --import tsx scripts/golden-price-vectors.ts            writes test/fixtures/price-vectors.json
 *   node --import tsx scripts/golden-price-vectors.ts --check    exits 1 when the file is stale
 *
 * Each vector is contract meta in (a product's or variation's meta, a customer's meta, the
 * formula settings) and the price the TypeScript formula (shared/price-sync/implied-price.ts) gives
 * out, as a normalised decimal string, or null for "no contract price". Two sources:
 *
 * - hand-written meta crossed with every formula setting: every rule kind, "hors remise" flags,
 *   the four strategies, the rounding modes and decimals (ties included), customer-specific
 *   prices, and what WordPress hands back for missing or malformed meta (absent keys, '' and
 *   array() for an empty object, JSON text, numbers, non-numeric strings);
 * - random small Sage companies (the pricing engine's property-test generator, fixed seed):
 *   meta produced by the connector's own projection and payload code (centrals and their
 *   members get the effective conditions), and each expected price checked against the engine
 *   (shared/price-engine evaluatePrice) before it is written.
 *
 * Reading meta (this file's `productFromMeta` / `customerFromMeta`) is the plugin's contract:
 * an object may come as an array or stdClass or JSON text; an empty customer discount is no
 * discount; a value the formula needs that is not a plain decimal makes the price null.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { pricesConfigSchema } from '../shared/config/prices';
import { catalogConfigSchema } from '../shared/config/catalog';
import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  evaluatePrice,
  type PriceIndex,
  type PricingArticle,
  type PricingCustomer,
  type PricingData,
} from '../shared/price-engine';
import { InvalidFixedError } from '../shared/price-engine/fixed';
import type { RoundingMode } from '../shared/price-engine/rounding';
import type { CombinationStrategy } from '../shared/price-engine/types';
import {
  impliedShopPriceOnly,
  samePrice,
  tierStarts,
  type ShopCustomerPricing,
  type ShopFormula,
  type ShopProductPricing,
} from '../shared/price-sync/implied-price';
import {
  customerPricingMeta,
  customerTiersFromMeta,
  productPricesMeta,
  productTiersFromMeta,
  rulesFromMeta,
} from '../shared/price-sync/payload';
import {
  customerPricing,
  priceCategoriesOf,
  productPricing,
  withCategoryCustomers,
} from '../shared/price-sync/projection';
import { metaStringRecord } from '../shared/woo/meta';
import {
  companyArbitrary,
  largeCompanyArbitrary,
} from '../test/unit/price-engine/company-arbitrary';
import { categoryRow, chaise, company, customer } from '../test/unit/price-engine/builders';
import { gridCompany } from '../test/unit/price-sync/grid-company';
import { quantityBreaks } from '../shared/price-engine/quantity-tiers';

export const VECTORS_FILE = resolve(__dirname, '../test/fixtures/price-vectors.json');

/** The meta keys of the contract (connector defaults: `prices.meta`, `catalog.meta.family`). */
export const CONTRACT_KEYS = (() => {
  const prices = pricesConfigSchema.parse({}).meta;
  return {
    family: catalogConfigSchema.parse({}).meta.family,
    productPrices: prices.productPrices,
    productRules: prices.productRules,
    productTiers: prices.productTiers,
    priceCategory: prices.priceCategory,
    familyDiscounts: prices.familyDiscounts,
    customerDiscount: prices.customerDiscount,
    customerPrices: prices.customerPrices,
    customerTiers: prices.customerTiers,
  };
})();

/** The plugin's settings sws_pricing_strategy, sws_rounding, sws_unit_price_decimals. */
export interface GoldenFormula {
  strategy: CombinationStrategy;
  rounding: RoundingMode;
  decimals: number;
}

export interface GoldenProduct {
  kind: 'simple' | 'variation';
  sku: string;
  /** Meta key → value as the REST API gives it; an absent key is an absent meta. */
  meta: Record<string, unknown>;
}

export interface GoldenCustomer {
  meta: Record<string, unknown>;
}

export interface GoldenVector {
  product: string;
  customer: string;
  formula: string;
  /** The cart line's quantity; absent = 1. */
  quantity?: number;
  expected: string | null;
}

export interface GoldenFile {
  about: string;
  keys: typeof CONTRACT_KEYS;
  formulas: Record<string, GoldenFormula>;
  products: Record<string, GoldenProduct>;
  customers: Record<string, GoldenCustomer>;
  /** Every vector once; `engine` tells how many come from random companies. */
  counts: { vectors: number; handWritten: number; engine: number; nonNull: number };
  vectors: GoldenVector[];
}

/** A top-level meta value: JSON object text is read as the object it holds. */
function topLevel(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/** A scalar meta value as text (numbers and booleans as JavaScript prints them). */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function productFromMeta(sku: string, meta: Record<string, unknown>): ShopProductPricing {
  return {
    sku,
    family: scalar(meta[CONTRACT_KEYS.family]) ?? '',
    prices: metaStringRecord(topLevel(meta[CONTRACT_KEYS.productPrices])),
    rules: rulesFromMeta(topLevel(meta[CONTRACT_KEYS.productRules])),
    tiers: productTiersFromMeta(topLevel(meta[CONTRACT_KEYS.productTiers])),
  };
}

export function customerFromMeta(meta: Record<string, unknown>): ShopCustomerPricing {
  const discount = scalar(meta[CONTRACT_KEYS.customerDiscount]);
  return {
    priceCategory: scalar(meta[CONTRACT_KEYS.priceCategory]),
    familyDiscounts: metaStringRecord(topLevel(meta[CONTRACT_KEYS.familyDiscounts])),
    customerDiscount: discount === '' ? undefined : discount,
    customerPrices: metaStringRecord(topLevel(meta[CONTRACT_KEYS.customerPrices])),
    customerTiers: customerTiersFromMeta(topLevel(meta[CONTRACT_KEYS.customerTiers])),
  };
}

export function shopFormula(formula: GoldenFormula): ShopFormula {
  return { strategy: formula.strategy, mode: formula.rounding, decimals: formula.decimals };
}

/** The price the plugin must show: the TypeScript formula on the meta, null when malformed. */
export function goldenPrice(
  product: GoldenProduct,
  customer: GoldenCustomer,
  formula: GoldenFormula,
  quantity = 1,
): string | null {
  try {
    return impliedShopPriceOnly(
      productFromMeta(product.sku, product.meta),
      customerFromMeta(customer.meta),
      shopFormula(formula),
      quantity,
    );
  } catch (err) {
    if (err instanceof InvalidFixedError) return null;
    throw err;
  }
}

const K = CONTRACT_KEYS;

const FORMULAS: Record<string, GoldenFormula> = {
  default: { strategy: 'highest', rounding: 'half-up', decimals: 2 },
  priority: { strategy: 'priority', rounding: 'half-up', decimals: 2 },
  cumulative: { strategy: 'cumulative', rounding: 'half-up', decimals: 2 },
  cascade: { strategy: 'cascade', rounding: 'half-up', decimals: 2 },
  'highest-half-even-2': { strategy: 'highest', rounding: 'half-even', decimals: 2 },
  'highest-down-2': { strategy: 'highest', rounding: 'down', decimals: 2 },
  'highest-up-2': { strategy: 'highest', rounding: 'up', decimals: 2 },
  'cascade-half-even-3': { strategy: 'cascade', rounding: 'half-even', decimals: 3 },
  'cumulative-down-0': { strategy: 'cumulative', rounding: 'down', decimals: 0 },
  'cascade-up-6': { strategy: 'cascade', rounding: 'up', decimals: 6 },
  'priority-half-even-0': { strategy: 'priority', rounding: 'half-even', decimals: 0 },
  'highest-half-up-0': { strategy: 'highest', rounding: 'half-up', decimals: 0 },
  'cumulative-up-4': { strategy: 'cumulative', rounding: 'up', decimals: 4 },
};

/** Hand-written products: every rule kind and every way meta comes back from WordPress. */
const PRODUCTS: Record<string, GoldenProduct> = {
  readme: {
    kind: 'simple',
    sku: 'HYD-00042',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': '12.4', '2': '11.16' },
      [K.productRules]: { '1': { price: '12.4' }, '2': { price: '12.4', family_discount: '10' } },
    },
  },
  'all-rule-kinds': {
    kind: 'simple',
    sku: 'KIND-01',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': '95', '2': '87.3', '3': '88.32', '4': '100', '5': '41.5' },
      [K.productRules]: {
        '1': { price: '95', article_discount: '2', family_discount: '5' },
        '2': { price: '90', article_discount: '3', discounts: 'article-only' },
        '3': { price: '92', family_discount: '4', discounts: 'no-customer' },
        '4': { price: '100', article_discount: '0', family_discount: '0', discounts: 'all' },
        '5': { price: '41.5', article_discount: '12.345', family_discount: '7.5' },
      },
    },
  },
  ties: {
    kind: 'simple',
    sku: 'ODD-22',
    meta: {
      [K.family]: 'ODD',
      [K.productPrices]: { '1': '22.84', '3': '2.5', '4': '3.5' },
      [K.productRules]: {
        // 22.84 × 0.875 = 19.985: a tie at 2 decimals; 5 × 0.5, 7 × 0.5 ties at 0 decimals.
        '1': { price: '22.84' },
        '3': { price: '5', article_discount: '50' },
        '4': { price: '7', article_discount: '50' },
        '5': { price: '0.0005', article_discount: '0.5' },
      },
    },
  },
  'net-only': {
    kind: 'simple',
    sku: 'NET-7',
    meta: { [K.family]: 'RACC', [K.productPrices]: { '1': '7.50', '2': '6.9', '3': '0' } },
  },
  'extreme-rates': {
    kind: 'simple',
    sku: 'RATE-X',
    meta: {
      [K.family]: 'FLEX',
      [K.productPrices]: { '1': '10', '2': '0', '3': '10.5' },
      [K.productRules]: {
        '1': { price: '10', article_discount: '100' },
        '2': { price: '10', article_discount: '130' },
        '3': { price: '10', article_discount: '-5' },
        '4': { price: '10.005', family_discount: '99.999' },
      },
    },
  },
  big: {
    kind: 'simple',
    sku: 'BIG-1',
    meta: {
      [K.family]: 'FLEX',
      [K.productRules]: {
        '1': { price: '2147483647.999999', article_discount: '12.345678', family_discount: '3.3' },
        '2': { price: '123456789012345678.5', family_discount: '33.333333' },
      },
    },
  },
  malformed: {
    kind: 'simple',
    sku: 'BAD-1',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': 'abc', '2': '', '3': '12,5', '4': ' 12.50 ', '5': '1e3' },
      [K.productRules]: {
        '1': { price: 'abc' },
        '2': { price: '10', article_discount: '5%' },
        '3': '12',
        '4': { article_discount: '5' },
        '5': { price: '10', discounts: 'bogus', family_discount: 'n/a' },
        '6': ['10'],
      },
    },
  },
  'empty-string-meta': {
    kind: 'simple',
    sku: 'EMPTY-1',
    meta: { [K.family]: '', [K.productPrices]: '', [K.productRules]: '' },
  },
  'empty-array-meta': {
    kind: 'simple',
    sku: 'EMPTY-2',
    meta: { [K.family]: [], [K.productPrices]: [], [K.productRules]: [] },
  },
  'absent-meta': { kind: 'simple', sku: 'ABSENT-1', meta: {} },
  'json-text-meta': {
    kind: 'simple',
    sku: 'JSON-1',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: '{"1":"10.5","2":"9.8"}',
      [K.productRules]: ' {"2":{"price":"10","family_discount":"2"}} ',
    },
  },
  'broken-json-meta': {
    kind: 'simple',
    sku: 'JSON-2',
    meta: { [K.family]: 'RACC', [K.productPrices]: '{"1":"10.5"', [K.productRules]: 'null' },
  },
  'number-meta': {
    kind: 'simple',
    sku: 'NUM-1',
    meta: {
      [K.family]: 42,
      [K.productPrices]: { '1': 12.4, '2': 11, '3': true, '4': null },
      [K.productRules]: { '2': { price: 11, family_discount: 2.5, article_discount: 1 } },
    },
  },
  // Quantity tiers: a rule per tier, a net-price tier (no rule), tiers out of order, malformed.
  tiers: {
    kind: 'simple',
    sku: 'TIER-1',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': '90', '2': '87.3' },
      [K.productRules]: { '2': { price: '90', family_discount: '3' } },
      [K.productTiers]: {
        '2': [
          { from: '50', price: '83.79', rule: { price: '90', article_discount: '6.9' } },
          { from: '10', price: '85.5', rule: { price: '90', article_discount: '5' } },
          { from: '100', price: '80' },
          { from: '1000', price: '87.3', rule: { price: '90', family_discount: '3' } },
        ],
        '1': [{ from: '20' }],
      },
    },
  },
  'tiers-json-text': {
    kind: 'simple',
    sku: 'TIER-2',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '2': '12' },
      [K.productTiers]: '{"2":[{"from":"10","price":"11.5"},{"from":12,"price":11}]}',
    },
  },
  'tiers-malformed': {
    kind: 'simple',
    sku: 'TIER-3',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': '10', '2': '12' },
      [K.productTiers]: {
        '1': [{ from: 'ten', price: '9' }],
        '2': [
          { price: '9' },
          'x',
          ['10', '8'],
          { from: '10', price: 'n/a' },
          { from: '20', price: '7', rule: 'x' },
        ],
      },
    },
  },
  'variation-red': {
    kind: 'variation',
    sku: 'HYD-00042-RED',
    meta: {
      [K.family]: 'RACC',
      [K.productPrices]: { '1': '13.1', '2': '11.79' },
      [K.productRules]: { '1': { price: '13.1' }, '2': { price: '13.1', family_discount: '10' } },
    },
  },
  'variation-no-family': {
    kind: 'variation',
    sku: 'HYD-00042-BLUE',
    meta: {
      [K.productPrices]: { '1': '14', '2': '12.6' },
      [K.productRules]: { '1': { price: '14' }, '2': { price: '14', family_discount: '10' } },
    },
  },
};

/** Hand-written customers (the effective conditions, as the price sync writes them). */
const CUSTOMERS: Record<string, GoldenCustomer> = {
  'no-meta': { meta: {} },
  'guest-cat-1': { meta: { [K.priceCategory]: '1' } },
  'cat-1-plain': {
    meta: {
      [K.priceCategory]: '1',
      [K.familyDiscounts]: {},
      [K.customerDiscount]: '0',
      [K.customerPrices]: {},
    },
  },
  readme: {
    meta: {
      [K.priceCategory]: '2',
      [K.familyDiscounts]: { RACC: '8', FLEX: '5.5' },
      [K.customerDiscount]: '4',
      [K.customerPrices]: { 'HYD-00042': '10.5' },
    },
  },
  'central-member-cat-3': {
    meta: {
      [K.priceCategory]: '3',
      [K.familyDiscounts]: { RACC: '6', ODD: '12.5', FLEX: '3' },
      [K.customerDiscount]: '2.5',
      [K.customerPrices]: { 'KIND-01': '80.01' },
    },
  },
  'cat-1-family-odd': {
    meta: {
      [K.priceCategory]: '1',
      [K.familyDiscounts]: { ODD: '12.5', RACC: '7.25' },
      [K.customerDiscount]: '3',
      [K.customerPrices]: {},
    },
  },
  'cat-4-discounts': {
    meta: {
      [K.priceCategory]: '4',
      [K.familyDiscounts]: { RACC: '10', FLEX: '20', ODD: '0' },
      [K.customerDiscount]: '5',
      [K.customerPrices]: [],
    },
  },
  'cat-5-discounts': {
    meta: {
      [K.priceCategory]: '5',
      [K.familyDiscounts]: { RACC: '2.5', ODD: '1' },
      [K.customerDiscount]: '12.345',
    },
  },
  'unknown-category': { meta: { [K.priceCategory]: '9', [K.customerDiscount]: '5' } },
  'malformed-family-discount': {
    meta: {
      [K.priceCategory]: '1',
      [K.familyDiscounts]: { OTHER: 'abc', RACC: '5' },
      [K.customerDiscount]: '0',
      [K.customerPrices]: { 'NET-7': '7' },
    },
  },
  'malformed-customer-discount': {
    meta: { [K.priceCategory]: '2', [K.customerDiscount]: 'n/a' },
  },
  'malformed-specific-price': {
    meta: {
      [K.priceCategory]: '2',
      [K.customerPrices]: { 'HYD-00042': 'abc', 'KIND-01': '', 'NET-7': ' 6.50 ', 'RATE-X': '-1' },
    },
  },
  'empty-strings': {
    meta: {
      [K.priceCategory]: '',
      [K.familyDiscounts]: '',
      [K.customerDiscount]: '',
      [K.customerPrices]: '',
    },
  },
  'empty-arrays': {
    meta: {
      [K.priceCategory]: '2',
      [K.familyDiscounts]: [],
      [K.customerDiscount]: '',
      [K.customerPrices]: [],
    },
  },
  'json-text': {
    meta: {
      [K.priceCategory]: '2',
      [K.familyDiscounts]: '{"RACC":"8"}',
      [K.customerDiscount]: '4',
      [K.customerPrices]: '{"HYD-00042-RED":"9.99"}',
    },
  },
  numbers: {
    meta: {
      [K.priceCategory]: 2,
      [K.familyDiscounts]: { RACC: 8, '42': 3.5 },
      [K.customerDiscount]: 4,
      [K.customerPrices]: { 'NUM-1': 10.25 },
    },
  },
  'array-category': {
    meta: { [K.priceCategory]: ['2'], [K.customerPrices]: { 'HYD-00042': '10.5' } },
  },
  'negative-discount': {
    meta: {
      [K.priceCategory]: '1',
      [K.familyDiscounts]: { FLEX: '-5' },
      [K.customerDiscount]: '-2',
    },
  },
  'big-rates': {
    meta: {
      [K.priceCategory]: '1',
      [K.familyDiscounts]: { FLEX: '7.654321' },
      [K.customerDiscount]: '0.000001',
    },
  },
  'tiers-customer': {
    meta: {
      [K.priceCategory]: '2',
      [K.familyDiscounts]: { RACC: '8' },
      [K.customerDiscount]: '0',
      [K.customerPrices]: { 'TIER-2': '11.9' },
      [K.customerTiers]: {
        'TIER-2': [
          { from: '5', price: '10.75' },
          { from: '25', price: '10' },
        ],
        'TIER-1': [{ from: '200', price: '70' }],
        'NET-7': [{ from: 'x', price: '1' }],
      },
    },
  },
  'big-cat-2': {
    meta: { [K.priceCategory]: '2', [K.familyDiscounts]: { FLEX: '1.000001' } },
  },
};

/** Strategies, rounding modes and decimals the engine vectors cycle through. */
const ENGINE_OPTIONS: GoldenFormula[] = [
  { strategy: 'highest', rounding: 'half-up', decimals: 2 },
  { strategy: 'priority', rounding: 'half-even', decimals: 2 },
  { strategy: 'cumulative', rounding: 'down', decimals: 3 },
  { strategy: 'cascade', rounding: 'up', decimals: 2 },
  { strategy: 'cascade', rounding: 'half-up', decimals: 0 },
  { strategy: 'highest', rounding: 'half-even', decimals: 4 },
];

const DAY = '2026-03-15';

/** How the vectors of one engine company are written and which quantities they check. */
interface CompanyVectors {
  /** Prefix of the company's product and customer ids ("e3", "g1"). */
  prefix: string;
  /** The company in error messages. */
  label: string;
  /** Whether meta values that are null are written (engine companies) or left out (grids). */
  nullMeta: 'kept' | 'left-out';
  /** The quantities checked for one customer × article, given their contract meta. */
  quantities: (
    index: PriceIndex,
    customer: PricingCustomer,
    article: PricingArticle,
    meta: { product: GoldenProduct; customer: GoldenCustomer },
  ) => number[];
}

/**
 * One company projected as the connector does with `options`: its products' and customers'
 * meta go into `file`, and a vector for every customer × article × quantity, each checked
 * against the engine first. Returns how many vectors it added.
 */
function companyVectors(
  file: GoldenFile,
  data: PricingData,
  options: GoldenFormula,
  how: CompanyVectors,
): number {
  const keys = pricesConfigSchema.parse({}).meta;
  const formulaId = `engine-${options.strategy}-${options.rounding}-${options.decimals}`;
  file.formulas[formulaId] = options;
  const formula = shopFormula(options);
  const categories = priceCategoriesOf(data);
  const index = buildPriceIndex(withCategoryCustomers(data, categories), {
    ...DEFAULT_PRICING_OPTIONS,
    strategy: options.strategy,
    rounding: options.rounding,
    unitPriceDecimals: options.decimals,
  });
  const pricings = new Map(
    data.articles.map((a) => [a.reference, productPricing(index, a, categories, DAY)]),
  );
  const written = (metaData: readonly { key: string; value: unknown }[]) =>
    Object.fromEntries(
      metaData
        .filter((m) => how.nullMeta === 'kept' || m.value !== null)
        .map((m) => [m.key, m.value]),
    );
  for (const article of data.articles) {
    const { metaData } = productPricesMeta(keys, pricings.get(article.reference)!);
    file.products[`${how.prefix}-${article.reference}`] = {
      kind: 'simple',
      sku: article.reference,
      meta: { [K.family]: article.familyCode, ...written(metaData) },
    };
  }
  let count = 0;
  for (const customer of data.customers) {
    const payload = customerPricing(index, data, customer, data.articles, pricings, DAY, formula);
    const customerId = `${how.prefix}-${customer.account}`;
    file.customers[customerId] = { meta: written(customerPricingMeta(keys, payload).metaData) };
    for (const article of data.articles) {
      const productId = `${how.prefix}-${article.reference}`;
      const meta = { product: file.products[productId], customer: file.customers[customerId] };
      for (const quantity of how.quantities(index, customer, article, meta)) {
        const engine = evaluatePrice(index, {
          customer: customer.account,
          article: article.reference,
          quantity,
          date: DAY,
        }).netPrice;
        const expected = goldenPrice(meta.product, meta.customer, options, quantity);
        if (!samePrice(expected, engine)) {
          const at = quantity === 1 ? '' : ` × ${quantity}`;
          throw new Error(
            `${how.label}, ${customer.account} × ${article.reference}${at}: formula ${String(expected)} ≠ engine ${engine}`,
          );
        }
        file.vectors.push({
          product: productId,
          customer: customerId,
          formula: formulaId,
          ...(quantity === 1 ? {} : { quantity }),
          expected,
        });
        count++;
      }
    }
  }
  return count;
}

/** Engine vectors of random companies and the tax-inclusive one: every customer × article at 1. */
function engineVectors(file: GoldenFile): number {
  const companies: PricingData[] = [
    ...fc.sample(companyArbitrary, { seed: 20260315, numRuns: 40 }),
    ...fc.sample(largeCompanyArbitrary, { seed: 4242, numRuns: 10 }),
    taxInclusiveCompany(),
  ];
  return companies.reduce(
    (count, data, c) =>
      count +
      companyVectors(file, data, ENGINE_OPTIONS[c % ENGINE_OPTIONS.length], {
        prefix: `e${c}`,
        label: `company ${c}`,
        nullMeta: 'kept',
        quantities: () => [1],
      }),
    0,
  );
}

/**
 * Tax-inclusive prices (AR_PrixTTC, AC_PrixTTC) for customers of accounting categories at 20 %,
 * 0 % (DOM) and 5.5 %: the product's rule holds at the article's own rate, the others get their
 * engine price as a customer-specific price.
 */
function taxInclusiveCompany(): PricingData {
  const vatRates = { '1': '20', '2': '0', '3': '5.5' };
  const article = (reference: string, salePrice: string, salePriceIncludesTax: boolean) =>
    chaise({ reference, salePrice, salePriceIncludesTax, vatRates });
  const account = (name: string, accountingCategory: number, discountRate: string) => ({
    ...customer(name, 1, discountRate),
    accountingCategory,
  });
  return company({
    articles: [article('TTC-BASE', '120', true), article('TTC-ROW', '100', false)],
    customers: [account('METRO', 1, '5'), account('REUNION', 2, '5'), account('REDUIT', 3, '0')],
    articlePrices: [
      categoryRow(1, '108', {
        articleReference: 'TTC-ROW',
        priceIncludesTax: true,
        discountRate: '10',
      }),
    ],
  });
}

/** Quantities of the hand-written tier vectors: each side of every start they use. */
const TIER_QUANTITIES = [
  2, 4, 5, 9, 10, 11, 12, 19, 20, 24, 25, 26, 49, 50, 51, 99, 100, 199, 200, 999, 1000, 1001,
];

/**
 * Engine vectors with quantity grids (test/unit/price-sync/grid-company.ts: by quantity and by
 * amount, category and customer grids, net-price ranges): every customer × article at 1 and on
 * each side of every tier start, each checked against the engine at that quantity.
 */
function gridVectors(file: GoldenFile): number {
  const data = gridCompany();
  return GRID_OPTIONS.reduce(
    (count, options, c) =>
      count +
      companyVectors(file, data, options, {
        prefix: `g${c}`,
        label: 'grid company',
        nullMeta: 'left-out',
        quantities: (index, customer, article, meta) => {
          const starts = [
            ...quantityBreaks(index, customer.account, article.reference, DAY),
            ...tierStarts(
              productFromMeta(article.reference, meta.product.meta),
              customerFromMeta(meta.customer.meta),
            ),
          ];
          return [...new Set([1, ...starts.flatMap((q) => [q - 1, q, q + 1])])].sort(
            (a, b) => a - b,
          );
        },
      }),
    0,
  );
}

const GRID_OPTIONS: GoldenFormula[] = [
  { strategy: 'highest', rounding: 'half-up', decimals: 2 },
  { strategy: 'cascade', rounding: 'up', decimals: 2 },
  { strategy: 'cumulative', rounding: 'down', decimals: 3 },
];

export function buildGoldenFile(): GoldenFile {
  const file: GoldenFile = {
    about:
      'Golden vectors of the shop price formula (shared/price-sync/implied-price.ts), generated by scripts/golden-price-vectors.ts; ' +
      'checked by test/unit/price-sync/golden-vectors.test.ts against the TypeScript formula and the shop plugin (PHP). ' +
      'formula: strategy = option sws_pricing_strategy, rounding = sws_rounding, decimals = sws_unit_price_decimals. ' +
      'expected: normalised decimal excl. tax, or null = no contract price.',
    keys: CONTRACT_KEYS,
    formulas: { ...FORMULAS },
    products: { ...PRODUCTS },
    customers: { ...CUSTOMERS },
    counts: { vectors: 0, handWritten: 0, engine: 0, nonNull: 0 },
    vectors: [],
  };
  for (const productId of Object.keys(PRODUCTS)) {
    for (const customerId of Object.keys(CUSTOMERS)) {
      // Every formula where it changes the price; the default formula always.
      const base = goldenPrice(PRODUCTS[productId], CUSTOMERS[customerId], FORMULAS.default);
      for (const formulaId of Object.keys(FORMULAS)) {
        const expected =
          formulaId === 'default'
            ? base
            : goldenPrice(PRODUCTS[productId], CUSTOMERS[customerId], FORMULAS[formulaId]);
        if (formulaId !== 'default' && expected === base) continue;
        file.vectors.push({
          product: productId,
          customer: customerId,
          formula: formulaId,
          expected,
        });
      }
    }
  }
  // Quantities around the hand-written tiers' starts, where a product or customer has tiers.
  const hasTiers = (meta: Record<string, unknown>) =>
    meta[K.productTiers] !== undefined || meta[K.customerTiers] !== undefined;
  for (const productId of Object.keys(PRODUCTS)) {
    for (const customerId of Object.keys(CUSTOMERS)) {
      if (!hasTiers(PRODUCTS[productId].meta) && !hasTiers(CUSTOMERS[customerId].meta)) continue;
      for (const quantity of TIER_QUANTITIES) {
        file.vectors.push({
          product: productId,
          customer: customerId,
          formula: 'default',
          quantity,
          expected: goldenPrice(
            PRODUCTS[productId],
            CUSTOMERS[customerId],
            FORMULAS.default,
            quantity,
          ),
        });
      }
    }
  }
  const handWritten = file.vectors.length;
  const engine = engineVectors(file) + gridVectors(file);
  file.counts = {
    vectors: file.vectors.length,
    handWritten,
    engine,
    nonNull: file.vectors.filter((v) => v.expected !== null).length,
  };
  return file;
}

/** One vector a line: the file stays diffable. */
export function serialise(file: GoldenFile): string {
  const { vectors, ...head } = file;
  const headText = JSON.stringify(head, null, 2);
  const lines = vectors.map((v) => `    ${JSON.stringify(v)}`).join(',\n');
  return `${headText.slice(0, -2)},\n  "vectors": [\n${lines}\n  ]\n}\n`;
}

if (require.main === module) {
  const text = serialise(buildGoldenFile());
  if (process.argv.includes('--check')) {
    const current = readFileSync(VECTORS_FILE, 'utf8');
    if (current !== text) {
      console.error(
        `${VECTORS_FILE} is stale: run node --import tsx scripts/golden-price-vectors.ts`,
      );
      process.exit(1);
    }
    console.log('price vectors up to date');
  } else {
    writeFileSync(VECTORS_FILE, text);
    const { counts } = JSON.parse(text) as GoldenFile;
    console.log(`wrote ${VECTORS_FILE}: ${JSON.stringify(counts)}`);
  }
}
