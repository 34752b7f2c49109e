import type { RoundingMode } from './rounding';

/**
 * Plain inputs of the pricing engine (no Sage column names, no I/O). Money, rates and
 * quantities are decimal strings ("12.5"); dates are ISO days ("2026-03-31"). `from-sage.ts`
 * maps the Sage domain types onto these.
 */
export type DecimalString = string;
/** "YYYY-MM-DD" (a longer ISO timestamp is accepted where a date is asked: its day is used). */
export type IsoDay = string;

/** Optional validity window of a price row, both days inclusive; absent = always valid. */
export interface Validity {
  validFrom?: IsoDay;
  validTo?: IsoDay;
}

export interface PricingArticle {
  reference: string;
  familyCode: string;
  /** AR_PrixVen: base sales price. */
  salePrice: DecimalString;
  /** AR_PrixTTC: the base price includes tax. */
  salePriceIncludesTax?: boolean;
  /** AR_PrixAch and AR_Coef: base price = purchase × coefficient when the sales price is 0. */
  purchasePrice: DecimalString;
  coefficient: DecimalString;
  /**
   * VAT rate (%) used to bring a tax-inclusive price of this article back to excl. tax for a
   * customer whose accounting category is not in `vatRates` (default `defaultVatRate`).
   */
  vatRate?: DecimalString;
  /**
   * The article's VAT rate (%) by accounting category (N_CatCompta → F_ARTCOMPTA, else the
   * family's F_FAMCOMPTA → F_TAXE, shared/sage/vat.ts): a tax-inclusive price is brought back to
   * excl. tax with the rate of the customer's category (docs/price-rules.md, "2. Gross price").
   */
  vatRates?: Readonly<Record<string, DecimalString>>;
  /** F_CONDITION: packagings of the article (sales units per package). */
  packagings?: { packagingNo: number; quantity: DecimalString }[];
  /** AR_PrixVenNouv: the sales price from day `from` on (the purchase price and tax flag stay). */
  scheduledPrice?: { from: IsoDay; salePrice: DecimalString };
}

export interface PricingCustomer {
  account: string;
  /** N_CatTarif (1-based). */
  priceCategory: number;
  /** CT_NumCentrale, '' when the customer buys on its own conditions. */
  centralAccount: string;
  /** CT_Taux01: the customer's global discount (%). */
  discountRate: DecimalString;
  /** CT_Sommeil = 1: Sage sells nothing to the account, so it gets no price (`customer-asleep`). */
  sleeping?: boolean;
  /** N_CatCompta: picks the article's VAT rate for tax-inclusive prices (`vatRates`). */
  accountingCategory?: number;
}

/** F_ARTCLIENT: a category row (category > 0, customerAccount '') or a customer exception row. */
export interface PricingArticlePrice extends Validity {
  articleReference: string;
  category: number;
  customerAccount: string;
  /** AC_PrixVen; 0 = no price on this row (the coefficient, then the next level, is used). */
  price: DecimalString;
  /** AC_Coef: price = purchase price × coefficient when the price is 0. */
  coefficient: DecimalString;
  priceIncludesTax?: boolean;
  /** AC_Remise (%). */
  discountRate: DecimalString;
  /** AC_TypeRem = 1, "hors remise". */
  excludedFromDiscounts: boolean;
  /** AC_QteMont: 0 = no quantity grid; 2 = the grid's bounds are amounts; else quantities. */
  gridKind: number;
  /** cbMarq: only used to pick one of two conflicting rows the same way whatever their order. */
  rowId?: number;
  /**
   * AC_PrixVenNouv, AC_CoefNouv, AC_RemiseNouv: from day `from` on they replace price,
   * coefficient and discount together (flags and grid stay); the row's own values apply before.
   */
  scheduled?: ScheduledRowValues;
}

export interface ScheduledRowValues {
  from: IsoDay;
  price: DecimalString;
  coefficient: DecimalString;
  discountRate: DecimalString;
}

/** F_FAMTARIF: the discount of a family for a price category. */
export interface PricingFamilyCategory extends Validity {
  familyCode: string;
  category: number;
  discountRate: DecimalString;
  /** FT_TypeRem = 1: customer and family-customer discounts do not apply to the family. */
  excludedFromDiscounts: boolean;
}

/** F_FAMCLIENT: the discount of a family for a customer (or a central). */
export interface PricingFamilyCustomer extends Validity {
  familyCode: string;
  customerAccount: string;
  discountRate: DecimalString;
}

/** A discount of a quantity range: REM_Type 1 = %, 0 = amount per unit, 2 = free units. */
export interface PricingRangeDiscount {
  value: DecimalString;
  type: number;
}

