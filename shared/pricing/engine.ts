/**
 * Sage 100c price determination: the net unit price excl. tax of one article for one customer,
 * quantity and day, and how it was derived. Pure: it reads a PriceIndex (price-index.ts) built
 * once from the price tables.
 *
 * PRECEDENCE (sage100.md §4; [C] confirmed by the reference, [I] chosen here)
 *
 * 1. Effective customer E: the central (CT_NumCentrale) of a member, else the customer [C]. E
 *    gives the price category K, the exception rows, the family-customer discounts and the global
 *    discount CT_Taux01. Setting `memberExceptionPrices: 'member-first'` makes the member's own
 *    exception rows (and their grids and package prices) win over the central's [I, unverified].
 *    Only one level of central is followed.
 * 2. Gross price, first that exists [C]: E's exception row (AC_PrixVen > 0, else AR_PrixAch ×
 *    AC_Coef when AC_Coef > 0) › the category-K row (same two steps) › the article (AR_PrixVen,
 *    else AR_PrixAch × AR_Coef). A tax-inclusive row is divided by 1 + VAT [C, VAT rate of the
 *    article, else the default]. The gross is rounded to the unit-price decimals: it is what Sage
 *    writes in DL_PrixUnitaire, and discounts apply to it [I]. F_FAMTARIF.FT_Coef is not a
 *    price level (§4.2 does not list it; Sage copies it into new articles of the family) [I].
 * 3. Package (F_CONDITION): E's F_TARIFCOND price › the category's › gross × units per package
 *    [C]. The quantity is in packages; grids compare sales units (packages × units) [I].
 * 4. Quantity grids (F_TARIFQTE), only for a row that declares one (AC_QteMont ≠ 0) [I]: the
 *    first range whose inclusive upper bound is ≥ the quantity (≥ quantity × gross for amount
 *    grids, AC_QteMont = 2); no range above the quantity = no grid [C, S10]. A range's net price
 *    (TQ_PrixNet > 0) replaces price and discounts [C]: E's grid first, the category's only when
 *    the gross did not come from E's exception row [I]. A range's discounts replace the row's
 *    AC_Remise, in cascade within the range [C]; a range at 0 % means no article discount.
 *    REM_Type 1 = %, 0 = amount per unit [3P, S10], 2 (free units) does not change the price.
 * 5. Candidate discounts, in priority order [C]: R_ac article-customer (E's row: grid range or
 *    AC_Remise), R_ak article-category, R_fc family-customer (F_FAMCLIENT of E), R_fk
 *    family-category (F_FAMTARIF of K), R_c customer (E's CT_Taux01). Rates outside 0…100 % are
 *    clamped (and reported by the index).
 * 6. Hors remise [C]: when the row that gave the gross price has AC_TypeRem = 1, only that row's
 *    own discount remains [I which ones: S3 drops all, S10 only R_c]; else when the family's
 *    category row has FT_TypeRem = 1, R_fc and R_c are dropped [I].
 * 7. Combination (setting `strategy`, sage100.md §4.3 leaves Sage's own rule unconfirmed):
 *    highest (default, design §1: one discount, the one giving the lowest price, the earliest
 *    on a tie) · priority (the first candidate, PrestaConnect's default) · cumulative (rates
 *    added, capped at 100 %) · cascade (one after the other).
 * 8. Net = combined price, never below zero, rounded to `unitPriceDecimals` with `rounding`
 *    (half-up by default: Sage's commercial rounding) — once, at the end [I].
 * Dates: every row may carry a validity window; the version in force on the query's day is used,
 * the most recent start winning over an older open one. The Sage readers give no windows today
 * (always valid); Sage's scheduled prices (…Nouv + date d'application) map onto two windows.
 *
 * MONEY: exact decimals (fixed.ts): scaled integers, JS numbers while the exact value stays
 * below 2^53, BigInt beyond; no binary floating point touches a price. Prices print as the
 * project's normalised DecimalString ("82.8" for 82.80).
 *
 * WORKED EXAMPLES (each one is a test in test/unit/pricing/worked-examples.test.ts)
 * Article CHAISE01, family MOBILIER, AR_PrixVen 100.00, AR_PrixAch 40.00, 2 decimals, half-up.
 *  A  CLI001 in category 2, category row AC_PrixVen 90                            → 90.00
 *  B  A + exception row of CLI001 at 85                                            → 85.00
 *  C  exception row at 0 with AC_Coef 2.0: 40 × 2                                  → 80.00
 *     the same with AC_Coef 0: the category price                                  → 90.00
 *  D  category 90; R_fc 8 %, R_fk 3 %, R_c 5 %:
 *       highest 90 × 0.92 = 82.80 · priority (first = R_fc) 82.80
 *       cumulative 90 × (1 − 0.16) = 75.60 · cascade 90 × 0.92 × 0.97 × 0.95 = 76.3002 → 76.30
 *  D2 D + category row AC_Remise 2 %: priority takes R_ak → 88.20; highest keeps 8 % → 82.80
 *  E  category grid 'a02' (AC_QteMont 1): ≤ 9 → 0 %, ≤ 49 → 5 %, ≤ 999999 → 5 % then 2 %:
 *       qty 5 → 90.00 · qty 10 → 85.50 · qty 60 → 90 × 0.95 × 0.98 = 83.79 · qty 9.5 → 85.50
 *  F  MAG12 (category 1, 0 %) member of CENT01 (category 3, 4 %); CENT01 exception 88,
 *     category-3 row 92: 88 × 0.96 = 84.48; without CENT01's row: 92 × 0.96 = 88.32
 *  F2 F + MAG12's own exception row at 80: central-only → 84.48; member-first 80 × 0.96 → 76.80
 *  G  D with AC_TypeRem = 1 on the category row                                    → 90.00
 *     the same row with its own AC_Remise 2 % keeps that one: 90 × 0.98            → 88.20
 *  H  package "Lot de 4" (EC_Quantite 4), category 2: 4 × 90 = 360.00; with F_TARIFCOND
 *     'a02' at 340 → 340.00
 *  I  CLI001's exception row (85, 10 %) with a grid: ≤ 9 → 0 %, ≤ 999999 → net price 79.90:
 *       qty 5 → 85.00 (the 0 % range replaces AC_Remise) · qty 12 → 79.90, no discount
 *  J  category grid range of 5 % then 1.50 per unit (REM_Type 0): 90 × 0.95 − 1.50 → 84.00
 *  K  CLI001's exception 85 valid to 2026-03-31, 82 from 2026-04-01:
 *       on 2026-03-31 → 85.00 · on 2026-04-01 → 82.00
 *  L  exception 22.84 and CT_Taux01 12.5 %: 19.985 → half-up 19.99, half-even 19.98,
 *     down 19.98, up 19.99; with 3 decimals → 19.985
 *  M  exception row 108.00 marked TTC, VAT 20 %: 108 / 1.2                         → 90.00
 *     with a 5.5 % default VAT: 108 / 1.055 = 102.3696…                           → 102.37
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
import { packagingKey } from './compiled';
import { combine } from './combine';
import { pickAt } from './dated';
import { Fixed, compare, formatFixed, multiply, toFixed } from './fixed';
import { grossPrice } from './gross';
import { roundFixed } from './rounding';
import type { PriceQuery, PriceResult, PriceRule } from './types';

export type PriceLookupProblem = 'unknown-customer' | 'unknown-article' | 'unknown-packaging';

/** The query names something the index does not hold. */
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
    if (view !== undefined) return viewPrice(index, customer, article.familyCode, view, day);
  }
  return generalPrice(index, customer, article, query, day, customerRow, unitsPerPackage);
}

/** E's exception row for the article on the day (the member's own first with 'member-first'). */
function exceptionRowOf(
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
  let base: GrossPrice;
  let baseRow: ArticleRow | undefined;
  if (customerRow !== undefined && customerRow.gross !== null) {
    base = customerRow.gross;
    baseRow = customerRow;
  } else if (categoryRow !== undefined && categoryRow.gross !== null) {
    base = categoryRow.gross;
    baseRow = categoryRow;
  } else {
    base = article.base;
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
