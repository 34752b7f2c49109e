import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bulkCut, unitPositions } from '../../../activities/catalog/push-entities';

/** Where a page of bulk updates is cut so that its requests are full (push-entities.ts). */

describe('bulk cut of a page', () => {
  it('writes the whole page when it fills no request, or fills its requests exactly', () => {
    assert.equal(bulkCut([0, 1, 2], 250), undefined);
    assert.equal(bulkCut([], 250), undefined);
    assert.equal(
      bulkCut(
        Array.from({ length: 500 }, (_, i) => i),
        250,
      ),
      undefined,
    );
  });

  it('cuts one entity per unit at exactly the whole requests', () => {
    const positions = Array.from({ length: 590 }, (_, i) => i);
    assert.equal(bulkCut(positions, 250), 500);
  });

  it('never splits a unit: stops before the unit that would overflow the whole requests', () => {
    assert.equal(bulkCut([0, 0, 0, 1, 1, 1, 2, 2, 2], 3), undefined, 'exactly three requests');
    // 7 updates: two whole requests of 3 (6); units 0 and 1 hold 5, unit 2 is left.
    assert.equal(bulkCut([0, 0, 1, 1, 1, 2, 2], 3), 2);
    // 8 updates: 6 at most; unit 1 would make 7, so only unit 0 (4 updates) is written.
    assert.equal(bulkCut([0, 0, 0, 0, 1, 1, 1, 2], 3), 1);
    // One unit holding more than the whole requests goes whole.
    assert.equal(bulkCut([4, 4, 4, 4, 4, 5], 4), 5);
  });

  it('keeps at most the whole requests and at least one unit, whatever the page', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 60 }),
        (positions, limit) => {
          const cut = bulkCut(positions, limit);
          const whole = Math.floor(positions.length / limit) * limit;
          if (cut === undefined) {
            assert.ok(whole === 0 || whole === positions.length);
            return;
          }
          const kept = positions.filter((p) => p < cut).length;
          assert.ok(kept > 0);
          const first = Math.min(...positions);
          // At most the whole requests, unless the first unit alone is larger.
          assert.ok(kept <= whole || positions.every((p) => p < cut === (p === first)));
          // No unit is split, and the next unit would not fit.
          const next = positions.filter((p) => p >= cut);
          assert.ok(next.length > 0);
          const nextUnit = Math.min(...next);
          assert.ok(kept + positions.filter((p) => p === nextUnit).length > whole);
        },
      ),
    );
  });

  it('writes a variable product with the first of its members in the page', () => {
    const positions = new Map([
      ['A', 0],
      ['V2', 1],
      ['B', 2],
      ['V1', 3],
    ]);
    const entities = [
      { kind: 'product' as const, sku: 'A', articleRef: 'A', fields: {} },
      { kind: 'product' as const, sku: 'M', articleRef: 'V9', fields: {} },
      { kind: 'variation' as const, sku: 'V1', parentSku: 'M', articleRef: 'V1', fields: {} },
      { kind: 'variation' as const, sku: 'V2', parentSku: 'M', articleRef: 'V2', fields: {} },
      { kind: 'variation' as const, sku: 'V9', parentSku: 'M', articleRef: 'V9', fields: {} },
      { kind: 'product' as const, sku: 'B', articleRef: 'B', fields: {} },
    ];
    const positionOf = unitPositions(entities, (ref) => positions.get(ref));
    assert.deepEqual(
      entities.map((e) => positionOf(e)),
      [0, 1, 1, 1, 1, 2],
    );
  });
});