/** F_TARIFQTE: one range of the grid of an article for a category or a customer. */
export interface PricingQuantityRange extends Validity {
  articleReference: string;
  /** Grid of a category (1…32) or of a customer account: exactly one is set. */
  category?: number;
  customerAccount?: string;
  /** TQ_BorneSup: inclusive upper bound of the range. */
  upperBound: DecimalString;
  /** Up to three discounts, applied in cascade within the range. */
  discounts: PricingRangeDiscount[];
  /** TQ_PrixNet; non-zero = a net price that replaces price and discounts. */
  netPrice: DecimalString;
}

/** F_TARIFCOND: price of a whole package for a category or a customer. */
export interface PricingPackagingPrice extends Validity {
  articleReference: string;
  packagingNo: number;
  category?: number;
  customerAccount?: string;
  price: DecimalString;
}

export interface PricingData {
  articles: PricingArticle[];
  customers: PricingCustomer[];
  articlePrices: PricingArticlePrice[];
  familyCategoryPrices: PricingFamilyCategory[];
  familyCustomerDiscounts: PricingFamilyCustomer[];
  quantityRanges: PricingQuantityRange[];
  packagingPrices: PricingPackagingPrice[];
}

/** How several applicable discounts make one (docs/price-rules.md, "7. Combination"). */
export const combinationStrategies = ['highest', 'priority', 'cumulative', 'cascade'] as const;
export type CombinationStrategy = (typeof combinationStrategies)[number];

export interface PricingOptions {
  strategy: CombinationStrategy;
  /** Decimals of unit prices (Sage's company setting), 0…6. */
  unitPriceDecimals: number;
  rounding: RoundingMode;
  /**
   * 'central-only': a member of a central is priced entirely on the central's conditions
   * (docs/price-rules.md, "1. Effective customer"). 'member-first': the member's own exception
   * rows (F_ARTCLIENT, their grids, F_TARIFCOND) are looked at before the central's
   * (unverified).
   */
  memberExceptionPrices: 'central-only' | 'member-first';
  /** VAT rate (%) for tax-inclusive prices of articles that do not give their own. */
  defaultVatRate: DecimalString;
}

export interface PriceQuery {
  customer: string;
  article: string;
  /** In sales units, or in packages when `packagingNo` is given. */
  quantity: DecimalString | number;
  date: IsoDay;
  /** F_CONDITION.CO_No: price one package of the article instead of one sales unit. */
  packagingNo?: number;
}

/** Where the gross price came from, most specific first (docs/price-rules.md, "2. Gross price"). */
export type PriceRule =
  | 'customer-price'
  | 'customer-coefficient'
  | 'category-price'
  | 'category-coefficient'
  | 'article-base'
  | 'article-coefficient'
  | 'customer-packaging-price'
  | 'category-packaging-price'
  | 'customer-net-price'
  | 'category-net-price';

/** Discount sources in priority order (docs/price-rules.md, "5. Candidate discounts"). */
export type DiscountSource =
  | 'article-customer'
  | 'article-customer-grid'
  | 'article-category'
  | 'article-category-grid'
  | 'family-customer'
  | 'family-category'
  | 'customer';

export type AppliedDiscount =
  | { source: DiscountSource; rate: DecimalString }
  | { source: DiscountSource; amount: DecimalString };

/** The price and how it was derived: small, JSON-serialisable, shared parts frozen. */
export interface PriceResult {
  /** Net unit price excl. tax (per package when a packaging was asked), rounded. */
  netPrice: DecimalString;
  /** Gross price before discounts, rounded (what Sage writes in DL_PrixUnitaire). */
  grossPrice: DecimalString;
  rule: PriceRule;
  appliedDiscounts: readonly AppliedDiscount[];
  /** Account whose conditions were used: the central of a member, else the customer. */
  effectiveCustomer: string;
  viaCentral: boolean;
  category: number;
  strategy: CombinationStrategy;
  /** Which "hors remise" flag removed other discounts, if any. */
  discountsBlockedBy: 'article-price' | 'family-category' | null;
  packagingNo: number | null;
}

export type PricingIssueKind =
  | 'duplicate-row'
  | 'unknown-central'
  | 'unknown-article'
  | 'unknown-customer'
  | 'discount-out-of-range'
  | 'unsupported-discount-type'
  | 'invalid-number'
  | 'row-without-target';

/** Bad data met while building the index: reported, never fatal, resolved deterministically. */
export interface PricingIssue {
  kind: PricingIssueKind;
  key: string;
  detail?: string;
}
