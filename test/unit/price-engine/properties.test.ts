import assert from 'node:assert/strict';
import Big from 'big.js';
import fc from 'fast-check';
import {
  DEFAULT_PRICING_OPTIONS,
  buildPriceIndex,
  combinationStrategies,
  evaluatePrice,
  roundingModes,
  type PriceResult,
  type PricingData,
  type PricingOptions,
} from '../../../shared/price-engine';
import {
  CENTRALS,
  FAMILIES,
  MEMBERS,
  companyArbitrary,
  largeCompanyArbitrary,
} from './company-arbitrary';
import { DAY, enginePrice } from './builders';
import { modelPrice } from './reference-model';

const ACCOUNTS = [...CENTRALS, ...MEMBERS];

const optionsArbitrary: fc.Arbitrary<PricingOptions> = fc.record({
  strategy: fc.constantFrom(...combinationStrategies),
  unitPriceDecimals: fc.integer({ min: 0, max: 4 }),
  rounding: fc.constantFrom(...roundingModes),
  memberExceptionPrices: fc.constant('central-only' as const),
  defaultVatRate: fc.constant('20'),
});

/** Every (customer, article) price of a company, by account then reference. */
function allPrices(data: PricingData, options: Partial<PricingOptions>): PriceResult[] {
  const index = buildPriceIndex(data, options);
  const accounts = data.customers.map((c) => c.account).sort();
  const references = data.articles.map((a) => a.reference).sort();
  return accounts.flatMap((customer) =>
    references.map((article) => enginePrice(index, customer, article)),
  );
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('pricing engine properties (fast-check)', () => {
  const scales = [
    ['usual prices and rates', companyArbitrary],
    ['huge prices and six-decimal rates (BigInt path)', largeCompanyArbitrary],
  ] as const;
  for (const [scale, companies] of scales) {
    it(`prices exactly like the plain big.js model of the documented precedence: ${scale}`, () => {
      fc.assert(
        fc.property(companies, optionsArbitrary, (data, options) => {
          const index = buildPriceIndex(data, options);
          for (const customer of data.customers) {
            for (const article of data.articles) {
              const result = enginePrice(index, customer.account, article.reference);
              const expected = modelPrice(data, customer.account, article.reference, options);
              assert.deepEqual(
                {
                  netPrice: result.netPrice,
                  grossPrice: result.grossPrice,
                  rule: result.rule,
                  appliedDiscounts: result.appliedDiscounts,
                  effectiveCustomer: result.effectiveCustomer,
                },
                expected,
              );
            }
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it("a member of a central gets the central's price", () => {
    fc.assert(
      fc.property(companyArbitrary, optionsArbitrary, (data, options) => {
        const index = buildPriceIndex(data, options);
        for (const member of data.customers.filter((c) => c.centralAccount !== '')) {
          for (const article of data.articles) {
            const query = { article: article.reference, quantity: 1, date: DAY };
            const asMember = evaluatePrice(index, { ...query, customer: member.account });
            const asCentral = evaluatePrice(index, { ...query, customer: member.centralAccount });
            assert.equal(asMember.viaCentral, true);
            assert.deepEqual({ ...asMember, viaCentral: false }, asCentral);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  /** One more discount somewhere: a raised customer rate, a new family row, a row discount. */
  const addedDiscount = fc.record({
    kind: fc.constantFrom('customer-rate', 'family-customer', 'family-category', 'row-discount'),
    account: fc.constantFrom(...ACCOUNTS),
    family: fc.constantFrom(...FAMILIES),
    category: fc.constantFrom(1, 2),
    rowIndex: fc.nat(),
    rate: fc.integer({ min: 1, max: 60 }).map(String),
  });

  type AddedDiscount = typeof addedDiscount extends fc.Arbitrary<infer T> ? T : never;

  function withDiscount(data: PricingData, added: AddedDiscount): PricingData {
    const raise = (rate: string) => new Big(rate).plus(added.rate).toFixed();
    switch (added.kind) {
      case 'customer-rate':
        return {
          ...data,
          customers: data.customers.map((c) =>
            c.account === added.account ? { ...c, discountRate: raise(c.discountRate) } : c,
          ),
        };
      case 'family-customer': {
        const existing = data.familyCustomerDiscounts.find(
          (r) => r.customerAccount === added.account && r.familyCode === added.family,
        );
        const others = data.familyCustomerDiscounts.filter((r) => r !== existing);
        const rate = existing ? raise(existing.discountRate) : added.rate;
        return {
          ...data,
          familyCustomerDiscounts: [
            ...others,
            { familyCode: added.family, customerAccount: added.account, discountRate: rate },
          ],
        };
      }
      case 'family-category': {
        const existing = data.familyCategoryPrices.find(
          (r) => r.category === added.category && r.familyCode === added.family,
        );
        const others = data.familyCategoryPrices.filter((r) => r !== existing);
        const row = existing
          ? { ...existing, discountRate: raise(existing.discountRate) }
          : {
              familyCode: added.family,
              category: added.category,
              discountRate: added.rate,
              excludedFromDiscounts: false,
            };
        return { ...data, familyCategoryPrices: [...others, row] };
      }
      case 'row-discount': {
        if (data.articlePrices.length === 0) return data;
        const target = added.rowIndex % data.articlePrices.length;
        return {
          ...data,
          articlePrices: data.articlePrices.map((r, i) =>
            i === target ? { ...r, discountRate: raise(r.discountRate) } : r,
          ),
        };
      }
    }
  }

  for (const strategy of ['highest', 'cumulative', 'cascade'] as const) {
    it(`adding a discount never raises a price (${strategy})`, () => {
      fc.assert(
        fc.property(companyArbitrary, addedDiscount, (data, added) => {
          const before = allPrices(data, { strategy });
          const after = allPrices(withDiscount(data, added), { strategy });
          before.forEach((price, i) => {
            assert.ok(
              new Big(after[i].netPrice).lte(price.netPrice),
              `${price.netPrice} became ${after[i].netPrice}`,
            );
          });
        }),
        { numRuns: 300 },
      );
    });
  }

  it('priority: raising a discount never raises a price; adding one ahead may (by design)', () => {
    fc.assert(
      fc.property(companyArbitrary, addedDiscount, (data, added) => {
        // Only raise rates that are already non-zero and in range: the first non-zero stays first.
        const raisable = (rate: string) => new Big(rate).gt(0) && new Big(rate).lte(100);
        const raised: PricingData = {
          ...data,
          customers: data.customers.map((c) =>
            c.account === added.account && raisable(c.discountRate)
              ? { ...c, discountRate: new Big(c.discountRate).plus(added.rate).toFixed() }
              : c,
          ),
        };
        const before = allPrices(data, { strategy: 'priority' });
        const after = allPrices(raised, { strategy: 'priority' });
        before.forEach((price, i) => assert.ok(new Big(after[i].netPrice).lte(price.netPrice)));
      }),
      { numRuns: 200 },
    );
    // A 2 % article discount takes precedence over a 10 % customer discount under 'priority'.
    const data: PricingData = {
      articles: [
        { reference: 'A', familyCode: 'F', salePrice: '100', purchasePrice: '0', coefficient: '0' },
      ],
      customers: [{ account: 'C', priceCategory: 1, centralAccount: '', discountRate: '10' }],
      articlePrices: [],
      familyCategoryPrices: [],
      familyCustomerDiscounts: [],
      quantityRanges: [],
      packagingPrices: [],
    };
    const withArticleDiscount: PricingData = {
      ...data,
      articlePrices: [
        {
          articleReference: 'A',
          category: 1,
          customerAccount: '',
          price: '0',
          coefficient: '0',
          discountRate: '2',
          excludedFromDiscounts: false,
          gridKind: 0,
        },
      ],
    };
    assert.equal(allPrices(data, { strategy: 'priority' })[0].netPrice, '90');
    assert.equal(allPrices(withArticleDiscount, { strategy: 'priority' })[0].netPrice, '98');
  });

  it('the result does not depend on the order of the rows in the data', () => {
    // Duplicated rows (same key, other values) make the order matter unless ties are stable.
    const withDuplicates = companyArbitrary.chain((data) =>
      fc
        .record({
          extraFamily: fc.option(fc.integer({ min: 1, max: 40 }).map(String)),
          extraException: fc.option(fc.integer({ min: 1, max: 500 }).map(String)),
        })
        .map(({ extraFamily, extraException }) => ({
          ...data,
          familyCustomerDiscounts: [
            ...data.familyCustomerDiscounts,
            ...(extraFamily === null
              ? []
              : [
                  {
                    familyCode: FAMILIES[0],
                    customerAccount: CENTRALS[0],
                    discountRate: extraFamily,
                  },
                ]),
          ],
          articlePrices: [
            ...data.articlePrices,
            ...(extraException === null
              ? []
              : [
                  {
                    articleReference: 'ART1',
                    category: 0,
                    customerAccount: MEMBERS[0],
                    price: extraException,
                    coefficient: '0',
                    discountRate: '0',
                    excludedFromDiscounts: false,
                    gridKind: 0,
                  },
                ]),
          ],
        })),
    );
    fc.assert(
      fc.property(withDuplicates, optionsArbitrary, fc.integer(), (data, options, seed) => {
        const reordered: PricingData = {
          articles: shuffled(data.articles, seed),
          customers: shuffled(data.customers, seed + 1),
          articlePrices: shuffled(data.articlePrices, seed + 2),
          familyCategoryPrices: shuffled(data.familyCategoryPrices, seed + 3),
          familyCustomerDiscounts: shuffled(data.familyCustomerDiscounts, seed + 4),
          quantityRanges: shuffled(data.quantityRanges, seed + 5),
          packagingPrices: shuffled(data.packagingPrices, seed + 6),
        };
        assert.deepEqual(allPrices(reordered, options), allPrices(data, options));
        assert.deepEqual(
          buildPriceIndex(reordered, options).issues,
          buildPriceIndex(data, options).issues,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the precomputed category views price like the general path', () => {
    // A window open since 1900 changes no price but makes every row go the general (dated) way.
    const dated = <T extends object>(rows: T[]) =>
      rows.map((row) => ({ ...row, validFrom: '1900-01-01' }));
    fc.assert(
      fc.property(companyArbitrary, optionsArbitrary, (data, options) => {
        const general: PricingData = {
          ...data,
          articlePrices: dated(data.articlePrices),
          familyCategoryPrices: dated(data.familyCategoryPrices),
        };
        assert.deepEqual(allPrices(general, options), allPrices(data, options));
      }),
      { numRuns: 300 },
    );
  });

  it('a price is never negative, whatever the rates and amounts', () => {
    // Category grids whose ranges take amounts per unit, up to far more than any price.
    const withAmountGrids = fc
      .tuple(
        companyArbitrary,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
      )
      .map(([data, amount, rate]): PricingData => ({
        ...data,
        articlePrices: data.articlePrices.map((row) =>
          row.category > 0 ? { ...row, gridKind: 1 } : row,
        ),
        quantityRanges: data.articles.flatMap((article) =>
          [1, 2].map((category) => ({
            articleReference: article.reference,
            category,
            upperBound: '999999',
            discounts: [
              { value: String(rate), type: 1 },
              { value: (amount / 100).toFixed(2), type: 0 },
            ],
            netPrice: '0',
          })),
        ),
      }));
    fc.assert(
      fc.property(withAmountGrids, optionsArbitrary, (data, options) => {
        for (const price of allPrices(data, options)) {
          assert.ok(new Big(price.netPrice).gte(0), price.netPrice);
          assert.ok(new Big(price.netPrice).lte(price.grossPrice), 'discounts only lower a price');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the derivation names the rule and the discounts that made the price', () => {
    fc.assert(
      fc.property(companyArbitrary, (data) => {
        const index = buildPriceIndex(data, DEFAULT_PRICING_OPTIONS);
        for (const customer of data.customers) {
          for (const article of data.articles) {
            const result = enginePrice(index, customer.account, article.reference);
            const effective = result.effectiveCustomer;
            const exception = data.articlePrices.find(
              (r) =>
                r.category === 0 &&
                r.customerAccount === effective &&
                r.articleReference === article.reference,
            );
            const categoryRow = data.articlePrices.find(
              (r) => r.category === result.category && r.articleReference === article.reference,
            );
            // The named rule's row holds the gross price (rounded to 2 decimals).
            const grossOf = (price: string, coef: string, byCoef: boolean) =>
              (byCoef ? new Big(article.purchasePrice).times(coef) : new Big(price))
                .round(2, 1)
                .toFixed();
            switch (result.rule) {
              case 'customer-price':
              case 'customer-coefficient':
                assert.ok(exception);
                assert.equal(
                  result.grossPrice,
                  grossOf(
                    exception.price,
                    exception.coefficient,
                    result.rule === 'customer-coefficient',
                  ),
                );
                break;
              case 'category-price':
              case 'category-coefficient':
                assert.ok(categoryRow);
                assert.equal(
                  result.grossPrice,
                  grossOf(
                    categoryRow.price,
                    categoryRow.coefficient,
                    result.rule === 'category-coefficient',
                  ),
                );
                break;
              default:
                assert.equal(
                  result.grossPrice,
                  grossOf(
                    article.salePrice,
                    article.coefficient,
                    result.rule === 'article-coefficient',
                  ),
                );
            }
            // 'highest' applies at most one discount, and the net price follows from it.
            assert.ok(result.appliedDiscounts.length <= 1);
            const applied = result.appliedDiscounts[0];
            const rate = applied && 'rate' in applied ? applied.rate : '0';
            const expected = new Big(result.grossPrice)
              .times(new Big(100).minus(rate).div(100))
              .round(2, 1);
            assert.equal(result.netPrice, expected.toFixed());
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
