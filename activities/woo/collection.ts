import { z } from 'zod';
import { WooInvalidRequestError } from './errors';
import type { Query, WooHttp } from './http';
import { MAX_PER_PAGE, readPageInfo, type Page } from './pagination';

/** Listing of a paginated collection, one page or all pages. */

export interface ListParams {
  page?: number;
  per_page?: number;
  [param: string]: Query[string];
}

function pageRequest(params: ListParams, path: string): { page: number; perPage: number } {
  const page = params.page ?? 1;
  const perPage = params.per_page ?? 10;
  if (!Number.isInteger(page) || page < 1) {
    throw new WooInvalidRequestError(`page must be an integer ≥ 1, got ${page}`, {
      method: 'GET',
      path,
    });
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new WooInvalidRequestError(
      `per_page must be an integer in 1..${MAX_PER_PAGE}, got ${perPage}`,
      {
        method: 'GET',
        path,
      },
    );
  }
  return { page, perPage };
}

export async function listPage<T>(
  http: WooHttp,
  path: string,
  itemSchema: z.ZodType<T>,
  params: ListParams = {},
): Promise<Page<T>> {
  const { page, perPage } = pageRequest(params, path);
  const response = await http.request({
    method: 'GET',
    path,
    query: { ...params, page, per_page: perPage },
    schema: z.array(itemSchema),
    idempotent: true,
  });
  return {
    items: response.data,
    ...readPageInfo(response.headers, { page, perPage }, response.data.length),
  };
}

/**
 * Every page of a collection, 100 items at a time unless `per_page` says otherwise. Without an
 * explicit `orderby`, pages are ordered by ascending id so that items created meanwhile do not
 * shift the pages still to read.
 */
export async function* listAllPages<T>(
  http: WooHttp,
  path: string,
  itemSchema: z.ZodType<T>,
  params: ListParams = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const base: ListParams = {
    per_page: MAX_PER_PAGE,
    ...(params.orderby === undefined ? { orderby: 'id', order: 'asc' } : {}),
    ...params,
  };
  for (let page = params.page ?? 1; ; page += 1) {
    const result = await listPage(http, path, itemSchema, { ...base, page });
    if (result.items.length > 0) yield result;
    if (!result.hasNext || result.items.length === 0) return;
  }
}

/** All items of an async iterable of pages. */
export async function collectItems<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page.items);
  return items;
}
