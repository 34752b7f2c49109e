import assert from 'node:assert/strict';
import { Rng } from '../../../sandbox/sage/prng';

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b.next()),
      seqA,
    );
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => c.next()),
      seqA,
    );
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  it('forks independent streams by label', () => {
    assert.notEqual(Rng.fork(1, 'articles').next(), Rng.fork(1, 'customers').next());
    assert.equal(Rng.fork(1, 'articles').next(), Rng.fork(1, 'articles').next());
  });

  it('draws integers in range and samples without repetition', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 9);
      assert.ok(Number.isInteger(n) && n >= 3 && n <= 9);
    }
    const sample = rng.sample([1, 2, 3, 4, 5, 6], 4);
    assert.equal(new Set(sample).size, 4);
  });
});
