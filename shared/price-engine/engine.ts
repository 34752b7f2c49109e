/**
 * Sage 100c price determination: the net unit price excl. tax of one article for one customer,
 * quantity and day, and how it was derived. Pure: it reads a PriceIndex (price-index.ts) built
 * once from the price tables. The rules (precedence, gross price of a level, grids, discounts
 * and their combination, rounding) and worked examples: docs/price-rules.md.
 */
import type {
  ArticleRow,
  CategoryView,
  CompiledArticle,
  CompiledCustomer,
  CompiledDiscount,
  CompiledGrid,
  CompiledRange,
  GrossPrice,
  PriceIndex,
} from './compiled';
import { baseAt, packagingKey, rowGross } from './compiled';
import { combine } from './combine';
import { pickAt } from './dated';
import { Fixed, compare, formatFixed, multiply, toFixed } from './fixed';
import { grossPrice } from './gross';
import { roundFixed } from './rounding';
import type { PriceQuery, PriceResult, PriceRule } from './types';

export type PriceLookupProblem =
  'unknown-customer' | 'unknown-article' | 'unknown-packaging' | 'customer-asleep';

/** The query names something the index does not hold, or a customer Sage sells nothing to. */
export class PriceLookupError extends Error {
  constructor(
    readonly problem: PriceLookupProblem,
    readonly key: string,
  ) {
    super(`${problem}: ${key}`);
    this.name = 'PriceLookupError';
  }
}

const NO_DISCOUNTS = Object.freeze([]);
/** Reused candidate buffer: evaluation is synchronous, so one buffer serves every call. */
const candidates: CompiledDiscount[] = [];

export function evaluatePrice(index: PriceIndex, query: PriceQuery): PriceResult {
  const customer = index.customers.get(query.customer);
  if (customer === undefined) throw new PriceLookupError('unknown-customer', query.customer);
  if (customer.sleeping) throw new PriceLookupError('customer-asleep', query.customer);
  const article = index.articles.get(query.article);
  if (article === undefined) throw new PriceLookupError('unknown-article', query.article);
  const day = query.date.length > 10 ? query.date.slice(0, 10) : query.date;
  const category = customer.category;
  const packagingNo = query.packagingNo ?? null;
  let unitsPerPackage: Fixed | null = null;
  if (packagingNo !== null) {
    unitsPerPackage = article.packagings.get(packagingNo) ?? null;
    if (unitsPerPackage === null) {
      throw new PriceLookupError('unknown-packaging', `${query.article}/${packagingNo}`);
    }
  }

  const customerRow = exceptionRowOf(customer, article.reference, day);
  if (customerRow === undefined && packagingNo === null) {
    const view = article.views[category];
    // A view holds the prices at the article's own VAT rate: a customer whose accounting
    // category brings a tax-inclusive price back with another rate takes the general path.
    const vat = article.vatCategories;
    if (view !== undefined && (vat === null || !vat.has(customer.accountingCategory))) {
      return viewPrice(index, customer, article.familyCode, view, day);
    }
  }
  return generalPrice(index, customer, article, query, day, customerRow, unitsPerPackage);
}

/** E's exception row for the article on the day (the member's own first with 'member-first'). */
export function exceptionRowOf(
  customer: CompiledCustomer,
  reference: string,
  day: string,
): ArticleRow | undefined {
  // Most accounts have no exception rows: the flag skips a hash lookup per evaluation.
  let row: ArticleRow | undefined;
  if (customer.own !== null && customer.own.hasExceptions) {
    row = pickAt(customer.own.exceptions.get(reference), day);
  }
  if (row === undefined && customer.hasExceptions) {
    row = pickAt(customer.exceptions.get(reference), day);
  }
  return row;
}

