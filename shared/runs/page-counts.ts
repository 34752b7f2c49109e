/**
 * The counters of a paged sync: each page activity returns its counts, the workflow sums them
 * into the run's totals (carried across continue-as-new). Each kind declares its counts once,
 * beside its page result, with the empty totals (`shared/catalog/page-result.ts`,
 * `shared/price-sync/page-result.ts`, `shared/customers/report.ts`).
 */

/** Totals: every field a count. */
export type Counts<T> = { [K in keyof T]: number };

/**
 * A page's counts summed into the totals. Every count of `empty` is kept: totals carried from a
 * run started before a count existed lack it (it starts at 0), and a page that lacks one (an
 * activity of an older worker) adds 0. Fields of the page that are no count are ignored.
 */
export function addCounts<T extends Counts<T>>(
  empty: () => T,
  totals: Partial<T>,
  page: Partial<Record<keyof T, unknown>>,
): T {
  const out = { ...empty(), ...totals };
  for (const key of Object.keys(out) as (keyof T)[]) {
    const more = page[key];
    out[key] = (out[key] + (typeof more === 'number' ? more : 0)) as T[keyof T];
  }
  return out;
}
