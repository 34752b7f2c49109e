import fc from 'fast-check';
import type {
  PricingArticle,
  PricingArticlePrice,
  PricingCustomer,
  PricingData,
  PricingFamilyCategory,
  PricingFamilyCustomer,
} from '../../../shared/price-engine';

/**
 * Random small companies for the property tests: 1–4 articles in 2 families, 2 categories,
 * customers (some members of one of two centrals), exception and category rows with prices or
 * coefficients, family rows, customer rates. Each key appears at most once (Sage's unique
 * indexes), so a plain reference model can price them; rates go beyond 0…100 % on purpose.
 */
export const FAMILIES = ['FAM1', 'FAM2'];
export const CATEGORIES = [1, 2];
export const CENTRALS = ['CENT1', 'CENT2'];
export const MEMBERS = ['CL1', 'CL2', 'CL3', 'CL4'];

function decimal(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const text = String(units).padStart(scale + 1, '0');
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

interface Values {
  money: fc.Arbitrary<string>;
  rate: fc.Arbitrary<string>;
}

const usual: Values = {
  money: fc
    .tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(0, 1, 2, 3, 6))
    .map(([units, scale]) => decimal(units, scale)),
  // Mostly 0, otherwise a rate with up to 3 decimals, sometimes out of range.
  rate: fc.oneof(
    { weight: 3, arbitrary: fc.constant('0') },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 25 }).map(String) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 99_999 }).map((n) => decimal(n, 3)) },
    { weight: 1, arbitrary: fc.constantFrom('-5', '100', '130') },
  ),
};

/** Up to a billion with six decimals and six-decimal rates: products leave the 2^53 path. */
const large: Values = {
  money: fc
    .tuple(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([integer, fraction]) => `${integer}.${String(fraction).padStart(6, '0')}`),
  rate: fc.oneof(
    fc.constant('0'),
    fc.integer({ min: 1, max: 100_000_000 }).map((n) => decimal(n, 6)),
  ),
};

/** True about one time in eight ("hors remise" is the exception). */
const rarely = fc.integer({ min: 0, max: 7 }).map((n) => n === 0);
const coefficient = fc.oneof(
  fc.constant('0'),
  fc.integer({ min: 100, max: 400 }).map((n) => decimal(n, 2)),
);

const article = (reference: string, v: Values): fc.Arbitrary<PricingArticle> =>
  fc.record({
    reference: fc.constant(reference),
    familyCode: fc.constantFrom(...FAMILIES),
    salePrice: fc.oneof(v.money, fc.constant('0')),
    purchasePrice: v.money,
    coefficient,
  });

const customer = (
  account: string,
  central: fc.Arbitrary<string>,
  v: Values,
): fc.Arbitrary<PricingCustomer> =>
  fc.record({
    account: fc.constant(account),
    priceCategory: fc.constantFrom(...CATEGORIES),
    centralAccount: central,
    discountRate: v.rate,
  });

const priceRow = (
  articleReference: string,
  category: number,
  customerAccount: string,
  v: Values,
): fc.Arbitrary<PricingArticlePrice> =>
  fc.record({
    articleReference: fc.constant(articleReference),
    category: fc.constant(category),
    customerAccount: fc.constant(customerAccount),
    price: fc.oneof(v.money, fc.constant('0')),
    coefficient,
    discountRate: v.rate,
    excludedFromDiscounts: rarely,
    gridKind: fc.constant(0),
  });

/** Keeps a random subset of the generated rows (each key once). */
const some = <T>(rows: fc.Arbitrary<T>[]): fc.Arbitrary<T[]> =>
  fc
    .tuple(...rows.map((row) => fc.option(row, { freq: 2 })))
    .map((list) => list.filter((row): row is T => row !== null));

const company = (v: Values): fc.Arbitrary<PricingData> =>
  fc.integer({ min: 1, max: 4 }).chain((articleCount) => {
    const references = Array.from({ length: articleCount }, (_, i) => `ART${i + 1}`);
    const accounts = [...CENTRALS, ...MEMBERS];
    return fc.record({
      articles: fc.tuple(...references.map((ref) => article(ref, v))),
      customers: fc.tuple(
        ...CENTRALS.map((account) => customer(account, fc.constant(''), v)),
        ...MEMBERS.map((account) => customer(account, fc.constantFrom('', ...CENTRALS), v)),
      ),
      articlePrices: some([
        ...references.flatMap((ref) =>
          CATEGORIES.map((category) => priceRow(ref, category, '', v)),
        ),
        ...references.flatMap((ref) => accounts.map((account) => priceRow(ref, 0, account, v))),
      ]),
      familyCategoryPrices: some(
        FAMILIES.flatMap((familyCode) =>
          CATEGORIES.map((category): fc.Arbitrary<PricingFamilyCategory> =>
            fc.record({
              familyCode: fc.constant(familyCode),
              category: fc.constant(category),
              discountRate: v.rate,
              excludedFromDiscounts: rarely,
            }),
          ),
        ),
      ),
      familyCustomerDiscounts: some(
        FAMILIES.flatMap((familyCode) =>
          accounts.map((customerAccount): fc.Arbitrary<PricingFamilyCustomer> =>
            fc.record({
              familyCode: fc.constant(familyCode),
              customerAccount: fc.constant(customerAccount),
              discountRate: v.rate,
            }),
          ),
        ),
      ),
      quantityRanges: fc.constant([]),
      packagingPrices: fc.constant([]),
    });
  });

/** Companies at the usual scale of prices and rates. */
export const companyArbitrary = company(usual);
/** Companies with huge prices and six-decimal rates: exercises the BigInt path. */
export const largeCompanyArbitrary = company(large);