/** Steps 2–8 with every row looked up on the day: exception rows, grids, packagings, windows. */
function generalPrice(
  index: PriceIndex,
  customer: CompiledCustomer,
  article: CompiledArticle,
  query: PriceQuery,
  day: string,
  customerRow: ArticleRow | undefined,
  unitsPerPackage: Fixed | null,
): PriceResult {
  const category = customer.category;
  const packagingNo = query.packagingNo ?? null;
  const categoryRow = pickAt(article.categoryRows[category], day);
  const vatCategory = customer.accountingCategory;
  const customerGross = customerRow === undefined ? null : rowGross(customerRow, vatCategory);
  const categoryGross = categoryRow === undefined ? null : rowGross(categoryRow, vatCategory);
  let base: GrossPrice;
  let baseRow: ArticleRow | undefined;
  if (customerGross !== null) {
    base = customerGross;
    baseRow = customerRow;
  } else if (categoryGross !== null) {
    base = categoryGross;
    baseRow = categoryRow;
  } else {
    base = baseAt(article, day, vatCategory);
  }

  const fromCustomerRow = baseRow !== undefined && baseRow === customerRow;
  let customerRange: CompiledRange | undefined;
  let categoryRange: CompiledRange | undefined;
  const customerGrid = customerRow === undefined ? null : customerRow.grid;
  const categoryGrid = categoryRow === undefined ? null : categoryRow.grid;
  if (customerGrid !== null || categoryGrid !== null) {
    const quantity = toFixed(query.quantity);
    const salesUnits = unitsPerPackage === null ? quantity : multiply(quantity, unitsPerPackage);
    if (customerGrid !== null) customerRange = rangeFor(customerGrid, salesUnits, base, day);
    if (categoryGrid !== null) categoryRange = rangeFor(categoryGrid, salesUnits, base, day);
    if (customerRange !== undefined && customerRange.netPrice !== null) {
      return netPriceResult(
        index,
        customerRange.netPrice,
        'customer-net-price',
        unitsPerPackage,
        customer,
        packagingNo,
      );
    }
    if (categoryRange !== undefined && categoryRange.netPrice !== null && !fromCustomerRow) {
      return netPriceResult(
        index,
        categoryRange.netPrice,
        'category-net-price',
        unitsPerPackage,
        customer,
        packagingNo,
      );
    }
  }

  const gross =
    unitsPerPackage === null
      ? base
      : packagePrice(index, customer, article, packagingNo as number, base, unitsPerPackage, day);

  const family = pickAt(article.familyCategory[category], day);
  const articleCustomer =
    customerRange !== undefined ? customerRange.discount : (customerRow?.discount ?? null);
  const articleCategory =
    categoryRange !== undefined ? categoryRange.discount : (categoryRow?.discount ?? null);
  const rowExcluded = baseRow !== undefined && baseRow.excludedFromDiscounts;
  const familyExcluded = family !== undefined && family.excludedFromDiscounts;
  return priced(
    index,
    customer,
    gross,
    collectCandidates(
      customer,
      article.familyCode,
      day,
      articleCustomer,
      articleCategory,
      rowExcluded,
      fromCustomerRow ? articleCustomer : articleCategory,
      family === undefined ? null : family.discount,
      familyExcluded,
    ),
    rowExcluded,
    familyExcluded,
    packagingNo,
  );
}

/** The common case, from the precomputed CategoryView: steps 5–8 with no row to look up. */
function viewPrice(
  index: PriceIndex,
  customer: CompiledCustomer,
  familyCode: string,
  view: CategoryView,
  day: string,
): PriceResult {
  const count = collectCandidates(
    customer,
    familyCode,
    day,
    null,
    view.articleCategory,
    view.rowExcluded,
    view.articleCategory,
    view.familyCategory,
    view.familyExcluded,
  );
  return priced(index, customer, view, count, view.rowExcluded, view.familyExcluded, null);
}

/**
 * Steps 5–6: fills `candidates` in priority order and returns how many. `rowExcluded`: the row
 * that gave the gross is "hors remise", only its own discount (`rowOwn`) remains.
 */
