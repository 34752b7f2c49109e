import { normaliseKey } from './references';

/**
 * Default home depot of a customer: the depot whose postal code equals the customer's (after
 * trimming and removing inner spaces, "75 001" = "75001"); if none, the first depot of the same
 * département (two first digits). Returns undefined when nothing matches — the caller decides
 * (a configured fallback depot, or no home depot).
 */
export function depotForPostalCode<T extends { depotNo: number; postalCode: string }>(
  postalCode: string | null | undefined,
  depots: readonly T[],
): T | undefined {
  const wanted = compactPostalCode(postalCode);
  if (wanted === '') return undefined;
  const exact = depots.find((d) => compactPostalCode(d.postalCode) === wanted);
  if (exact) return exact;
  const department = wanted.slice(0, 2);
  return [...depots]
    .sort((a, b) => a.depotNo - b.depotNo)
    .find((d) => compactPostalCode(d.postalCode).slice(0, 2) === department);
}

function compactPostalCode(raw: string | null | undefined): string {
  return normaliseKey(raw).replace(/\s+/g, '');
}
