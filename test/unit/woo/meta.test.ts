import assert from 'node:assert/strict';
import {
  getMeta,
  getMetaString,
  hasMeta,
  isWritableMetaKey,
  metaToRecord,
  metaWrites,
  setMeta,
} from '../../../shared/woo/meta';

describe('woo meta_data helpers', () => {
  const meta = [
    { id: 1, key: 'sage_ref', value: 'AR-1' },
    { id: 2, key: 'sage_stock_by_depot', value: { '1': 9 } },
    { id: 3, key: 'sage_sleeping', value: '1' },
    { id: 4, key: 'sage_ref', value: 'AR-duplicate' },
    { id: 5, key: 'count', value: 3 },
  ];

  it('reads the first entry of a key', () => {
    assert.equal(getMeta(meta, 'sage_ref'), 'AR-1');
    assert.deepEqual(getMeta(meta, 'sage_stock_by_depot'), { '1': 9 });
    assert.equal(getMeta(meta, 'missing'), undefined);
    assert.equal(hasMeta(meta, 'sage_sleeping'), true);
    assert.equal(getMetaString(meta, 'count'), '3');
    assert.equal(getMetaString(meta, 'sage_stock_by_depot'), undefined);
    assert.deepEqual(metaToRecord(meta), {
      sage_ref: 'AR-1',
      sage_stock_by_depot: { '1': 9 },
      sage_sleeping: '1',
      count: 3,
    });
  });

  it('builds write lists without mutating them', () => {
    const first = metaWrites({ a: 1, b: undefined, c: null });
    assert.deepEqual(first, [
      { key: 'a', value: 1 },
      { key: 'c', value: null },
    ]);
    const second = setMeta(first, 'a', 2);
    assert.deepEqual(second, [
      { key: 'c', value: null },
      { key: 'a', value: 2 },
    ]);
    assert.deepEqual(first[0], { key: 'a', value: 1 });
  });

  it('refuses keys WooCommerce hides', () => {
    assert.equal(isWritableMetaKey('sage_ref'), true);
    assert.equal(isWritableMetaKey('_sage_ref'), false);
    assert.equal(isWritableMetaKey(''), false);
  });
});
