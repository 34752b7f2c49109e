import assert from 'node:assert/strict';
import Big from 'big.js';
import fc from 'fast-check';
import { Fixed, formatFixed, parseFixed } from '../../../shared/price-engine/fixed';
import {
  divideRounded,
  roundFixed,
  roundUnits,
  roundingModes,
  type RoundingMode,
} from '../../../shared/price-engine/rounding';
import { anyDecimal, decimalString } from './decimal-arbitraries';

const BIG_MODE: Record<RoundingMode, Big.RoundingMode> = {
  down: Big.roundDown,
  'half-up': Big.roundHalfUp,
  'half-even': Big.roundHalfEven,
  up: Big.roundUp,
};

const round = (value: string, decimals: number, mode: RoundingMode) =>
  formatFixed(roundFixed(parseFixed(value), decimals, mode));

describe('pricing rounding', () => {
  it('rounds half away from zero by default (Sage commercial rounding)', () => {
    assert.equal(round('19.985', 2, 'half-up'), '19.99');
    assert.equal(round('19.984999', 2, 'half-up'), '19.98');
    assert.equal(round('-19.985', 2, 'half-up'), '-19.99');
    assert.equal(round('76.3002', 2, 'half-up'), '76.3');
    assert.equal(round('0.005', 2, 'half-up'), '0.01');
    assert.equal(round('12.5', 0, 'half-up'), '13');
  });

  it('offers half-even, down (truncate) and up', () => {
    assert.equal(round('19.985', 2, 'half-even'), '19.98');
    assert.equal(round('19.975', 2, 'half-even'), '19.98');
    assert.equal(round('19.9851', 2, 'half-even'), '19.99');
    assert.equal(round('19.989', 2, 'down'), '19.98');
    assert.equal(round('19.981', 2, 'up'), '19.99');
    assert.equal(round('19.98', 2, 'up'), '19.98');
  });

  it('leaves a value with fewer decimals untouched', () => {
    assert.equal(round('90', 2, 'half-up'), '90');
    assert.equal(round('1.5', 6, 'down'), '1.5');
  });

  it('agrees with big.js in every mode, in both the number and the BigInt path', () => {
    fc.assert(
      fc.property(
        anyDecimal,
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...roundingModes),
        (value, decimals, mode) => {
          assert.equal(
            round(value, decimals, mode),
            new Big(value).round(decimals, BIG_MODE[mode]).toFixed(),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the hot-path integer rounding agrees with roundFixed', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.integer({ min: 1, max: 22 }),
        fc.constantFrom(...roundingModes),
        (units, scale, mode) => {
          const decimals = Math.max(0, scale - 1 - (units % 4));
          const expected = roundFixed(new Fixed(units, null, scale), decimals, mode);
          assert.equal(roundUnits(units, scale, decimals, mode), Number(expected.units));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('divides exactly, then rounds (tax-inclusive prices)', () => {
    const divide = (a: string, b: string, mode: RoundingMode = 'half-up') =>
      formatFixed(divideRounded(parseFixed(a), parseFixed(b), 2, mode));
    assert.equal(divide('108', '1.2'), '90');
    assert.equal(divide('108', '1.055'), '102.37');
    assert.equal(divide('0.01', '2'), '0.01');
    assert.equal(divide('0.01', '2', 'half-even'), '0');
    assert.throws(() => divide('1', '0'), RangeError);
    fc.assert(
      fc.property(
        decimalString({ maxDigits: 12, maxScale: 6 }),
        decimalString({ maxDigits: 6, maxScale: 4, signed: false }).filter((d) => new Big(d).gt(0)),
        fc.constantFrom(...roundingModes),
        (a, b, mode) => {
          // 60 exact digits leave no room for a false tie before big.js rounds to 2 places.
          const Precise = Big();
          Precise.DP = 60;
          const expected = new Precise(a).div(b).round(2, BIG_MODE[mode]).toFixed();
          assert.equal(divide(a, b, mode), expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
