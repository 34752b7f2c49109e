import assert from 'node:assert/strict';
import type { ActivityDeps } from '../../../activities/deps';
import {
  PUSH_FULL_READ_EVERY_MS,
  shopOrdersForPush,
} from '../../../activities/stock/push-shop-orders';
import type { OrderListFilter } from '../../../activities/woo/client';
import { parseConfig } from '../../../shared/config';

/** A shop order as the fake shop keeps it: its status, units taken, when it was last modified. */
interface FakeOrder {
  number: string;
  status: string;
  units: number;
  modifiedAt: number;
}

/**
 * A worker's deps over a fake shop whose order list answers the two reads a push makes: open
 * orders by status, and orders modified after a date (every status).
 */
function fakeWorker(orders: FakeOrder[]) {
  const reads: ('full' | 'changes')[] = [];
  /** While set, reads of changes wait for it (a slow shop answer). */
  const slow: { changes?: Promise<void> } = {};
  const listAll = async function* (params: OrderListFilter = {}) {
    const since = params.modified_after;
    reads.push(since instanceof Date ? 'changes' : 'full');
    if (since instanceof Date) await slow.changes;
    const statuses = params.status ? [params.status].flat() : undefined;
    const items = orders
      .filter((o) => (since instanceof Date ? o.modifiedAt > since.getTime() : true))
      .filter((o) => statuses?.includes(o.status) ?? true)
      .map((o) => ({
        number: o.number,
        status: o.status,
        line_items: [
          {
            sku: 'A',
            meta_data: o.units > 0 ? [{ key: '_reduced_stock', value: String(o.units) }] : [],
          },
        ],
      }));
    yield { items };
  };
  const deps = {
    config: parseConfig({}, {}),
    woo: () => Promise.resolve({ orders: { listAll } }),
  } as unknown as ActivityDeps;
  return { deps, reads, slow };
}

const numbers = (list: { number: string }[]) => list.map((o) => o.number).sort();

describe("a worker's shop orders for stock pushes", () => {
  it('reads them all once, then only the orders modified since (every status)', async () => {
    let clock = 1_000_000;
    const shop: FakeOrder[] = [
      { number: '1', status: 'processing', units: 2, modifiedAt: clock - 86_400_000 },
      { number: '2', status: 'processing', units: 1, modifiedAt: clock - 3_600_000 },
    ];
    const { deps, reads } = fakeWorker(shop);
    const now = () => clock;
    assert.deepEqual(numbers(await shopOrdersForPush(deps, now)), ['1', '2']);
    assert.deepEqual(reads.splice(0), ['full']);
    // An order placed, another cancelled (its units given back).
    clock += 10_000;
    shop.push({ number: '3', status: 'processing', units: 4, modifiedAt: clock - 1 });
    Object.assign(shop[1], { status: 'cancelled', units: 0, modifiedAt: clock - 1 });
    assert.deepEqual(numbers(await shopOrdersForPush(deps, now)), ['1', '3']);
    assert.deepEqual(reads.splice(0), ['changes']);
  });

  it('reads them all again in the background once the last full read is old', async () => {
    let clock = 5_000_000;
    const shop: FakeOrder[] = [
      { number: '1', status: 'processing', units: 2, modifiedAt: clock - 86_400_000 },
      { number: '2', status: 'processing', units: 1, modifiedAt: clock - 86_400_000 },
    ];
    const { deps, reads, slow } = fakeWorker(shop);
    // Each look at the clock is a millisecond later.
    const now = () => ++clock;
    await shopOrdersForPush(deps, now);
    // Order 2 is trashed: gone from the list without a modification date a read could see.
    shop.splice(1, 1);
    clock += PUSH_FULL_READ_EVERY_MS - 10;
    assert.deepEqual(numbers(await shopOrdersForPush(deps, now)), ['1', '2']);
    assert.deepEqual(reads.splice(0), ['full', 'changes']);
    clock += 10;
    // This push answers from its list brought up to date, the full read runs beside it; its
    // shop answer comes after the full read's.
    let answer!: () => void;
    slow.changes = new Promise((resolve) => (answer = resolve));
    const push = shopOrdersForPush(deps, now);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(reads.splice(0), ['full', 'changes']);
    answer();
    slow.changes = undefined;
    assert.deepEqual(numbers(await push), ['1', '2']);
    // The next push starts from the new full read, not from that later but older-based list.
    clock += 1_000;
    assert.deepEqual(numbers(await shopOrdersForPush(deps, now)), ['1']);
    assert.deepEqual(reads.splice(0), ['changes']);
  });
});
