import assert from 'node:assert/strict';
import { parseLinkHeader, readPageInfo } from '../../../activities/woo/pagination';

describe('woo pagination headers', () => {
  it('parses WordPress Link headers', () => {
    const links = parseLinkHeader(
      '<https://s/wp-json/wc/v3/products?per_page=2&page=1>; rel="prev", <https://s/wp-json/wc/v3/products?per_page=2&page=3>; rel="next"',
    );
    assert.equal(links.prev, 'https://s/wp-json/wc/v3/products?per_page=2&page=1');
    assert.equal(links.next, 'https://s/wp-json/wc/v3/products?per_page=2&page=3');
    assert.deepEqual(parseLinkHeader('<https://s/wp-json/>; rel="https://api.w.org/"'), {
      'https://api.w.org/': 'https://s/wp-json/',
    });
    assert.deepEqual(parseLinkHeader(undefined), {});
  });

  it('reads totals and whether a next page exists', () => {
    const info = readPageInfo(
      { 'x-wp-total': '5', 'x-wp-totalpages': '3' },
      { page: 1, perPage: 2 },
      2,
    );
    assert.deepEqual(info, { page: 1, perPage: 2, total: 5, totalPages: 3, hasNext: true });
    const last = readPageInfo(
      { 'X-WP-Total': '5', 'X-WP-TotalPages': '3' },
      { page: 3, perPage: 2 },
      1,
    );
    assert.equal(last.hasNext, false);
  });

  it('treats a page beyond the last one as the end', () => {
    const info = readPageInfo(
      { 'x-wp-total': '5', 'x-wp-totalpages': '3' },
      { page: 99, perPage: 2 },
      0,
    );
    assert.equal(info.hasNext, false);
  });

  it('falls back to the Link header, then to a full page, without totals', () => {
    const withLink = readPageInfo(
      { link: '<https://s/x?page=2>; rel="next"' },
      { page: 1, perPage: 10 },
      3,
    );
    assert.equal(withLink.hasNext, true);
    assert.equal(readPageInfo({}, { page: 1, perPage: 10 }, 10).hasNext, true);
    assert.equal(readPageInfo({}, { page: 1, perPage: 10 }, 9).hasNext, false);
    assert.equal(
      readPageInfo({ 'x-wp-total': 'abc' }, { page: 1, perPage: 10 }, 0).total,
      undefined,
    );
  });
});
