import assert from 'node:assert/strict';
import {
  STOCK_PUSH_SLOT_MS,
  stockPushBucketId,
  stockPushSlotEnd,
} from '../../../shared/stock/push-messages';

describe('stock push buckets', () => {
  const slotStart = Date.parse('2026-11-30T21:40:02.000Z');

  it('gives every moment of one slot the same bucket, closing at the slot’s end', () => {
    for (const at of [slotStart, slotStart + 1, slotStart + STOCK_PUSH_SLOT_MS - 1]) {
      assert.equal(stockPushBucketId(at), 'stock-push-2026-11-30T21:40:02.000Z');
      assert.equal(stockPushSlotEnd(at), slotStart + STOCK_PUSH_SLOT_MS);
    }
  });

  it('starts a new bucket with the next slot', () => {
    const next = slotStart + STOCK_PUSH_SLOT_MS;
    assert.equal(stockPushBucketId(next), 'stock-push-2026-11-30T21:40:04.000Z');
    assert.equal(stockPushSlotEnd(next), next + STOCK_PUSH_SLOT_MS);
    assert.notEqual(stockPushBucketId(next - 1), stockPushBucketId(next));
  });
});
