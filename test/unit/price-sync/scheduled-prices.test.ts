import assert from 'node:assert/strict';
import { pricingDay } from '../../../activities/price-sync/activities';
import { dayInTimeZone, nextDay, previousDay } from '../../../shared/price-sync/business-day';
import { scheduledPriceKeys, withExtras } from '../../../shared/price-sync/parity';
import {
  affectedByChanges,
  countPriceChanges,
  noPriceChanges,
} from '../../../shared/price-sync/price-changes';
import { categoryRow, chaise, customer, exceptionRow } from '../price-engine/builders';

describe('scheduled prices: the day, the changes, parity', () => {
  describe("the company's day", () => {
    it('switches at midnight Paris time, winter and summer', () => {
      // 23:00 UTC in winter is already the next day in Paris (UTC+1).
      assert.equal(dayInTimeZone(new Date('2026-11-30T22:59:59Z'), 'Europe/Paris'), '2026-11-30');
      assert.equal(dayInTimeZone(new Date('2026-11-30T23:00:00Z'), 'Europe/Paris'), '2026-12-01');
      // 22:00 UTC in summer (UTC+2).
      assert.equal(dayInTimeZone(new Date('2026-06-30T21:59:59Z'), 'Europe/Paris'), '2026-06-30');
      assert.equal(dayInTimeZone(new Date('2026-06-30T22:00:00Z'), 'Europe/Paris'), '2026-07-01');
      assert.equal(dayInTimeZone(new Date('2026-11-30T23:00:00Z'), 'UTC'), '2026-11-30');
    });

    it('the price sync uses the test clock when one is set, else the zone', () => {
      const now = new Date('2026-11-30T23:30:00Z');
      assert.equal(pricingDay({ timeZone: 'Europe/Paris' }, now), '2026-12-01');
      assert.equal(
        pricingDay({ timeZone: 'Europe/Paris', today: '2027-01-01' }, now),
        '2027-01-01',
      );
    });

    it('steps days across months and years', () => {
      assert.equal(nextDay('2026-12-31'), '2027-01-01');
      assert.equal(nextDay('2028-02-28'), '2028-02-29');
      assert.equal(previousDay('2026-03-01'), '2026-02-28');
      assert.throws(() => nextDay('tomorrow'), RangeError);
    });
  });

  describe('dates reached since the last run', () => {
    const data = {
      articles: [{ reference: 'A1', familyCode: 'F' }],
      customers: [
        customer('CENT01', 3),
        customer('MAG12', 1, '0', 'CENT01'),
        customer('CLI001', 2),
      ],
    };

    it('count as changes and touch the article or the customers priced on the row', () => {
      const changes = noPriceChanges();
      changes.datesReached = {
        articles: ['A1'],
        articlePrices: [
          { articleReference: 'A2', customerAccount: '' },
          { articleReference: 'A3', customerAccount: 'CENT01' },
        ],
      };
      assert.equal(countPriceChanges(changes), 3);
      const affected = affectedByChanges(changes, data);
      assert.deepEqual([...affected.products].sort(), ['A1', 'A2']);
      assert.deepEqual([...(affected.customerArticles.get('CENT01') ?? [])], ['A3']);
      assert.deepEqual([...(affected.customerArticles.get('MAG12') ?? [])], ['A3']);
      assert.equal(affected.customerArticles.has('CLI001'), false);
    });

    it('none reached: nothing to do', () => {
      const changes = noPriceChanges();
      changes.datesReached = { articles: [], articlePrices: [] };
      assert.equal(countPriceChanges(changes), 0);
      assert.equal(affectedByChanges(changes, data).products.size, 0);
    });
  });

  describe('parity', () => {
    it('always checks the articles and accounts with a scheduled price', () => {
      const keys = scheduledPriceKeys({
        articles: [
          chaise({ reference: 'A1', scheduledPrice: { from: '2026-12-01', salePrice: '1' } }),
          chaise({ reference: 'A2' }),
        ],
        articlePrices: [
          categoryRow(2, '9', {
            articleReference: 'A3',
            scheduled: { from: '2030-01-01', price: '8', coefficient: '0', discountRate: '0' },
          }),
          exceptionRow('CLI001', '7', {
            articleReference: 'A4',
            scheduled: { from: '2026-01-01', price: '6', coefficient: '0', discountRate: '0' },
          }),
          exceptionRow('CLI002', '7', { articleReference: 'A5' }),
        ],
      });
      assert.deepEqual([...keys.articles].sort(), ['A1', 'A3', 'A4']);
      assert.deepEqual([...keys.customers], ['CLI001']);
      const all = ['A1', 'A2', 'A3', 'A4', 'A5'];
      assert.deepEqual(
        withExtras(['A2', 'A4'], all, (a) => a, keys.articles, 10),
        ['A2', 'A4', 'A1', 'A3'],
      );
      assert.deepEqual(
        withExtras(['A2'], all, (a) => a, keys.articles, 1),
        ['A2', 'A1'],
      );
    });
  });
});
