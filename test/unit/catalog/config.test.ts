import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../shared/config';

describe('catalog and stock configuration', () => {
  it('defaults to the first customer rules', () => {
    const config = parseConfig({}, {});
    assert.equal(config.catalog.mode, 'update');
    assert.equal(config.catalog.sleepingAction, 'draft');
    assert.equal(config.catalog.usePublishedFlag, false);
    assert.equal(config.catalog.backorders, 'notify');
    assert.equal(config.stock.meta.byDepot, 'sage_stock_by_depot');
    assert.deepEqual(config.stock.excluded, [8]);
    assert.deepEqual(config.stock.groups, [{ code: 'LYO', members: [1, 7] }]);
    assert.equal(config.stock.available.minusReserved, true);
    const ids = config.schedules.map((s) => s.id);
    for (const id of ['catalog-nightly', 'catalog-hourly', 'stock']) assert.ok(ids.includes(id));
    assert.deepEqual(config.schedules.find((s) => s.id === 'catalog-nightly')?.args, [
      { mode: 'full' },
    ]);
  });

  it('reads settings from the environment', () => {
    const config = parseConfig(
      {},
      { SWS_CATALOG__MODE: 'create', SWS_CATALOG__PAGE_SIZE: '100', SWS_STOCK__EXCLUDED: '[3]' },
    );
    assert.equal(config.catalog.mode, 'create');
    assert.equal(config.catalog.pageSize, 100);
    assert.deepEqual(config.stock.excluded, [3]);
  });

  it('refuses meta keys the REST API would hide and unknown modes', () => {
    assert.throws(
      () => parseConfig({ stock: { meta: { byDepot: '_stock' } }, catalog: { mode: 'x' } }, {}),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some((p) => p.includes('stock.meta.byDepot')) &&
        err.problems.some((p) => p.includes('catalog.mode')),
    );
  });
});
