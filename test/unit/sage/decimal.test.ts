import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDecimals,
  centsToDecimal,
  InvalidDecimalError,
  lineAmount,
  roundDecimal,
  toDecimal,
  toDecimalOrZero,
  withTax,
} from '../../../shared/sage/decimal';
import { documentTotals } from '../../../shared/sage/totals';

describe('decimal helpers', () => {
  it('normalises strings and numbers from both engines to the same decimal string', () => {
    assert.equal(toDecimal('12.500000'), '12.5');
    assert.equal(toDecimal(' 0012.50 '), '12.5');
    assert.equal(toDecimal(12.5), '12.5');
    assert.equal(toDecimal('-3'), '-3');
    assert.equal(toDecimal('0.000000'), '0');
    assert.equal(toDecimal(0.1), '0.1');
    assert.equal(toDecimal('0.0000001'), '0.0000001', 'never exponent notation');
    assert.equal(toDecimalOrZero(null), '0');
  });

  it('rejects what is not a decimal', () => {
    for (const bad of ['douze', '1,5', '', '1e3', 'NaN']) {
      assert.throws(() => toDecimal(bad), InvalidDecimalError, bad);
    }
    assert.throws(() => toDecimal(Number.NaN), InvalidDecimalError);
    assert.throws(() => toDecimal(Number.POSITIVE_INFINITY), InvalidDecimalError);
  });

  it('round-trips every numeric(24,6) value with up to 15 significant digits through a JS number', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale) => {
          const negative = units < 0n;
          const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
          const text = `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale ? '.' : ''}${digits.slice(digits.length - scale)}`;
          // tedious hands SQL Server numerics over as numbers: the decimal must survive.
          assert.equal(toDecimal(Number(text)), toDecimal(text));
        },
      ),
    );
  });

  it('rounds half-up explicitly', () => {
    assert.equal(roundDecimal('0.525', 2), '0.53');
    assert.equal(roundDecimal('-0.525', 2), '-0.53');
    assert.equal(roundDecimal('27.876', 2), '27.88');
    assert.equal(roundDecimal('2.5', 0), '3');
  });

  it('computes line amounts and taxes without float error', () => {
    // 0.1 + 0.2 style traps: 3 × 0.1 = 0.3 exactly.
    assert.equal(lineAmount('3', '0.1', '0', 2), '0.3');
    assert.equal(lineAmount('3', '10.10', '8', 2), '27.88');
    assert.equal(withTax('0.53', '5.5', 2), '0.56');
    assert.equal(addDecimals('0.1', '0.2'), '0.3');
    assert.equal(centsToDecimal(1999), '19.99');
    assert.equal(centsToDecimal(-5), '-0.05');
  });

  it('computes document totals with VAT per rate on the summed base', () => {
    const totals = documentTotals(
      [
        { amountExclTax: '0.33', vatRate: '20' },
        { amountExclTax: '0.33', vatRate: '20' },
        { amountExclTax: '0.33', vatRate: '20' },
        { amountExclTax: '10', vatRate: '5.5' },
      ],
      2,
    );
    // 20 % of 0.99 = 0.198 → 0.20 (per-line rounding would give 3 × 0.07 = 0.21)
    assert.deepEqual(totals, { exclTax: '10.99', tax: '0.75', inclTax: '11.74' });
    assert.deepEqual(documentTotals([], 2), { exclTax: '0', tax: '0', inclTax: '0' });
  });
});
