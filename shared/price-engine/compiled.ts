import type { Dated } from './dated';
import { Fixed } from './fixed';
import type {
  AppliedDiscount,
  DiscountSource,
  PriceRule,
  PricingIssue,
  PricingOptions,
} from './types';

/**
 * The precompiled price index: everything that does not depend on the quantity or the day is
 * resolved once (centrals, gross prices rounded, discount factors), so one evaluation is a few
 * map lookups and a couple of exact multiplications.
 */

/** A gross price, already rounded to the unit-price decimals (a Fixed itself: one hop less). */
export class GrossPrice extends Fixed {
  constructor(
    value: Fixed,
    readonly text: string,
    readonly rule: PriceRule,
  ) {
    super(value.units, value.big, value.scale);
  }
}

/** One step of a discount: a factor (1 − rate/100) or an amount per unit. */
export interface DiscountStep {
  readonly factor: Fixed | null;
  readonly amount: Fixed | null;
}

/** A discount source (one row, or one range of a grid) ready to apply. */
export interface CompiledDiscount {
  readonly source: DiscountSource;
  /** Applied in this order (cascade within one row: docs/sage-tables.md, Discount types). */
  readonly steps: readonly DiscountStep[];
  /** What the derivation shows (frozen, shared by every result that uses this source). */
  readonly applied: readonly AppliedDiscount[];
  /** Rate (%) equivalent to the percentage steps in cascade: 100 × (1 − Π factors). */
  readonly percentEquivalent: Fixed;
  /** Sum of the amount steps (per unit). */
  readonly amountTotal: Fixed;
  readonly hasAmounts: boolean;
  /**
   * Inline copy of the factor when the source is one percentage whose factor fits the number
   * path (the common case: the hot path multiplies without following `steps`), else -1.
   */
  readonly factorUnits: number;
  readonly factorScale: number;
  /** percentEquivalent as a double: orders sources quickly (equal ranks are compared exactly). */
  readonly rank: number;
}

export interface CompiledRange {
  readonly upperBound: Fixed;
  readonly from: string;
  readonly to: string;
  /** Unrounded net price of the range (TQ_PrixNet), or null when the range gives discounts. */
  readonly netPrice: Fixed | null;
  /** Discounts of the range; null for a range at 0 % (a range that says "no discount"). */
  readonly discount: CompiledDiscount | null;
}

export interface CompiledGrid {
  /** AC_QteMont = 2: the bounds are line amounts (quantity × gross), not quantities. */
  readonly byAmount: boolean;
  /** Ascending upper bounds. */
  readonly ranges: readonly CompiledRange[];
}

/** One version of an F_ARTCLIENT row. */
export interface ArticleRow {
  /** Null when the row has neither a price nor a coefficient (falls through to the next level). */
  readonly gross: GrossPrice | null;
  /**
   * A tax-inclusive price (AC_PrixTTC) brought back to excl. tax with the VAT of the customer's
   * accounting category, for the categories whose rate differs from the one `gross` used; null
   * when the row's gross does not depend on the customer's VAT.
   */
  readonly vatGross: ReadonlyMap<number, GrossPrice> | null;
  readonly discount: CompiledDiscount | null;
  readonly excludedFromDiscounts: boolean;
  readonly gridKind: number;
  /** Attached when the row declares a grid (gridKind ≠ 0) and ranges exist for its target. */
  readonly grid: CompiledGrid | null;
}

export interface FamilyCategoryRow {
  readonly discount: CompiledDiscount | null;
  readonly excludedFromDiscounts: boolean;
}

/** The conditions of one account (a customer, or a central for all its members). */
export interface CompiledParty {
  readonly account: string;
  readonly category: number;
  readonly customerDiscount: CompiledDiscount | null;
  readonly familyDiscounts: Map<string, Dated<CompiledDiscount | null>>;
  /** Exception rows by article reference. */
  readonly exceptions: Map<string, Dated<ArticleRow>>;
  /** Package prices by `packagingKey(article, packagingNo)`. */
  readonly packagingPrices: Map<string, Dated<GrossPrice>>;
  /** exceptions.size > 0 and familyDiscounts.size > 0, kept inline: most accounts have none. */
  readonly hasExceptions: boolean;
  readonly hasFamilyDiscounts: boolean;
}

