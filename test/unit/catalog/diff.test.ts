import assert from 'node:assert/strict';
import { canonicalJson, contentHash } from '../../../shared/catalog/hash';
import {
  changedEntities,
  hashKey,
  planWrites,
  plannedRequests,
  type DiffEntity,
  type ShopRef,
} from '../../../shared/catalog/diff';

const entity = (kind: DiffEntity['kind'], sku: string, parentSku?: string): DiffEntity => ({
  kind,
  sku,
  ...(parentSku ? { parentSku } : {}),
  fields: { status: 'publish', sku },
  createFields: { sku },
});

describe('content hash', () => {
  it('does not depend on key order and drops undefined fields', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [2, { d: 1, c: undefined }] }),
      '{"a":[2,{"d":1}],"b":1}',
    );
    assert.equal(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }));
    assert.notEqual(contentHash({ a: 1 }), contentHash({ a: '1' }));
    assert.match(contentHash({}), /^[0-9a-f]{64}$/);
  });
});

describe('diff and write plan', () => {
  const hashOf = (e: DiffEntity) => contentHash(e.fields);

  it('skips unchanged entities unless forced', () => {
    const a = entity('product', 'A');
    const b = entity('product', 'B');
    const stored = new Map([[hashKey(a), hashOf(a)]]);
    const diff = changedEntities([a, b], stored, hashOf);
    assert.equal(diff.unchanged, 1);
    assert.deepEqual(
      diff.changed.map((c) => c.entity.sku),
      ['B'],
    );
    assert.equal(changedEntities([a, b], stored, hashOf, true).changed.length, 2);
  });

  it('keys products and variations apart', () => {
    assert.notEqual(hashKey(entity('product', 'S')), hashKey(entity('variation', 'S')));
  });

  it('updates what the shop has, reports what it lacks in update mode', () => {
    const changed = [
      entity('product', 'P1'),
      entity('product', 'P2'),
      entity('product', 'M'),
      entity('variation', 'V1', 'M'),
      entity('variation', 'V2', 'M'),
      entity('variation', 'V3', 'GONE'),
    ].map((e) => ({ entity: e, hash: hashOf(e) }));
    const refs = new Map<string, ShopRef>([
      ['P1', { id: 11 }],
      ['M', { id: 20 }],
      ['V1', { id: 21, parentId: 20 }],
    ]);
    const plan = planWrites(changed, refs, false);
    assert.deepEqual(
      plan.products.update.map((w) => [w.entity.sku, w.id]),
      [
        ['P1', 11],
        ['M', 20],
      ],
    );
    assert.equal(plan.products.create.length, 0);
    assert.deepEqual(
      plan.variations.map((v) => [v.parentId, v.update.map((w) => w.id), v.create.length]),
      [[20, [21], 0]],
    );
    assert.deepEqual(
      plan.missing.map((e) => e.sku),
      ['P2', 'V2', 'V3'],
    );
    assert.equal(plannedRequests(plan, 100), 2);
  });

  it('creates products and their variations in create mode', () => {
    const changed = [entity('product', 'NEW'), entity('variation', 'NV', 'NEW')].map((e) => ({
      entity: e,
      hash: hashOf(e),
    }));
    const plan = planWrites(changed, new Map(), true);
    assert.equal(plan.products.create.length, 1);
    assert.deepEqual(
      plan.variations.map((v) => [v.parentSku, v.parentId, v.create.length]),
      [['NEW', undefined, 1]],
    );
    assert.equal(plan.missing.length, 0);
  });

  it('counts one request per hundred items and per parent', () => {
    const many = Array.from({ length: 250 }, (_, i) => entity('product', `P${i}`));
    const refs = new Map(many.map((e, i) => [e.sku, { id: i + 1 }]));
    const plan = planWrites(
      many.map((e) => ({ entity: e, hash: 'x' })),
      refs,
      false,
    );
    assert.equal(plannedRequests(plan, 100), 3);
  });
});
