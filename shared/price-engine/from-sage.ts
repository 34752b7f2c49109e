import type {
  Article,
  ArticlePrice,
  Customer,
  FamilyCategoryPrice,
  FamilyCustomerDiscount,
  PackagingPrice,
  QuantityPriceRange,
} from '../sage/types';
import type {
  PricingArticle,
  PricingArticlePrice,
  PricingCustomer,
  PricingData,
  PricingFamilyCategory,
  PricingFamilyCustomer,
  PricingPackagingPrice,
  PricingQuantityRange,
} from './types';

/** The Sage domain rows the data layer reads (activities/sage/prices.ts and friends). */
export interface SagePriceData {
  articles: Article[];
  customers: Customer[];
  articlePrices: ArticlePrice[];
  familyCategoryPrices: FamilyCategoryPrice[];
  familyCustomerDiscounts: FamilyCustomerDiscount[];
  quantityRanges: QuantityPriceRange[];
  packagingPrices: PackagingPrice[];
}

/** 'a01'…'a32' in the *_RefCF columns names a price category; anything else is an account. */
const CATEGORY_TARGET = /^a(\d{2})$/;

export function parseTarget(target: string): { category: number } | { customerAccount: string } {
  const match = CATEGORY_TARGET.exec(target);
  return match ? { category: Number(match[1]) } : { customerAccount: target };
}

/**
 * Maps the Sage domain types onto the engine's inputs, keeping only what pricing reads (the
 * index then holds no designations, addresses or contacts). Suppliers and other third parties
 * are left out: only customers (and centrals, which are customer accounts) have sales prices.
 */
export function pricingDataFromSage(data: SagePriceData): PricingData {
  return {
    articles: data.articles.map(articleOf),
    customers: data.customers.filter((c) => c.type === 'customer').map(customerOf),
    articlePrices: data.articlePrices.map(articlePriceOf),
    familyCategoryPrices: data.familyCategoryPrices.map(familyCategoryOf),
    familyCustomerDiscounts: data.familyCustomerDiscounts.map(familyCustomerOf),
    quantityRanges: data.quantityRanges.map(quantityRangeOf),
    packagingPrices: data.packagingPrices.map(packagingPriceOf),
  };
}

export function articleOf(article: Article): PricingArticle {
  return {
    reference: article.reference,
    familyCode: article.familyCode,
    salePrice: article.salePrice,
    salePriceIncludesTax: article.salePriceIncludesTax,
    purchasePrice: article.purchasePrice,
    coefficient: article.coefficient,
    packagings: article.packagings.map((p) => ({
      packagingNo: p.packagingNo,
      quantity: p.quantity,
    })),
    ...(article.scheduledPrice
      ? {
          scheduledPrice: {
            from: article.scheduledPrice.day,
            salePrice: article.scheduledPrice.salePrice,
          },
        }
      : {}),
  };
}

export function customerOf(customer: Customer): PricingCustomer {
  return {
    account: customer.account,
    priceCategory: customer.priceCategory,
    centralAccount: customer.centralAccount,
    discountRate: customer.discountRate,
    sleeping: customer.sleeping,
    ...(customer.accountingCategory !== undefined
      ? { accountingCategory: customer.accountingCategory }
      : {}),
  };
}

export function articlePriceOf(row: ArticlePrice): PricingArticlePrice {
  return {
    articleReference: row.articleReference,
    category: row.category,
    customerAccount: row.customerAccount,
    price: row.price,
    coefficient: row.coefficient,
    priceIncludesTax: row.priceIncludesTax,
    discountRate: row.discountRate,
    excludedFromDiscounts: row.excludedFromDiscounts,
    gridKind: row.gridKind,
    rowId: row.rowId,
    ...(row.scheduled
      ? {
          scheduled: {
            from: row.scheduled.day,
            price: row.scheduled.price,
            coefficient: row.scheduled.coefficient,
            discountRate: row.scheduled.discountRate,
          },
        }
      : {}),
  };
}

export function familyCategoryOf(row: FamilyCategoryPrice): PricingFamilyCategory {
  return {
    familyCode: row.familyCode,
    category: row.category,
    discountRate: row.discountRate,
    excludedFromDiscounts: row.excludedFromDiscounts,
  };
}

export function familyCustomerOf(row: FamilyCustomerDiscount): PricingFamilyCustomer {
  return {
    familyCode: row.familyCode,
    customerAccount: row.customerAccount,
    discountRate: row.discountRate,
  };
}

export function quantityRangeOf(row: QuantityPriceRange): PricingQuantityRange {
  return {
    articleReference: row.articleReference,
    ...parseTarget(row.target),
    upperBound: row.upperBound,
    discounts: row.discounts.map((d) => ({ value: d.value, type: d.type })),
    netPrice: row.netPrice,
  };
}

export function packagingPriceOf(row: PackagingPrice): PricingPackagingPrice {
  return {
    articleReference: row.articleReference,
    packagingNo: row.packagingNo,
    ...parseTarget(row.target),
    price: row.price,
  };
}
