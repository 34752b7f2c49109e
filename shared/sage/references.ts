/**
 * Business keys read from Sage (AR_Ref, CT_Num, FA_CodeFamille, DO_Piece…) are char-like: real
 * companies hold values with trailing spaces that SQL Server ignores in comparisons. The domain
 * always sees the trimmed key.
 */
export function normaliseKey(raw: string | null | undefined): string {
  return (raw ?? '').trim();
}

/** True when the stored key differs from its normalised form (worth reporting, not fatal). */
export function hasStrayWhitespace(raw: string | null | undefined): boolean {
  return raw !== null && raw !== undefined && raw !== raw.trim();
}

/** A designation as shown to people: NULL and blank become '' (the caller reports them). */
export function normaliseText(raw: string | null | undefined): string {
  return (raw ?? '').trim();
}

/** Thrown when a document number cannot be incremented (no trailing digits, or too long). */
export class PieceNumberError extends Error {
  constructor(piece: string, reason: string) {
    super(`cannot increment document number "${piece}": ${reason}`);
    this.name = 'PieceNumberError';
  }
}

/** Longest DO_Piece Sage accepts (varchar(13) since v3.10). */
export const MAX_PIECE_LENGTH = 13;

/**
 * Next document number the way Sage numbers pieces: keep the prefix, add one to the trailing
 * counter, keep its zero-padded width ("DE00041" → "DE00042", "23DE0099" → "23DE0100").
 * The width grows only when the counter overflows ("DE99" → "DE100").
 */
export function nextPieceNumber(piece: string): string {
  const match = /^(.*?)(\d+)$/.exec(piece.trim());
  if (!match) throw new PieceNumberError(piece, 'no trailing counter');
  const [, prefix, digits] = match;
  const next = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const result = `${prefix}${next}`;
  if (result.length > MAX_PIECE_LENGTH) {
    throw new PieceNumberError(piece, `longer than ${MAX_PIECE_LENGTH} characters`);
  }
  return result;
}
