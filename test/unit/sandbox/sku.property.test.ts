import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { WooError } from '../../../sandbox/woo/errors';
import { createProduct, deleteProduct, updateProduct } from '../../../sandbox/woo/products';
import { Shop } from '../../../sandbox/woo/shop';
import { SandboxStore } from '../../../sandbox/woo/store';

/** Whatever sequence of creates, SKU changes and deletes, no two live products share a SKU. */

type Op =
  | { kind: 'create'; sku: string }
  | { kind: 'update'; index: number; sku: string }
  | { kind: 'trash'; index: number };

const sku = fc.constantFrom('A', 'a', 'B', 'C-1', 'C', '');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), sku }),
  fc.record({ kind: fc.constant('update' as const), index: fc.nat(20), sku }),
  fc.record({ kind: fc.constant('trash' as const), index: fc.nat(20) }),
);

describe('WooCommerce sandbox SKU uniqueness (property)', () => {
  it('never leaves two live products with the same SKU (case-insensitive)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new SandboxStore(':memory:');
        const shop = new Shop(store, {});
        const ids: number[] = [];
        try {
          for (const o of ops) {
            try {
              if (o.kind === 'create')
                ids.push(createProduct(shop, { name: 'p', sku: o.sku }, false).id);
              else if (ids.length && o.kind === 'update')
                updateProduct(shop, ids[o.index % ids.length], { sku: o.sku }, false);
              else if (ids.length && o.kind === 'trash')
                deleteProduct(shop, ids[o.index % ids.length], false, () => null);
            } catch (e) {
              if (!(e instanceof WooError)) throw e;
            }
          }
          const live = store.all('product').filter((p) => p.status !== 'trash' && p.sku !== '');
          const skus = live.map((p) => p.sku.toLowerCase());
          assert.equal(new Set(skus).size, skus.length, `duplicates among ${skus.join(',')}`);
        } finally {
          store.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
