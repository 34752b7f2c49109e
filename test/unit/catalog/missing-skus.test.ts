import assert from 'node:assert/strict';
import { isKnownMissing } from '../../../activities/catalog/missing-skus';

describe('SKUs known to be missing in the shop', () => {
  const day = 86_400_000;
  const at = Date.parse('2026-11-30T02:30:00.000Z');
  const marker = new Date(at).toISOString();

  it('are trusted for the recheck interval, then looked up again', () => {
    assert.equal(isKnownMissing(marker, at + day - 1, day), true);
    assert.equal(isKnownMissing(marker, at + day, day), false);
  });

  it('are looked up again when a forced run started after the marker', () => {
    const forcedAt = new Date(at + 1_000).toISOString();
    assert.equal(isKnownMissing(marker, at + 2_000, day, forcedAt), false);
    assert.equal(
      isKnownMissing(new Date(at + 1_500).toISOString(), at + 2_000, day, forcedAt),
      true,
    );
  });

  it('ignore cleared, absent and unreadable markers', () => {
    for (const value of [undefined, '0', 'not a date']) {
      assert.equal(isKnownMissing(value, at, day), false);
    }
  });
});
