import assert from 'node:assert/strict';
import { describeDrift, driftedFields } from '../../../shared/catalog/drift';

describe('drift: owned fields against what the shop holds', () => {
  const wanted = {
    status: 'publish',
    catalog_visibility: 'visible',
    regular_price: '12.40',
    manage_stock: true,
    backorders: 'notify',
    meta_data: [
      { key: 'sage_ref', value: 'HYD-00042' },
      { key: 'sage_sleeping', value: '0' },
      { key: 'sage_stock_by_depot', value: { LYO: 12, MRS: 25 } },
    ],
  };
  const held = {
    status: 'publish',
    catalog_visibility: 'visible',
    regular_price: '12.4',
    manage_stock: true,
    backorders: 'notify',
    stock_quantity: 37,
    meta_data: [
      { id: 1, key: 'sage_ref', value: 'HYD-00042' },
      { id: 2, key: 'sage_sleeping', value: '0' },
      { id: 3, key: 'sage_stock_by_depot', value: { MRS: '25', LYO: '12' } },
      { id: 4, key: 'other_plugin', value: 'x' },
    ],
  };

  it('finds none when the shop holds the same values, formatted its way', () => {
    assert.deepEqual(driftedFields(wanted, held), []);
  });

  it('names a price, a stock and a meta value edited in the shop', () => {
    const fields = driftedFields(
      { ...wanted, stock_quantity: 37 },
      {
        ...held,
        regular_price: '9.99',
        stock_quantity: 40,
        meta_data: [...held.meta_data, { id: 5, key: 'sage_sleeping', value: '1' }],
      },
    );
    assert.deepEqual(
      fields.map((f) => f.field),
      ['regular_price', 'meta:sage_sleeping', 'stock_quantity'],
    );
    assert.equal(
      describeDrift(fields),
      'regular_price 9.99 → 12.40, meta:sage_sleeping 1 → 0, stock_quantity 40 → 37',
    );
  });

  it('counts a missing meta, status, visibility or backorders as drift', () => {
    const fields = driftedFields(wanted, {
      ...held,
      status: 'draft',
      catalog_visibility: 'hidden',
      backorders: 'no',
      meta_data: [],
    });
    assert.deepEqual(
      fields.map((f) => f.field),
      [
        'status',
        'catalog_visibility',
        'backorders',
        'meta:sage_ref',
        'meta:sage_sleeping',
        'meta:sage_stock_by_depot',
      ],
    );
  });

  it('reads booleans as WooCommerce returns them, and a variation managed by its parent as off', () => {
    assert.deepEqual(driftedFields({ manage_stock: false }, { manage_stock: 'parent' }), []);
    assert.deepEqual(driftedFields({ manage_stock: true }, { manage_stock: true }), []);
    assert.equal(driftedFields({ manage_stock: true }, { manage_stock: false }).length, 1);
    assert.deepEqual(
      driftedFields(
        { meta_data: [{ key: 'k', value: true }] },
        { meta_data: [{ key: 'k', value: '1' }] },
      ),
      [],
    );
    assert.deepEqual(driftedFields({ regular_price: '' }, { regular_price: null }), []);
  });
});