function collectCandidates(
  customer: CompiledCustomer,
  familyCode: string,
  day: string,
  articleCustomer: CompiledDiscount | null,
  articleCategory: CompiledDiscount | null,
  rowExcluded: boolean,
  rowOwn: CompiledDiscount | null,
  familyCategory: CompiledDiscount | null,
  familyExcluded: boolean,
): number {
  let count = 0;
  if (rowExcluded) {
    if (rowOwn !== null) candidates[count++] = rowOwn;
    return count;
  }
  if (articleCustomer !== null) candidates[count++] = articleCustomer;
  if (articleCategory !== null) candidates[count++] = articleCategory;
  if (!familyExcluded && customer.hasFamilyDiscounts) {
    const familyCustomer = pickAt(customer.familyDiscounts.get(familyCode), day);
    if (familyCustomer) candidates[count++] = familyCustomer;
  }
  if (familyCategory !== null) candidates[count++] = familyCategory;
  if (!familyExcluded && customer.customerDiscount !== null) {
    candidates[count++] = customer.customerDiscount;
  }
  return count;
}

/** Steps 7–8 and the derivation. */
function priced(
  index: PriceIndex,
  customer: CompiledCustomer,
  gross: GrossPrice,
  count: number,
  rowExcluded: boolean,
  familyExcluded: boolean,
  packagingNo: number | null,
): PriceResult {
  const options = index.options;
  const combined = combine(gross, candidates, count, options.strategy, options);
  return {
    netPrice: combined.netPrice,
    grossPrice: gross.text,
    rule: gross.rule,
    appliedDiscounts: combined.applied,
    effectiveCustomer: customer.account,
    viaCentral: customer.viaCentral,
    category: customer.category,
    strategy: options.strategy,
    discountsBlockedBy: rowExcluded ? 'article-price' : familyExcluded ? 'family-category' : null,
    packagingNo,
  };
}

/** The range of a grid for this quantity on this day, or undefined (no grid discount). */
function rangeFor(
  grid: CompiledGrid,
  salesUnits: Fixed,
  base: GrossPrice,
  day: string,
): CompiledRange | undefined {
  const value = grid.byAmount ? multiply(salesUnits, base) : salesUnits;
  for (const range of grid.ranges) {
    if (range.from <= day && day <= range.to && compare(value, range.upperBound) <= 0) return range;
  }
  return undefined;
}

function packagePrice(
  index: PriceIndex,
  customer: CompiledCustomer,
  article: CompiledArticle,
  packagingNo: number,
  unitGross: GrossPrice,
  unitsPerPackage: Fixed,
  day: string,
): GrossPrice {
  const key = packagingKey(article.reference, packagingNo);
  const own =
    customer.own !== null ? pickAt(customer.own.packagingPrices.get(key), day) : undefined;
  const specific =
    own ??
    pickAt(customer.packagingPrices.get(key), day) ??
    pickAt(article.categoryPackagingPrices.get(packagingNo)?.[customer.category], day);
  if (specific !== undefined) return specific;
  return grossPrice(multiply(unitGross, unitsPerPackage), unitGross.rule, index.options);
}

function netPriceResult(
  index: PriceIndex,
  netPrice: Fixed,
  rule: PriceRule,
  unitsPerPackage: Fixed | null,
  customer: CompiledCustomer,
  packagingNo: number | null,
): PriceResult {
  const value = unitsPerPackage === null ? netPrice : multiply(netPrice, unitsPerPackage);
  const text = formatFixed(
    roundFixed(value, index.options.unitPriceDecimals, index.options.rounding),
  );
  return {
    netPrice: text,
    grossPrice: text,
    rule,
    appliedDiscounts: NO_DISCOUNTS,
    effectiveCustomer: customer.account,
    viaCentral: customer.viaCentral,
    category: customer.category,
    strategy: index.options.strategy,
    discountsBlockedBy: null,
    packagingNo,
  };
}
