import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sageConfigSchema } from '../../../shared/config/sage';
import {
  SAGE_WRITABLE_FIELDS,
  TYPOGRAPHIC_EQUIVALENTS,
  guardSageValue,
  isCp1252Printable,
  isCp1252Text,
  type GuardColumn,
} from '../../../shared/sage/write-guard';

/**
 * Every printable CP1252 character, written out from the code page table (Microsoft's
 * cp1252.txt), independently of the guard's own table: ASCII, Latin-1 A0–FF, and the 27
 * characters of 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined).
 */
const CP1252_80_9F = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const CP1252_CHARS = [
  ...[...Array(0x7f - 0x20).keys()].map((i) => String.fromCharCode(0x20 + i)),
  ...Array.from(CP1252_80_9F),
  ...[...Array(0x100 - 0xa0).keys()].map((i) => String.fromCharCode(0xa0 + i)),
];

/** True when `value` round-trips through CP1252 bytes (what SQL Server's varchar would keep). */
function cp1252Encodable(value: string): boolean {
  const reverse = new Map(CP1252_CHARS.map((c, i) => [c, i]));
  return Array.from(value).every((c) => reverse.has(c));
}

const codePoint = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/** One unit of a shop value: mostly French text, plus everything the shop may send. */
const unitArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CP1252_CHARS) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.keys(TYPOGRAPHIC_EQUIVALENTS)) },
  { weight: 1, arbitrary: fc.constantFrom('\u202f', '\u2009', '\t', '\n', '\u3000', '\uff21') },
  { weight: 2, arbitrary: codePoint(0x1f300, 0x1faff) }, // emoji
  { weight: 1, arbitrary: fc.constantFrom('\u200d', '\ufe0f', '\u{1f3fd}', '\u20e3') },
  { weight: 1, arbitrary: codePoint(0x0400, 0x04ff) }, // Cyrillic
  { weight: 1, arbitrary: codePoint(0x4e00, 0x4eff) }, // CJK
  { weight: 1, arbitrary: codePoint(0x0300, 0x036f) }, // combining marks
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
  { weight: 2, arbitrary: codePoint(0, 0x10ffff) },
);

const valueArbitrary = fc.string({ unit: unitArbitrary, maxLength: 90 });
const columnArbitrary: fc.Arbitrary<GuardColumn> = fc.record({
  field: fc.constant('field'),
  width: fc.integer({ min: 0, max: 80 }),
  exact: fc.boolean(),
  clearable: fc.boolean(),
});

const hasLoneSurrogate = (value: string) => /\p{Cs}/u.test(value);

