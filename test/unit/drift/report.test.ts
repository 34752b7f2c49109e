import assert from 'node:assert/strict';
import {
  driftDetail,
  formatReconciliation,
  summaryLine,
  type AreaSummary,
} from '../../../shared/drift/report';

describe('drift reports', () => {
  it('names the entity, each field with the shop and Sage values, and a note', () => {
    assert.equal(
      driftDetail(
        'product RAC-12',
        [
          { field: 'regular_price', shop: '0.01', sage: '12.40' },
          { field: 'meta:sage_stock_by_depot', shop: { 1: 999 }, sage: null },
        ],
        'left alone: test',
      ),
      'product RAC-12: regular_price shop 0.01, Sage 12.40; ' +
        'meta:sage_stock_by_depot shop {"1":999}, Sage (none) — left alone: test',
    );
    assert.equal(
      driftDetail('shop customer 5', [
        { field: 'meta:sage_account', shop: '', sage: 'CL00003', source: 'state store' },
      ]),
      'shop customer 5: meta:sage_account shop (none), state store CL00003',
    );
  });

  it('says a skipped area with its reason, and a checked one with its counts', () => {
    const base: AreaSummary = {
      area: 'stock',
      state: 'done',
      checked: 30,
      drifted: 2,
      healed: 0,
      examples: [{ key: 'FLX-1', detail: 'product FLX-1: stock_quantity shop 4, Sage 6' }],
    };
    assert.equal(summaryLine(base), 'stock: 30 checked, 2 drifted, 0 healed');
    assert.equal(
      summaryLine({ ...base, state: 'skipped', note: 'run stock-5m of stockSync in progress' }),
      'stock: skipped: run stock-5m of stockSync in progress',
    );
    assert.equal(
      formatReconciliation({ heal: false, drifted: 2, areas: [base] }),
      'drift reconciliation (report only): 2 drifted\n' +
        '  stock: 30 checked, 2 drifted, 0 healed\n' +
        '    FLX-1\tproduct FLX-1: stock_quantity shop 4, Sage 6\n',
    );
  });
});
