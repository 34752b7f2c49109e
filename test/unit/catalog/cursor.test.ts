import assert from 'node:assert/strict';
import { shiftTimestamp } from '../../../activities/catalog/cursor';

describe('change-tracking cursor', () => {
  it('moves a Sage timestamp back by the incremental overlap, keeping its format', () => {
    assert.equal(shiftTimestamp('2026-01-31T08:15:00.000', -120_000), '2026-01-31T08:13:00.000');
    assert.equal(shiftTimestamp('2026-03-01T00:00:30.250', -60_000), '2026-02-28T23:59:30.250');
  });
});
