import assert from 'node:assert/strict';
import Big from 'big.js';
import fc from 'fast-check';
import {
  Fixed,
  add,
  compare,
  formatFixed,
  formatUnits,
  multiply,
  parseFixed,
  subtract,
  toFixed,
} from '../../../shared/price-engine/fixed';
import { anyDecimal } from './decimal-arbitraries';

/** The scaled-integer money representation against big.js on random inputs. */
describe('pricing money representation (Fixed)', () => {
  it('parses and prints plain decimals in the normalised form', () => {
    assert.equal(formatFixed(parseFixed('90.00')), '90');
    assert.equal(formatFixed(parseFixed('0082.800')), '82.8');
    assert.equal(formatFixed(parseFixed('-0.0')), '0');
    assert.equal(formatFixed(parseFixed('.5')), '0.5');
    assert.equal(formatFixed(parseFixed('-1.25')), '-1.25');
    assert.equal(
      formatFixed(parseFixed('123456789012345678901234.5')),
      '123456789012345678901234.5',
    );
    assert.equal(formatFixed(toFixed(12)), '12');
    assert.equal(formatFixed(toFixed(0.1)), '0.1');
    assert.throws(() => parseFixed('1e5'), /not a plain decimal/);
    assert.throws(() => parseFixed('.'), /not a plain decimal/);
    assert.throws(() => toFixed(Number.NaN), /not a plain decimal/);
  });

  it('keeps values beyond 2^53 exact by moving to BigInt', () => {
    const big = parseFixed('9007199254740993');
    assert.equal(big.big, 9007199254740993n);
    assert.equal(formatFixed(multiply(big, parseFixed('1.5'))), '13510798882111489.5');
    const safe = add(big, parseFixed('-2'));
    assert.equal(safe.big, null, 'back in the number path once it fits');
    assert.equal(safe.units, 9007199254740991);
  });

  const exactly = (fixed: Fixed, big: Big) => assert.equal(formatFixed(fixed), big.toFixed());

  it('multiplies, adds and subtracts exactly like big.js', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        exactly(multiply(parseFixed(a), parseFixed(b)), new Big(a).times(b));
        exactly(add(parseFixed(a), parseFixed(b)), new Big(a).plus(b));
        exactly(subtract(parseFixed(a), parseFixed(b)), new Big(a).minus(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('compares like big.js', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        assert.equal(compare(parseFixed(a), parseFixed(b)), new Big(a).cmp(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every decimal through parse and format', () => {
    fc.assert(
      fc.property(anyDecimal, (a) => {
        assert.equal(formatFixed(parseFixed(a)), new Big(a).toFixed());
      }),
    );
  });

  it('formats raw unit counts like formatFixed', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 30 }), (units, scale) => {
        assert.equal(formatUnits(units, scale), formatFixed(new Fixed(units, null, scale)));
      }),
    );
  });
});
