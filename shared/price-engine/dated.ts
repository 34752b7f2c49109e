/**
 * Rows with validity windows. All versions of one key (same article and customer, say) form a
 * chain, most recent start first, so the version in force on a day is the first whose window
 * holds it. Rows without a window span ['', '~'] ('~' sorts after every digit).
 */
export interface Dated<T> {
  readonly from: string;
  readonly to: string;
  readonly value: T;
  readonly next: Dated<T> | null;
}

export const ALWAYS_FROM = '';
export const ALWAYS_TO = '~';

export function pickAt<T>(entry: Dated<T> | null | undefined, day: string): T | undefined {
  for (let e = entry; e !== null && e !== undefined; e = e.next) {
    if (e.from <= day && day <= e.to) return e.value;
  }
  return undefined;
}

export interface Version<T> {
  from: string;
  to: string;
  value: T;
  /** Orders versions with the same window whatever the input order (higher wins). */
  tieBreak: string;
}

/**
 * Chains the versions of one key. Two versions with the same window conflict: the one with the
 * highest tie-break is kept and the others are returned, so the caller can report them.
 */
export function chainVersions<T>(versions: Version<T>[]): {
  chain: Dated<T>;
  dropped: Version<T>[];
} {
  const sorted = [...versions].sort(
    (a, b) => cmp(b.from, a.from) || cmp(a.to, b.to) || cmp(b.tieBreak, a.tieBreak),
  );
  const kept: Version<T>[] = [];
  const dropped: Version<T>[] = [];
  for (const version of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && previous.from === version.from && previous.to === version.to)
      dropped.push(version);
    else kept.push(version);
  }
  let chain: Dated<T> | null = null;
  for (let i = kept.length - 1; i >= 0; i--) {
    chain = { from: kept[i].from, to: kept[i].to, value: kept[i].value, next: chain };
  }
  return { chain: chain as Dated<T>, dropped };
}

/** The same chain with every value transformed (used to attach grids to each version). */
export function mapChain<T, U>(entry: Dated<T>, map: (value: T) => U): Dated<U> {
  return {
    from: entry.from,
    to: entry.to,
    value: map(entry.value),
    next: entry.next === null ? null : mapChain(entry.next, map),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalises an optional ISO day or timestamp to the window bound form. */
export function dayOf(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  return value.length > 10 ? value.slice(0, 10) : value;
}
