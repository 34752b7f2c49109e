import type { CompiledDiscount, PriceIndex } from './compiled';
import { formatFixed } from './fixed';
import { categoryViewAt } from './price-index';

/** Which discounts a category's price admits (Sage "hors remise" flags, engine steps 5–6). */
export const categoryRuleDiscounts = ['all', 'article-only', 'no-customer'] as const;
export type CategoryRuleDiscounts = (typeof categoryRuleDiscounts)[number];

/**
 * What an article costs in one price category before any customer condition, as a rule another
 * system can apply (the shop's pricing plugin): the gross price and the category's own discounts,
 * each as one percentage. With the customer's family and global discounts added in the engine's
 * priority order and combined with its strategy, it gives the engine's price for every customer
 * of the category without an exception row for the article.
 */
export interface CategoryPriceRule {
  /** Gross price excl. tax, rounded to the unit-price decimals (normalised decimal string). */
  gross: string;
  /** Article-category discount (R_ak) as one rate in %, exact; null = none. */
  articleDiscount: string | null;
  /** Family-category discount (R_fk) as one rate in %, exact; null = none. */
  familyDiscount: string | null;
  /**
   * 'article-only': the category row gave the gross and is "hors remise", only R_ak remains;
   * 'no-customer': the family's category row is "hors remise", R_fc and R_c are dropped.
   */
  discounts: CategoryRuleDiscounts;
}

/**
 * The rule of `reference` in `category`, or null where no rule describes it: an unknown article,
 * a quantity grid (the engine's general path), or a discount given as an amount per unit (not a
 * rate). Rows with validity windows (scheduled prices among them) have a rule on a given `day`
 * only: the one in force that day, which the shop holds until the next projection.
 */
export function categoryPriceRule(
  index: PriceIndex,
  reference: string,
  category: number,
  day?: string,
): CategoryPriceRule | null {
  const article = index.articles.get(reference);
  if (article === undefined) return null;
  const view =
    article.views[category] ??
    (day === undefined ? undefined : categoryViewAt(article, category, day));
  if (view === undefined) return null;
  const rate = (discount: CompiledDiscount | null) =>
    discount === null ? null : formatFixed(discount.percentEquivalent);
  if (view.articleCategory?.hasAmounts || view.familyCategory?.hasAmounts) return null;
  return {
    gross: view.text,
    articleDiscount: rate(view.articleCategory),
    familyDiscount: rate(view.familyCategory),
    discounts: view.rowExcluded ? 'article-only' : view.familyExcluded ? 'no-customer' : 'all',
  };
}
