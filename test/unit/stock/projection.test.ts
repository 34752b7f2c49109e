import assert from 'node:assert/strict';
import { stockConfigSchema } from '../../../shared/config/catalog';
import { articleStock, availableQuantity, depotCodeOf } from '../../../shared/stock/projection';
import { projectStock } from '../../../shared/stock/entities';
import type { StockLevel } from '../../../shared/sage/types';
import { article, packaging } from '../catalog/fixtures';
import { depots, stockLevel } from './fixtures';

const rules = stockConfigSchema.parse({});

function level(ref: string, depotNo: number, onHand: string, reserved = '0'): StockLevel {
  return stockLevel(ref, depotNo, onHand, reserved, { onOrder: '7', inPreparation: '2' });
}

describe('stock rules', () => {
  it('computes the available quantity by the configured formula', () => {
    const row = level('A', 2, '10', '3');
    assert.equal(availableQuantity(row, rules).toFixed(), '7');
    const other = {
      minusReserved: false,
      minusInPreparation: true,
      plusOnOrder: true,
      minusWebOrders: false,
    };
    assert.equal(availableQuantity(row, { ...rules, available: other }).toFixed(), '15');
  });

  it('sums grouped depots under the group code and never sends excluded ones', () => {
    assert.equal(depotCodeOf(7, depots, rules), 'LYO');
    assert.equal(depotCodeOf(8, depots, rules), null);
    assert.equal(depotCodeOf(2, depots, { ...rules, codes: { '2': 'MARSEILLE' } }), 'MARSEILLE');
    assert.equal(depotCodeOf(3, depots, { ...rules, depotKey: 'number' }), '3');
    const stock = articleStock(
      [level('A', 1, '10', '2'), level('A', 7, '5'), level('A', 8, '100'), level('A', 3, '2.9')],
      depots,
      rules,
    );
    assert.deepEqual(stock.byDepot, { LYO: 13, MRS: 0, TLS: 2, BOD: 0, NTE: 0, LIL: 0 });
    assert.equal(stock.total, 15, 'total is the sum of the depots sent');
  });

  it('clamps negative availability to zero unless told not to', () => {
    const rows = [level('A', 2, '-3')];
    assert.equal(articleStock(rows, depots, rules).byDepot.MRS, 0);
    assert.equal(articleStock(rows, depots, { ...rules, clampNegative: false }).byDepot.MRS, -3);
  });

  it('counts whole packages for packaging variations', () => {
    const stock = articleStock([level('A', 2, '25'), level('A', 3, '9')], depots, rules, '10');
    assert.equal(stock.byDepot.MRS, 2);
    assert.equal(stock.byDepot.TLS, 0);
    assert.equal(stock.total, 2);
  });
});

describe('stock entities', () => {
  const shop = {
    manageStock: true,
    backorders: 'notify' as const,
    byDepotMetaKey: 'sage_stock_by_depot',
  };

  it('targets products, variations and packaging variations', () => {
    const simple = article('S');
    const member = article('V', {
      masterReference: 'M',
      attributes: [{ name: 'Taille', value: 'L' }],
    });
    const boxed = article('B', { packagings: [packaging(1, '10'), packaging(2, '5')] });
    const levels = new Map([
      ['S', [level('S', 2, '4')]],
      ['V', [level('V', 2, '6')]],
      ['B', [level('B', 2, '20')]],
    ]);
    const { entities } = projectStock([simple, member, boxed], levels, depots, rules, shop);
    assert.deepEqual(
      entities.map((e) => [e.kind, e.sku, e.parentSku, e.fields.stock_quantity]),
      [
        ['product', 'S', undefined, 4],
        ['variation', 'V', 'M', 6],
        ['variation', 'B-1', 'B', 2],
        ['variation', 'B-2', 'B', 4],
      ],
    );
    assert.deepEqual(entities[0].fields.meta_data, [
      {
        key: 'sage_stock_by_depot',
        value: { LYO: 0, MRS: 4, TLS: 0, BOD: 0, NTE: 0, LIL: 0 },
      },
    ]);
  });

  it('sets the stock status itself when the shop does not manage stock', () => {
    const unmanaged = { ...shop, manageStock: false };
    const { entities } = projectStock([article('Z')], new Map(), depots, rules, unmanaged);
    assert.equal(entities[0].fields.stock_status, 'onbackorder');
    assert.ok(!('stock_quantity' in entities[0].fields));
  });
});
