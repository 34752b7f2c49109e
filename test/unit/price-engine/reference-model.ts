import Big from 'big.js';
import type {
  AppliedDiscount,
  DiscountSource,
  PriceRule,
  PricingArticlePrice,
  PricingData,
  PricingOptions,
} from '../../../shared/price-engine';

/**
 * A deliberately plain model of the documented precedence (docs/price-rules.md, Precedence,
 * steps 1, 2, 5–8), written with big.js and array searches, for rows without grids, windows or
 * packagings and without duplicate keys. The property tests check the engine (scaled integers,
 * precompiled index) against it on random companies.
 */
export interface ModelPrice {
  netPrice: string;
  grossPrice: string;
  rule: PriceRule;
  appliedDiscounts: AppliedDiscount[];
  effectiveCustomer: string;
}

const BIG_MODE = { down: 0, 'half-up': 1, 'half-even': 2, up: 3 } as const;

export function modelPrice(
  data: PricingData,
  customerAccount: string,
  articleReference: string,
  options: PricingOptions,
): ModelPrice {
  const round = (value: Big) =>
    (value.lt(0) ? new Big(0) : value).round(options.unitPriceDecimals, BIG_MODE[options.rounding]);
  const self = data.customers.find((c) => c.account === customerAccount);
  const article = data.articles.find((a) => a.reference === articleReference);
  if (!self || !article) throw new Error('unknown customer or article');
  const central = data.customers.find(
    (c) => self.centralAccount !== '' && c.account === self.centralAccount,
  );
  const effective = central ?? self;
  const category = effective.priceCategory;
  const customerRow = data.articlePrices.find(
    (r) =>
      r.category === 0 &&
      r.customerAccount === effective.account &&
      r.articleReference === articleReference,
  );
  const categoryRow = data.articlePrices.find(
    (r) => r.category === category && r.articleReference === articleReference,
  );
  const levelOf = (row: { price: string; coefficient: string }) =>
    new Big(row.price).gt(0)
      ? new Big(row.price)
      : new Big(row.coefficient).gt(0)
        ? new Big(article.purchasePrice).times(row.coefficient)
        : null;

  let gross: Big;
  let rule: PriceRule;
  let baseRow: PricingArticlePrice | undefined;
  const customerLevel = customerRow && levelOf(customerRow);
  const categoryLevel = categoryRow && levelOf(categoryRow);
  if (customerLevel) {
    [gross, rule, baseRow] = [
      customerLevel,
      new Big(customerRow.price).gt(0) ? 'customer-price' : 'customer-coefficient',
      customerRow,
    ];
  } else if (categoryLevel) {
    [gross, rule, baseRow] = [
      categoryLevel,
      new Big(categoryRow.price).gt(0) ? 'category-price' : 'category-coefficient',
      categoryRow,
    ];
  } else {
    const articleLevel = levelOf({ price: article.salePrice, coefficient: article.coefficient });
    [gross, rule] = [
      articleLevel ?? new Big(0),
      articleLevel && new Big(article.salePrice).lte(0) ? 'article-coefficient' : 'article-base',
    ];
  }
  gross = round(gross);

  const familyRow = data.familyCategoryPrices.find(
    (r) => r.familyCode === article.familyCode && r.category === category,
  );
  const familyCustomerRow = data.familyCustomerDiscounts.find(
    (r) => r.familyCode === article.familyCode && r.customerAccount === effective.account,
  );
  const all: [DiscountSource, string | undefined][] = [
    ['article-customer', customerRow?.discountRate],
    ['article-category', categoryRow?.discountRate],
    ['family-customer', familyCustomerRow?.discountRate],
    ['family-category', familyRow?.discountRate],
    ['customer', effective.discountRate],
  ];
  let allowed: DiscountSource[] = all.map(([source]) => source);
  if (baseRow?.excludedFromDiscounts) {
    allowed = [baseRow === customerRow ? 'article-customer' : 'article-category'];
  } else if (familyRow?.excludedFromDiscounts) {
    allowed = ['article-customer', 'article-category', 'family-category'];
  }
  const clamp = (rate: Big) => (rate.lt(0) ? new Big(0) : rate.gt(100) ? new Big(100) : rate);
  const candidates = all
    .filter(([source, rate]) => allowed.includes(source) && rate !== undefined)
    .map(([source, rate]) => ({ source, rate: clamp(new Big(rate as string)) }))
    .filter((c) => c.rate.gt(0));

  const factor = (rate: Big) => new Big(100).minus(rate).div(100);
  let chosen = candidates;
  let net = gross;
  if (candidates.length > 0) {
    switch (options.strategy) {
      case 'priority':
        chosen = [candidates[0]];
        break;
      case 'highest':
        chosen = [candidates.reduce((best, c) => (c.rate.gt(best.rate) ? c : best))];
        break;
      default:
        break;
    }
    if (options.strategy === 'cumulative') {
      const total = candidates.reduce((sum, c) => sum.plus(c.rate), new Big(0));
      net = gross.times(factor(total.gt(100) ? new Big(100) : total));
    } else {
      net = chosen.reduce((price, c) => price.times(factor(c.rate)), gross);
    }
  }
  return {
    netPrice: round(net).toFixed(),
    grossPrice: gross.toFixed(),
    rule,
    appliedDiscounts: chosen.map((c) => ({ source: c.source, rate: c.rate.toFixed() })),
    effectiveCustomer: effective.account,
  };
}
