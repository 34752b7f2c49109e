import { invalidParams, type ParamProblem } from './errors';
import type { RequestContext } from './context';

/** `page` / `per_page` / `offset` as WordPress validates them, and the X-WP-* / Link headers. */

export interface Paging {
  page: number;
  perPage: number;
  offset: number | null;
}

const INTEGER = /^[+-]?\d+$/;

export function parsePaging(query: Record<string, string>, defaultPerPage = 10): Paging {
  const problems: ParamProblem[] = [];
  const readInt = (name: string, fallback: number): number => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    if (!INTEGER.test(raw)) {
      problems.push({
        param: name,
        code: 'rest_invalid_type',
        message: `${name} is not of type integer.`,
      });
      return fallback;
    }
    return parseInt(raw, 10);
  };
  const page = readInt('page', 1);
  const perPage = readInt('per_page', defaultPerPage);
  const offset = query.offset === undefined ? null : readInt('offset', 0);
  if (query.page !== undefined && INTEGER.test(query.page) && page < 1)
    problems.push({
      param: 'page',
      code: 'rest_out_of_bounds',
      message: 'page must be greater than or equal to 1',
    });
  if (
    query.per_page !== undefined &&
    INTEGER.test(query.per_page) &&
    (perPage < 1 || perPage > 100)
  )
    problems.push({
      param: 'per_page',
      code: 'rest_out_of_bounds',
      message: 'per_page must be between 1 (inclusive) and 100 (inclusive)',
    });
  if (problems.length) throw invalidParams(problems);
  return { page, perPage, offset };
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(ctx: RequestContext, all: T[], paging: Paging): Page<T> {
  const total = all.length;
  const totalPages = Math.ceil(total / paging.perPage);
  const start = paging.offset ?? (paging.page - 1) * paging.perPage;
  const items = all.slice(start, start + paging.perPage);
  const headers: Record<string, string> = {
    'X-WP-Total': String(total),
    'X-WP-TotalPages': String(totalPages),
  };
  const links: string[] = [];
  if (paging.page > 1) {
    const prev = Math.min(paging.page - 1, totalPages);
    links.push(`<${pageUrl(ctx, prev)}>; rel="prev"`);
  }
  if (totalPages > paging.page) links.push(`<${pageUrl(ctx, paging.page + 1)}>; rel="next"`);
  if (links.length) headers['Link'] = links.join(', ');
  return { items, headers };
}

/** The request URL with `page` replaced (or appended), other parameters kept in their order. */
function pageUrl(ctx: RequestContext, page: number): string {
  const parts = ctx.rawQuery ? ctx.rawQuery.split('&').filter(Boolean) : [];
  let replaced = false;
  const next = parts.map((p) => {
    if (p.split('=')[0] === 'page') {
      replaced = true;
      return `page=${page}`;
    }
    return p;
  });
  if (!replaced) next.push(`page=${page}`);
  return `${ctx.baseUrl}${ctx.path}?${next.join('&')}`;
}
