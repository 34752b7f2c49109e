/**
 * Pagination of WordPress REST collections: `X-WP-Total` / `X-WP-TotalPages` headers, and a
 * `Link` header with `prev`/`next` only. Some collections (order notes) have no headers at all.
 */

export interface PageInfo {
  page: number;
  perPage: number;
  /** Total items, when the shop said (`X-WP-Total`). */
  total?: number;
  /** Total pages, when the shop said (`X-WP-TotalPages`). */
  totalPages?: number;
  /** Whether a next page exists, from the headers or, failing them, from a full page. */
  hasNext: boolean;
}

export interface Page<T> extends PageInfo {
  items: T[];
}

type HeaderBag = Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      return first === undefined || first === null ? undefined : String(first);
    }
  }
  return undefined;
}

function nonNegativeInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** `rel` → URL of a `Link` header (`<url>; rel="next", <url>; rel="prev"`). */
export function parseLinkHeader(value: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rel = /rel="?([^";]+)"?/.exec(match[2]);
    if (rel) for (const name of rel[1].trim().split(/\s+/)) links[name] = match[1];
  }
  return links;
}

export function readPageInfo(
  headers: HeaderBag,
  request: { page: number; perPage: number },
  itemCount: number,
): PageInfo {
  const total = nonNegativeInt(header(headers, 'X-WP-Total'));
  const totalPages = nonNegativeInt(header(headers, 'X-WP-TotalPages'));
  const links = parseLinkHeader(header(headers, 'Link'));
  let hasNext: boolean;
  if (totalPages !== undefined) hasNext = request.page < totalPages;
  else if ('next' in links) hasNext = true;
  else hasNext = itemCount >= request.perPage && itemCount > 0;
  return {
    page: request.page,
    perPage: request.perPage,
    ...(total !== undefined ? { total } : {}),
    ...(totalPages !== undefined ? { totalPages } : {}),
    hasNext,
  };
}

/** WordPress accepts 1..100 items per page. */
export const MAX_PER_PAGE = 100;
