import {
  buildPriceIndex,
  evaluatePrice,
  type PriceIndex,
  type PriceQuery,
  type PriceResult,
  type PricingArticle,
  type PricingArticlePrice,
  type PricingCustomer,
  type PricingData,
  type PricingOptions,
} from '../../../shared/price-engine';

/** Builders for the worked examples (docs/price-rules.md): the CHAISE01 / MOBILIER company. */

export const DAY = '2026-03-15';

export function chaise(overrides: Partial<PricingArticle> = {}): PricingArticle {
  return {
    reference: 'CHAISE01',
    familyCode: 'MOBILIER',
    salePrice: '100',
    purchasePrice: '40',
    coefficient: '2.5',
    ...overrides,
  };
}

export function customer(
  account: string,
  priceCategory: number,
  discountRate = '0',
  centralAccount = '',
): PricingCustomer {
  return { account, priceCategory, discountRate, centralAccount };
}

export function categoryRow(
  category: number,
  price: string,
  overrides: Partial<PricingArticlePrice> = {},
): PricingArticlePrice {
  return {
    articleReference: 'CHAISE01',
    category,
    customerAccount: '',
    price,
    coefficient: '0',
    discountRate: '0',
    excludedFromDiscounts: false,
    gridKind: 0,
    ...overrides,
  };
}

export function exceptionRow(
  account: string,
  price: string,
  overrides: Partial<PricingArticlePrice> = {},
): PricingArticlePrice {
  return categoryRow(0, price, { customerAccount: account, ...overrides });
}

export function company(parts: Partial<PricingData>): PricingData {
  return {
    articles: [chaise()],
    customers: [],
    articlePrices: [],
    familyCategoryPrices: [],
    familyCustomerDiscounts: [],
    quantityRanges: [],
    packagingPrices: [],
    ...parts,
  };
}

/** The engine's price for `customer` and `article` from an index already built, on DAY. */
export function enginePrice(
  index: PriceIndex,
  customer: string,
  article: string,
  quantity = 1,
): PriceResult {
  return evaluatePrice(index, { customer, article, quantity, date: DAY });
}

export function priceOf(
  data: PricingData,
  query: Partial<PriceQuery> & { customer: string },
  options: Partial<PricingOptions> = {},
): PriceResult {
  return evaluatePrice(buildPriceIndex(data, options), {
    article: 'CHAISE01',
    quantity: 1,
    date: DAY,
    ...query,
  });
}

export function netOf(
  data: PricingData,
  query: Partial<PriceQuery> & { customer: string },
  options: Partial<PricingOptions> = {},
): string {
  return priceOf(data, query, options).netPrice;
}