/**
 * A customer: the party whose conditions apply (the central's for a member, else its own —
 * copied in, so an evaluation follows one pointer less), and who asked.
 */
export interface CompiledCustomer extends CompiledParty {
  readonly customerAccount: string;
  /** The member's own conditions, consulted first ('member-first' only), else null. */
  readonly own: CompiledParty | null;
  readonly viaCentral: boolean;
  /** The account itself is asleep (CT_Sommeil): Sage sells it nothing, the engine prices nothing. */
  readonly sleeping: boolean;
  /**
   * The account's own accounting category (N_CatCompta; 0 when unknown): its VAT brings
   * tax-inclusive prices back to excl. tax. A member's own, not its central's: the documents
   * are in the member's name.
   */
  readonly accountingCategory: number;
}

/**
 * What an article costs in one price category for an account without an exception row for it,
 * precomputed when the category and family rows are always valid and declare no grid (the
 * common case). It is the gross price itself (a GrossPrice) with the discounts inline, so such
 * an evaluation follows one pointer instead of six. Anything else goes the general way.
 */
export class CategoryView extends GrossPrice {
  constructor(
    gross: GrossPrice,
    /** The category row gave the gross and is "hors remise". */
    readonly rowExcluded: boolean,
    readonly articleCategory: CompiledDiscount | null,
    readonly familyCategory: CompiledDiscount | null,
    readonly familyExcluded: boolean,
  ) {
    super(gross, gross.text, gross.rule);
  }
}

export interface CompiledArticle {
  readonly reference: string;
  readonly familyCode: string;
  readonly base: GrossPrice;
  /** `base` for the accounting categories whose VAT changes it (a tax-inclusive AR_PrixVen). */
  readonly baseByVat: ReadonlyMap<number, GrossPrice> | null;
  /** A scheduled base price (AR_PrixVenNouv) replacing `base` from day `from`, or null. */
  readonly scheduledBase: ScheduledBase | null;
  /**
   * The accounting categories whose VAT changes a price of the article's own or category rows
   * (tax-inclusive): their customers take the general path, not `views`; null for none.
   */
  readonly vatCategories: ReadonlySet<number> | null;
  /** Category rows indexed by category number. */
  readonly categoryRows: (Dated<ArticleRow> | undefined)[];
  /** Family conditions indexed by category number (shared by the family's articles). */
  readonly familyCategory: (Dated<FamilyCategoryRow> | undefined)[];
  /** Precomputed views by category number, where the rows allow one (see CategoryView). */
  readonly views: (CategoryView | undefined)[];
  /** Sales units per package, by packaging number. */
  readonly packagings: Map<number, Fixed>;
  /** Category package prices by packaging number, then category number. */
  readonly categoryPackagingPrices: Map<number, (Dated<GrossPrice> | undefined)[]>;
}

export interface PriceIndex {
  readonly options: PricingOptions;
  readonly customers: Map<string, CompiledCustomer>;
  readonly articles: Map<string, CompiledArticle>;
  /** Sorted, so the same data gives the same list whatever its order. */
  readonly issues: readonly PricingIssue[];
}

export interface ScheduledBase {
  readonly from: string;
  readonly base: GrossPrice;
  readonly baseByVat: ReadonlyMap<number, GrossPrice> | null;
}

/**
 * The article's base price on `day` (the scheduled one once its day is reached) for a customer
 * of accounting category `vatCategory` (a tax-inclusive price depends on its VAT); without a
 * category, the article's own rate's.
 */
export function baseAt(article: CompiledArticle, day: string, vatCategory = 0): GrossPrice {
  const scheduled = article.scheduledBase;
  if (scheduled !== null && scheduled.from <= day) {
    return scheduled.baseByVat?.get(vatCategory) ?? scheduled.base;
  }
  return article.baseByVat?.get(vatCategory) ?? article.base;
}

/** The gross of a row for a customer of accounting category `vatCategory`. */
export function rowGross(row: ArticleRow, vatCategory: number): GrossPrice | null {
  return row.vatGross === null ? row.gross : (row.vatGross.get(vatCategory) ?? row.gross);
}

export function packagingKey(articleReference: string, packagingNo: number): string {
  return `${articleReference}\u0000${packagingNo}`;
}
