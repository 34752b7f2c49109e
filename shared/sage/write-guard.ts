/**
 * The write guard: the last check before a text value goes into a Sage column.
 *
 * Sage's text columns are `varchar(n)` in the company's code page (Windows-1252 for French
 * companies): one byte per character, at most `n` of them. The shop accepts any Unicode and any
 * length. The guard turns a shop value into a value Sage can hold unchanged, or refuses it with a
 * named problem; it never cuts a value and never lets SQL Server replace a character with `?`.
 *
 * Per character (code points, never UTF-16 halves), after Unicode NFC composition:
 * 1. in CP1252 (printable) → kept as is (é, €, œ, Œ, Š, Ž, ‘ ’ “ ” – — … are all CP1252);
 * 2. in TYPOGRAPHIC_EQUIVALENTS (typographic variants a reader reads the same) → replaced;
 * 3. line breaks, tabs and other spaces → one space;
 * 4. emoji, pictographs, other symbols (\p{So}, \p{Sk}), emoji joiners/selectors/modifiers,
 *    invisible format characters, controls, private-use, unassigned and lone surrogates →
 *    dropped (counted in `dropped`);
 * 5. anything else (letters, digits, marks, punctuation, currency or math signs of other scripts:
 *    Cyrillic, Greek, CJK, Arabic, Latin letters outside CP1252 such as ł or ő) → problem
 *    `NotRepresentable`, naming the characters. Dropping a diacritic changes a name: not lossless.
 *
 * Then the value is trimmed; blank → problem `EmptyValue` unless the field is clearable; more
 * characters than the column width → problem `TooLong` (CP1252 is single-byte: characters ==
 * bytes). Exact fields (e-mail addresses, identifiers) accept rule 1 only: a value that would need
 * any replacement or drop is refused whole (`NotRepresentable`), since another address or key is
 * not the same value.
 *
 * Pure: no I/O. The result is idempotent (guarding a returned value returns it unchanged), and a
 * trimmed CP1252 value that fits is returned unchanged.
 */

export type SageCodePage = 'CP1252';

/** Why a value is not written. `field` is the caller's name for it (a domain field or column). */
export type GuardProblem =
  | { type: 'TooLong'; field: string; width: number; length: number; message: string }
  | { type: 'NotRepresentable'; field: string; characters: string[]; message: string }
  | { type: 'EmptyValue'; field: string; message: string };

export type GuardProblemType = GuardProblem['type'];

export type GuardResult =
  | {
      ok: true;
      /** The value to write: trimmed, CP1252-encodable, at most `width` characters. */
      value: string;
      /** Characters replaced by the typographic table (or spaces normalised). */
      transliterated: number;
      /** Emoji and other symbols dropped. */
      dropped: number;
    }
  | { ok: false; problem: GuardProblem };

export interface GuardColumn {
  /** Name reported in problems (e.g. `email` or `CT_EMail`). */
  field: string;
  /** varchar width in characters; `Infinity` for varchar(max). */
  width: number;
  /** Only CP1252 today; kept explicit so a company on another code page fails loudly. */
  codePage?: SageCodePage;
  /** E-mail addresses and identifiers: no replacement, no drop — refused instead. */
  exact?: boolean;
  /** A blank value may clear the column; otherwise blank is the `EmptyValue` problem. */
  clearable?: boolean;
}

/** The 27 printable characters of CP1252 bytes 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D unused). */
const CP1252_HIGH = new Set(
  [
    0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
    0x0153, 0x017e, 0x0178,
  ].map((c) => String.fromCodePoint(c)),
);

/** True for a character Sage stores as is: printable ASCII, Latin-1 (A0–FF) or CP1252_HIGH. */
export function isCp1252Printable(char: string): boolean {
  const code = char.codePointAt(0) ?? -1;
  if (char.length !== 1) return false;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return CP1252_HIGH.has(char);
}

/** True when every character of `value` is printable CP1252 (what the guard may return). */
export function isCp1252Text(value: string): boolean {
  for (const char of value) if (!isCp1252Printable(char)) return false;
  return true;
}

/**
 * Typographic characters outside CP1252 that a reader reads the same as their replacement. Keep
 * it small and obvious; docs/sage-write-guard.md lists it for operators.
 */
export const TYPOGRAPHIC_EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2015': '\u2014', // horizontal bar → em dash
  '\u2212': '-', // minus sign
  '\u201b': "'", // single high-reversed-9 quotation mark
  '\u201f': '"', // double high-reversed-9 quotation mark
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u2044': '/', // fraction slash
  '\u2215': '/', // division slash
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d0': '<=',
  '\u21d2': '=>',
  '\u2260': '!=',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2248': '~',
  '\u2103': '\u00b0C', // degree Celsius
  '\u2116': 'No', // numero sign
  '\u2024': '.', // one dot leader
  '\u2027': '\u00b7', // hyphenation point → middle dot
};

