import assert from 'node:assert/strict';
import { compareChangeKeys, overlapSince } from '../../../shared/sage/change-tracking';

describe('change tracking helpers', () => {
  it('moves a watermark back by the overlap, across day boundaries', () => {
    assert.equal(overlapSince('2026-03-01T00:01:00.000', 120_000), '2026-02-28T23:59:00.000');
    assert.equal(overlapSince('2026-03-01 10:00:00', 500), '2026-03-01T09:59:59.500');
    assert.throws(() => overlapSince('yesterday', 1), RangeError);
  });

  it('orders keys by time then row id', () => {
    const keys = [
      { modifiedAt: '2026-01-02T00:00:00.000', rowId: 1 },
      { modifiedAt: '2026-01-01T00:00:00.000', rowId: 9 },
      { modifiedAt: '2026-01-01T00:00:00.000', rowId: 3 },
    ];
    assert.deepEqual(
      [...keys].sort(compareChangeKeys).map((k) => k.rowId),
      [3, 9, 1],
    );
  });
});
