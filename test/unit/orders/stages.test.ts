import assert from 'node:assert/strict';
import { ordersConfigSchema } from '../../../shared/config/orders';
import { nextPollDelay } from '../../../shared/orders/backoff';
import {
  isBeforeValidation,
  shopStatusOf,
  stageNote,
  stageOf,
  stageRank,
} from '../../../shared/orders/stages';
import type { ChainProgress } from '../../../shared/orders/types';

const progress = (over: Partial<ChainProgress> = {}): ChainProgress => ({
  quote: 'DE00007',
  quoteFound: true,
  quoteLost: false,
  order: null,
  picking: null,
  delivery: null,
  invoice: null,
  ...over,
});

describe('order stages (Sage chain → shop status)', () => {
  const statuses = ordersConfigSchema.parse({}).statuses;

  it('takes the furthest document reached, whatever stages Sage skipped', () => {
    assert.equal(stageOf(progress()), 'awaiting-validation');
    assert.equal(stageOf(progress({ order: 'BC1' })), 'validated');
    assert.equal(stageOf(progress({ order: 'BC1', picking: 'PL1' })), 'in-preparation');
    assert.equal(stageOf(progress({ order: 'BC1', delivery: 'BL1' })), 'being-delivered');
    // An order invoiced directly (no picking, no delivery note).
    assert.equal(stageOf(progress({ order: 'BC1', invoice: 'FA1' })), 'invoiced');
  });

  it('maps each stage to the configured shop status', () => {
    assert.equal(shopStatusOf('awaiting-validation', statuses), 'awaiting-valid');
    assert.equal(shopStatusOf('validated', statuses), 'validated');
    assert.equal(shopStatusOf('in-preparation', statuses), 'preparing');
    assert.equal(shopStatusOf('being-delivered', statuses), 'shipping');
    assert.equal(shopStatusOf('invoiced', statuses), 'completed');
    const custom = ordersConfigSchema.parse({ statuses: { validated: 'valide-b2b' } }).statuses;
    assert.equal(shopStatusOf('validated', custom), 'valide-b2b');
  });

  it('orders stages and tells what is before validation', () => {
    assert.ok(stageRank(null) < stageRank('awaiting-validation'));
    assert.ok(stageRank('validated') < stageRank('invoiced'));
    assert.equal(isBeforeValidation(null), true);
    assert.equal(isBeforeValidation('awaiting-validation'), true);
    assert.equal(isBeforeValidation('validated'), false);
  });

  it('writes notes that name the Sage piece (unique, so created once)', () => {
    assert.match(stageNote('awaiting-validation', progress()), /DE00007/);
    assert.match(stageNote('being-delivered', progress({ delivery: 'BL00042' })), /BL00042/);
  });

  it('backs off from the initial delay to the maximum', () => {
    const settings = { initialMs: 60_000, maxMs: 6 * 3_600_000, factor: 2 };
    assert.equal(nextPollDelay(0, settings), 60_000);
    assert.equal(nextPollDelay(1, settings), 120_000);
    assert.equal(nextPollDelay(3, settings), 480_000);
    assert.equal(nextPollDelay(50, settings), 6 * 3_600_000);
  });
});