describe('Sage write guard (shared/sage/write-guard)', () => {
  it('agrees with the CP1252 code page table on what CP1252 holds', () => {
    for (const c of CP1252_CHARS) assert.ok(isCp1252Printable(c), c);
    for (const c of ['\u0081', '\u2010', 'Ж', '😀', '\u00ad'.repeat(2)]) {
      assert.equal(isCp1252Printable(c), false, c);
    }
    // œ Œ Š Ž € ‘ ’ … are CP1252: they stay.
    assert.ok(isCp1252Text('œŒŠšŽž€‘’“”…–—'));
  });

  it('property: never longer than the width, never a lone surrogate, always CP1252', () => {
    fc.assert(
      fc.property(valueArbitrary, columnArbitrary, (value, column) => {
        const result = guardSageValue(value, column);
        if (!result.ok) return;
        assert.ok(Array.from(result.value).length <= column.width);
        assert.ok(result.value.length <= column.width, 'UTF-16 length too (single-byte text)');
        assert.ok(!hasLoneSurrogate(result.value));
        assert.ok(cp1252Encodable(result.value), JSON.stringify(result.value));
        assert.ok(isCp1252Text(result.value));
        assert.equal(result.value, result.value.trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('property: idempotent (a guarded value guards to itself)', () => {
    fc.assert(
      fc.property(valueArbitrary, columnArbitrary, (value, column) => {
        const first = guardSageValue(value, column);
        if (!first.ok) return;
        const second = guardSageValue(first.value, column);
        assert.deepEqual(second, { ok: true, value: first.value, transliterated: 0, dropped: 0 });
      }),
      { numRuns: 3000 },
    );
  });

  it('property: a trimmed CP1252 value that fits is returned unchanged', () => {
    const cp1252Value = fc
      .string({ unit: fc.constantFrom(...CP1252_CHARS), minLength: 1, maxLength: 80 })
      .filter((v) => v.trim() === v && v !== '');
    fc.assert(
      fc.property(
        cp1252Value,
        fc.integer({ min: 0, max: 20 }),
        fc.boolean(),
        (value, slack, exact) => {
          const width = Array.from(value).length + slack;
          assert.deepEqual(guardSageValue(value, { field: 'f', width, exact }), {
            ok: true,
            value,
            transliterated: 0,
            dropped: 0,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: too long is refused, never cut', () => {
    const text = fc
      .string({ unit: fc.constantFrom(...CP1252_CHARS), minLength: 2, maxLength: 80 })
      .filter((v) => v.trim() === v && v !== '');
    fc.assert(
      fc.property(text, (value) => {
        const length = Array.from(value).length;
        const result = guardSageValue(value, { field: 'f', width: length - 1 });
        assert.equal(result.ok, false);
        assert.deepEqual(!result.ok && result.problem.type, 'TooLong');
      }),
    );
  });

  it('refuses an 84-character e-mail for a 69-character column, naming field, width and length', () => {
    const email = `${'a'.repeat(69)}@example.com.fr`;
    assert.equal(email.length, 84);
    const result = guardSageValue(email, { field: 'customer.email', width: 69, exact: true });
    assert.deepEqual(result, {
      ok: false,
      problem: {
        type: 'TooLong',
        field: 'customer.email',
        width: 69,
        length: 84,
        message: 'customer.email: 84 characters, the Sage column holds 69; not written',
      },
    });
  });

  it('counts code points: an emoji at the cut point is dropped whole, never half', () => {
    const value = `${'x'.repeat(34)}😀y`;
    const result = guardSageValue(value, { field: 'customer.name', width: 35 });
    assert.deepEqual(result, {
      ok: true,
      value: `${'x'.repeat(34)}y`,
      transliterated: 0,
      dropped: 1,
    });
  });

  it('drops emoji sequences (ZWJ, skin tone, flags, keycaps) and keeps the text', () => {
    const result = guardSageValue('Chantier 👷🏽‍♀️ Lyon 🇫🇷 n°1️⃣', { field: 'f', width: 69 });
    assert.deepEqual(result, {
      ok: true,
      value: 'Chantier  Lyon  n°1',
      transliterated: 0,
      dropped: 9,
    });
  });

  it('maps typographic characters outside CP1252 and keeps those inside', () => {
    const result = guardSageValue(
      'A\u202f: B \u2192 C \u2260 D \u2011 «\u00a0é\u00a0» œ € \u2018x\u2019',
      {
        field: 'f',
        width: 69,
      },
    );
    assert.deepEqual(result, {
      ok: true,
      value: 'A : B -> C != D - «\u00a0é\u00a0» œ € \u2018x\u2019',
      transliterated: 4,
      dropped: 0,
    });
  });

  it('composes decomposed accents (NFC) instead of refusing them', () => {
    const result = guardSageValue('Re\u0301publique', { field: 'f', width: 69 });
    assert.deepEqual(result, { ok: true, value: 'République', transliterated: 0, dropped: 0 });
  });

  it('refuses letters of other scripts and Latin letters outside CP1252, naming them', () => {
    const cyrillic = guardSageValue('ООО Гидросервис', { field: 'customer.name', width: 35 });
    assert.equal(cyrillic.ok, false);
    assert.ok(!cyrillic.ok && cyrillic.problem.type === 'NotRepresentable');
    assert.ok(!cyrillic.ok && cyrillic.problem.field === 'customer.name');
    assert.deepEqual(
      !cyrillic.ok && cyrillic.problem.type === 'NotRepresentable' && cyrillic.problem.characters,
      ['О', 'Г', 'и', 'д', 'р', 'о', 'с', 'е', 'в'],
    );
    assert.match(!cyrillic.ok ? cyrillic.problem.message : '', /"Г" \(U\+0413\)/);
    for (const value of ['Łódź', 'Αθήνα', '東京', 'Ş']) {
      const result = guardSageValue(value, { field: 'city', width: 35 });
      assert.equal(!result.ok && result.problem.type, 'NotRepresentable', value);
    }
  });

  it('exact fields (e-mail, identifiers) are refused rather than changed', () => {
    const result = guardSageValue('jo😀@example.fr', { field: 'email', width: 69, exact: true });
    assert.equal(!result.ok && result.problem.type, 'NotRepresentable');
    const hyphen = guardSageValue('jean\u2011luc@example.fr', {
      field: 'email',
      width: 69,
      exact: true,
    });
    assert.equal(!hyphen.ok && hyphen.problem.type, 'NotRepresentable');
    assert.deepEqual(
      guardSageValue(' jo@example.fr ', { field: 'email', width: 69, exact: true }),
      {
        ok: true,
        value: 'jo@example.fr',
        transliterated: 0,
        dropped: 0,
      },
    );
  });

  it('an empty value (or one that is empty once emoji are dropped) clears only clearable fields', () => {
    for (const value of ['', '   ', '😀', '\u200b']) {
      const refused = guardSageValue(value, { field: 'customer.line2', width: 35 });
      assert.equal(!refused.ok && refused.problem.type, 'EmptyValue', JSON.stringify(value));
      const cleared = guardSageValue(value, {
        field: 'customer.line2',
        width: 35,
        clearable: true,
      });
      assert.equal(cleared.ok && cleared.value, '');
    }
  });
});

describe('sage.writer.clearableFields (configuration)', () => {
  it('defaults to none and accepts only the guarded field names', () => {
    assert.deepEqual(sageConfigSchema.parse(undefined).writer.clearableFields, []);
    const parsed = sageConfigSchema.parse({
      kind: 'embedded',
      writer: { clearableFields: ['customer.line2', 'delivery.contact'] },
    });
    assert.deepEqual(parsed.writer.clearableFields, ['customer.line2', 'delivery.contact']);
    assert.deepEqual(
      [...SAGE_WRITABLE_FIELDS].filter((f) => f.endsWith('email')),
      ['customer.email', 'delivery.email'],
    );
    const refused = sageConfigSchema.safeParse({
      kind: 'embedded',
      writer: { clearableFields: ['CT_Complement'] },
    });
    assert.equal(refused.success, false);
  });
});