/** Space-like characters (other than U+0020 and U+00A0, which CP1252 has) → one space. */
const SPACE_LIKE = /^[\t\n\v\f\r\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/** Fullwidth ASCII forms (U+FF01–U+FF5E) read as ASCII. */
function fullwidthToAscii(code: number): string | undefined {
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : undefined;
}

/**
 * Dropped without a problem: pictographs and emoji, other symbols, emoji components (ZWJ,
 * variation selectors, skin-tone modifiers, tags, keycap), invisible format characters, controls,
 * private use, unassigned code points, lone surrogates.
 */
const DROPPED =
  /^(?:\p{Extended_Pictographic}|\p{So}|\p{Sk}|\p{Cf}|\p{Cc}|\p{Co}|\p{Cn}|\p{Cs}|[\u20e3\ufe00-\ufe0f]|[\u{e0020}-\u{e007f}]|[\u{e0100}-\u{e01ef}])$/u;

type CharFate =
  { kind: 'keep' } | { kind: 'replace'; by: string } | { kind: 'drop' } | { kind: 'refuse' };

function fateOf(char: string): CharFate {
  if (isCp1252Printable(char)) return { kind: 'keep' };
  const table = TYPOGRAPHIC_EQUIVALENTS[char];
  if (table !== undefined) return { kind: 'replace', by: table };
  if (SPACE_LIKE.test(char)) return { kind: 'replace', by: ' ' };
  const fullwidth = fullwidthToAscii(char.codePointAt(0) ?? 0);
  if (fullwidth !== undefined) return { kind: 'replace', by: fullwidth };
  if (DROPPED.test(char)) return { kind: 'drop' };
  return { kind: 'refuse' };
}

/** Iterates code points; a lone surrogate comes out as its own one-unit string. */
function codePoints(value: string): string[] {
  return Array.from(value);
}

/** Guards one value for one Sage column: the value to write, or why not. */
export function guardSageValue(value: string, column: GuardColumn): GuardResult {
  const { field, width } = column;
  if ((column.codePage ?? 'CP1252') !== 'CP1252') {
    throw new Error(`unsupported Sage code page ${String(column.codePage)}`);
  }
  if (!(width >= 0)) throw new Error(`invalid width ${width} for ${field}`);
  // NFC composes "e + ◌́" into "é" (CP1252); lone surrogates make normalize() keep them as is.
  const composed = value.normalize('NFC');
  let out = '';
  let transliterated = 0;
  let dropped = 0;
  const refused: string[] = [];
  for (const char of codePoints(composed)) {
    const fate = fateOf(char);
    if (fate.kind === 'keep') {
      out += char;
    } else if (column.exact === true) {
      refused.push(char);
    } else if (fate.kind === 'replace') {
      out += fate.by;
      transliterated += 1;
    } else if (fate.kind === 'drop') {
      dropped += 1;
    } else {
      refused.push(char);
    }
  }
  if (refused.length > 0) {
    const characters = [...new Set(refused)];
    const shown = characters.map(describeChar).join(', ');
    return {
      ok: false,
      problem: {
        type: 'NotRepresentable',
        field,
        characters,
        message: `${field}: ${shown} cannot be stored in the Sage code page (CP1252); not written`,
      },
    };
  }
  const trimmed = trimSpaces(out);
  if (trimmed === '' && column.clearable !== true) {
    return {
      ok: false,
      problem: {
        type: 'EmptyValue',
        field,
        message: `${field}: empty value does not clear Sage (field not clearable); not written`,
      },
    };
  }
  const length = codePoints(trimmed).length;
  if (length > width) {
    return {
      ok: false,
      problem: {
        type: 'TooLong',
        field,
        width,
        length,
        message: `${field}: ${length} characters, the Sage column holds ${width}; not written`,
      },
    };
  }
  return { ok: true, value: trimmed, transliterated, dropped };
}

/** Trims ASCII spaces and the no-break space (both CP1252), as Sage's own UI does. */
function trimSpaces(value: string): string {
  return value.replace(/^[ \u00a0]+|[ \u00a0]+$/g, '');
}

/** `"Ж" (U+0416)` — readable in a report even when the character is invisible or unprintable. */
function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `"${char}" (U+${hex})`;
}

/**
 * The shop-edited fields the Sage writers guard, by domain name (`customer.*`: the account,
 * F_COMPTET; `delivery.*`: a delivery address, F_LIVRAISON). `sage.writer.clearableFields` lists
 * those an empty shop value may clear.
 */
export const SAGE_WRITABLE_FIELDS = [
  'customer.name',
  'customer.email',
  'customer.phone',
  'customer.line1',
  'customer.line2',
  'customer.postalCode',
  'customer.city',
  'customer.region',
  'customer.country',
  'delivery.name',
  'delivery.line1',
  'delivery.line2',
  'delivery.postalCode',
  'delivery.city',
  'delivery.region',
  'delivery.country',
  'delivery.contact',
  'delivery.phone',
  'delivery.email',
] as const;

export type SageWritableField = (typeof SAGE_WRITABLE_FIELDS)[number];
