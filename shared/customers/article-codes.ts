/**
 * Customer article codes: the reference a B2B buyer orders an article by (their own code, kept
 * in Sage per article and account). Pure: resolution, the shop meta's text form, look-ups.
 */

/** One account's code for one article (an F_ARTCLIENT customer row with a code). */
export interface ArticleCode {
  account: string;
  articleReference: string;
  code: string;
}

/** Article reference (the shop's SKU) → the customer's code. */
export type ArticleCodes = Readonly<Record<string, string>>;

/**
 * The codes a customer uses: its own, and for a member of a central account the central's codes
 * for the articles it has none of its own for (the member buys under the central's agreements;
 * a code the member set itself is more specific and wins, article by article).
 */
export function effectiveArticleCodes(
  own: readonly ArticleCode[],
  central: readonly ArticleCode[],
): ArticleCodes {
  const out: Record<string, string> = {};
  for (const row of central) out[row.articleReference] = row.code;
  for (const row of own) out[row.articleReference] = row.code;
  return sortedCodes(out);
}

function sortedCodes(codes: Readonly<Record<string, string>>): ArticleCodes {
  const out: Record<string, string> = {};
  for (const sku of Object.keys(codes).sort()) out[sku] = codes[sku];
  return out;
}

/**
 * The flat-field form of the codes (customer fields are strings): canonical JSON with sorted
 * keys, so equal codes give equal text and an equal customer hash; '' when there are none.
 */
export function articleCodesText(codes: ArticleCodes): string {
  return Object.keys(codes).length === 0 ? '' : JSON.stringify(sortedCodes(codes));
}

/**
 * Codes from a meta value as the shop returns it (an object, or the JSON text of one); anything
 * else reads as no codes. Non-text entries are left out.
 */
export function articleCodesFromMeta(value: unknown): ArticleCodes {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const out: Record<string, string> = {};
  for (const [sku, code] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof code === 'string' && code.trim() !== '') out[sku] = code;
  }
  return sortedCodes(out);
}

/** Codes that name more than one article of the same customer: code → the articles. */
export function ambiguousCodes(codes: ArticleCodes): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const [sku, code] of Object.entries(codes)) {
    const key = code.toUpperCase();
    byCode.set(key, [...(byCode.get(key) ?? []), sku]);
  }
  return new Map([...byCode].filter(([, skus]) => skus.length > 1));
}
