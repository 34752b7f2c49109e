import assert from 'node:assert/strict';
import {
  buildPriceIndex,
  categoryPriceRule,
  pricingDataFromSage,
  type PricingData,
} from '../../../shared/price-engine';
import type { Article, ArticlePrice } from '../../../shared/sage/types';
import { categoryRow, chaise, company, customer, exceptionRow, netOf, priceOf } from './builders';

/**
 * Sage's scheduled prices (docs/price-rules.md, "Scheduled prices"): a new value with its day of
 * application replaces the current one from that day, inclusive. Each case is priced the day
 * before, the day of and the day after.
 */
const BEFORE = '2026-11-30';
const ON = '2026-12-01';
const AFTER = '2026-12-02';

describe('scheduled prices in the engine', () => {
  it('an article base price (AR_PrixVenNouv) applies from its day', () => {
    const data = company({
      articles: [chaise({ scheduledPrice: { from: ON, salePrice: '110' } })],
      customers: [customer('CLI001', 1)],
    });
    const at = (date: string) => priceOf(data, { customer: 'CLI001', date });
    assert.equal(at(BEFORE).netPrice, '100');
    assert.equal(at(ON).netPrice, '110');
    assert.equal(at(AFTER).netPrice, '110');
    assert.equal(at(ON).rule, 'article-base');
    // A timestamp of the day counts as the day.
    assert.equal(netOf(data, { customer: 'CLI001', date: `${ON}T00:00:00.000` }), '110');
  });

  it('the scheduled base price keeps the tax flag of the article', () => {
    const data = company({
      articles: [
        chaise({
          salePrice: '120',
          salePriceIncludesTax: true,
          scheduledPrice: { from: ON, salePrice: '132' },
        }),
      ],
      customers: [customer('CLI001', 1)],
    });
    assert.equal(netOf(data, { customer: 'CLI001', date: BEFORE }), '100');
    assert.equal(netOf(data, { customer: 'CLI001', date: ON }), '110');
  });

  it('a category row: new price, coefficient and discount together from the day', () => {
    const data = company({
      customers: [customer('CLI001', 2)],
      articlePrices: [
        categoryRow(2, '90', {
          discountRate: '5',
          scheduled: { from: ON, price: '80', coefficient: '0', discountRate: '10' },
        }),
      ],
    });
    assert.equal(netOf(data, { customer: 'CLI001', date: BEFORE }), '85.5');
    assert.equal(netOf(data, { customer: 'CLI001', date: ON }), '72');
    assert.equal(netOf(data, { customer: 'CLI001', date: AFTER }), '72');
  });

  it('a scheduled price of 0 with a coefficient prices on the purchase price from the day', () => {
    const data = company({
      customers: [customer('CLI001', 2)],
      articlePrices: [
        categoryRow(2, '90', {
          scheduled: { from: ON, price: '0', coefficient: '2', discountRate: '0' },
        }),
      ],
    });
    assert.equal(netOf(data, { customer: 'CLI001', date: BEFORE }), '90');
    assert.equal(priceOf(data, { customer: 'CLI001', date: ON }).rule, 'category-coefficient');
    assert.equal(netOf(data, { customer: 'CLI001', date: ON }), '80');
  });

  it("a customer's exception row, and its central's members priced on it", () => {
    const data = company({
      customers: [customer('CENT01', 3), customer('MAG12', 1, '0', 'CENT01')],
      articlePrices: [
        exceptionRow('CENT01', '88', {
          scheduled: { from: ON, price: '84', coefficient: '0', discountRate: '0' },
        }),
      ],
    });
    for (const who of ['CENT01', 'MAG12']) {
      assert.equal(netOf(data, { customer: who, date: BEFORE }), '88', who);
      assert.equal(netOf(data, { customer: who, date: ON }), '84', who);
      assert.equal(netOf(data, { customer: who, date: AFTER }), '84', who);
    }
  });

  it("the shop's category rule is the one in force on the day asked", () => {
    const data = company({
      articles: [chaise({ scheduledPrice: { from: ON, salePrice: '120' } })],
      customers: [customer('CLI001', 1), customer('CLI002', 2)],
      articlePrices: [
        categoryRow(2, '90', {
          scheduled: { from: ON, price: '95', coefficient: '0', discountRate: '3' },
        }),
      ],
    });
    const index = buildPriceIndex(data);
    const rule = (category: number, day: string) =>
      categoryPriceRule(index, 'CHAISE01', category, day);
    assert.equal(rule(1, BEFORE)?.gross, '100');
    assert.equal(rule(1, ON)?.gross, '120');
    assert.deepEqual(rule(2, BEFORE), {
      gross: '90',
      articleDiscount: null,
      familyDiscount: null,
      discounts: 'all',
    });
    assert.deepEqual(rule(2, ON), {
      gross: '95',
      articleDiscount: '3',
      familyDiscount: null,
      discounts: 'all',
    });
    // Without a day, rows that change over time have no single rule.
    assert.equal(categoryPriceRule(index, 'CHAISE01', 2), null);
  });

  it('Sage rows carry their schedule into the engine (from-sage)', () => {
    const article: Article = {
      rowId: 1,
      modifiedAt: '',
      reference: 'CHAISE01',
      designation: 'Chaise',
      familyCode: 'MOBILIER',
      familyKnown: true,
      salePrice: '100',
      salePriceIncludesTax: false,
      purchasePrice: '40',
      coefficient: '2.5',
      barcode: '',
      sleeping: false,
      published: true,
      packagingType: 0,
      packagings: [],
      masterReference: '',
      attributes: [],
      scheduledPrice: { day: ON, salePrice: '105' },
    };
    const row: ArticlePrice = {
      rowId: 2,
      modifiedAt: '',
      articleReference: 'CHAISE01',
      category: 2,
      customerAccount: '',
      price: '90',
      coefficient: '0',
      priceIncludesTax: false,
      discountRate: '0',
      excludedFromDiscounts: false,
      gridKind: 0,
      scheduled: { day: ON, price: '85', coefficient: '0', discountRate: '0' },
    };
    const data: PricingData = pricingDataFromSage({
      articles: [article, { ...article, reference: 'TABLE01', scheduledPrice: null }],
      customers: [],
      articlePrices: [row],
      familyCategoryPrices: [],
      familyCustomerDiscounts: [],
      quantityRanges: [],
      packagingPrices: [],
    });
    assert.deepEqual(data.articles[0].scheduledPrice, { from: ON, salePrice: '105' });
    assert.equal('scheduledPrice' in data.articles[1], false);
    assert.deepEqual(data.articlePrices[0].scheduled, {
      from: ON,
      price: '85',
      coefficient: '0',
      discountRate: '0',
    });
  });

  it('a bad scheduled number is reported and the current value stays', () => {
    const data = company({
      articles: [chaise({ scheduledPrice: { from: ON, salePrice: 'abc' } })],
      customers: [customer('CLI001', 1)],
    });
    const index = buildPriceIndex(data);
    assert.ok(index.issues.some((i) => i.kind === 'invalid-number'));
    assert.equal(netOf(data, { customer: 'CLI001', date: AFTER }), '100');
  });
});
