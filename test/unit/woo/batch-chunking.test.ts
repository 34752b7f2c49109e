import assert from 'node:assert/strict';
import fc from 'fast-check';
import { batchItemCount, chunkBatch, splitChunk } from '../../../activities/woo/batch';

describe('woo batch chunking', () => {
  it('keeps create → update → delete order and never exceeds the size', () => {
    fc.assert(
      fc.property(
        fc.nat(250),
        fc.nat(250),
        fc.nat(250),
        fc.integer({ min: 1, max: 100 }),
        (creates, updates, deletes, size) => {
          const request = {
            create: Array.from({ length: creates }, (_, i) => ({ sku: `C${i}` })),
            update: Array.from({ length: updates }, (_, i) => ({ id: i + 1 })),
            delete: Array.from({ length: deletes }, (_, i) => 1000 + i),
          };
          const chunks = chunkBatch(request, size);
          const total = creates + updates + deletes;
          assert.equal(chunks.length, Math.ceil(total / size));
          const flat = chunks.flatMap((c) => {
            assert.ok(batchItemCount(c.request) <= size);
            assert.equal(c.refs.length, batchItemCount(c.request));
            return c.refs;
          });
          // Every item exactly once, in global order.
          const expected = [
            ...request.create.map((_, index) => ({ op: 'create', index })),
            ...request.update.map((_, index) => ({ op: 'update', index })),
            ...request.delete.map((_, index) => ({ op: 'delete', index })),
          ];
          assert.deepEqual(flat, expected);
          // The refs point at the items the chunk carries.
          for (const chunk of chunks) {
            const seen = { create: 0, update: 0, delete: 0 };
            for (const ref of chunk.refs) {
              const carried = chunk.request[ref.op]![seen[ref.op]++];
              assert.deepEqual(carried, request[ref.op][ref.index]);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fills a chunk across sections (WooCommerce counts create+update+delete together)', () => {
    const chunks = chunkBatch(
      {
        create: Array.from({ length: 60 }, () => ({})),
        update: Array.from({ length: 60 }, (_, i) => ({ id: i + 1 })),
      },
      100,
    );
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0].request.create?.length, 60);
    assert.equal(chunks[0].request.update?.length, 40);
    assert.equal(chunks[1].request.create, undefined);
    assert.equal(chunks[1].request.update?.length, 20);
    assert.deepEqual(chunks[1].refs[0], { op: 'update', index: 40 });
  });

  it('returns no chunk for an empty batch and refuses a bad size', () => {
    assert.deepEqual(chunkBatch({}, 100), []);
    assert.throws(() => chunkBatch({ delete: [1] }, 0), RangeError);
  });

  it('splits a chunk in halves that keep the original references', () => {
    const [chunk] = chunkBatch(
      { create: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }], update: [{ id: 1 }], delete: [9] },
      100,
    );
    const [first, second] = splitChunk(chunk);
    assert.deepEqual(first.request, { create: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }] });
    assert.deepEqual(second.request, { update: [{ id: 1 }], delete: [9] });
    assert.deepEqual(
      [...first.refs, ...second.refs],
      [
        { op: 'create', index: 0 },
        { op: 'create', index: 1 },
        { op: 'create', index: 2 },
        { op: 'update', index: 0 },
        { op: 'delete', index: 0 },
      ],
    );
  });
});
