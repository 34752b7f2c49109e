import { durationToMs } from '../../shared/config';
import { mergeShopStockOrders, type ShopStockOrder } from '../../shared/stock/web-orders';
import type { ActivityDeps } from '../deps';
import { openStockStatuses, readShopOrderChanges, readShopStockOrders } from './web-orders';

/**
 * The shop's open orders for targeted stock pushes (stock push buckets, pushes by hand), kept by
 * the worker from one push to the next, so that a push does not read them all (a request per
 * 100, and a shop holds hundreds awaiting validation for days) while it holds one of the few
 * Sage slots. Kept in the worker, not passed through a workflow: a list of orders has no place
 * in a history.
 *
 * The worker's first push reads them all. Every push then reads the orders modified since the
 * list was last brought up to date, from `orders.intake.overlap` before it (the shop's clock
 * against the worker's, second-resolution dates, late commits), with every status, and merges
 * them in (mergeShopStockOrders): orders placed meanwhile are added, cancelled ones dropped. An
 * order placed while the push waited for its Sage slot is thus counted, and the read made inside
 * the slot is the short window of recent changes, not the whole list.
 *
 * What a modification date does not show (an order moved to the trash, a page the full read
 * missed while orders moved) is caught by a full read again every PUSH_FULL_READ_EVERY_MS,
 * made in the background: the pushes meanwhile go on with the list they have.
 */

/** Age of the last full read after which a push starts another, in the background. */
export const PUSH_FULL_READ_EVERY_MS = 5 * 60_000;

interface Known {
  /** When the read that made this list began (epoch ms, the worker's clock). */
  readFrom: number;
  orders: ShopStockOrder[];
  /** The full read the list descends from: lists of an older one are not kept. */
  generation: number;
  /** When that full read began. */
  fullReadFrom: number;
}

interface PushOrders {
  known?: Known;
  fullRead?: Promise<Known>;
  generation: number;
}

const byWorker = new WeakMap<ActivityDeps, PushOrders>();

/** The shop's open orders that took stock, up to date as of this call. */
export async function shopOrdersForPush(
  deps: ActivityDeps,
  now: () => number = Date.now,
): Promise<ShopStockOrder[]> {
  if (!deps.config.stock.available.minusWebOrders) return [];
  const state = byWorker.get(deps) ?? { generation: 0 };
  byWorker.set(deps, state);
  const startedAt = now();
  let known = state.known;
  if (!known) {
    // A full read another push started earlier may have begun before orders placed since.
    const joined = state.fullRead !== undefined;
    known = await fullRead(deps, state, now);
    if (!joined) return known.orders;
  } else if (startedAt - known.fullReadFrom > PUSH_FULL_READ_EVERY_MS) {
    fullRead(deps, state, now).catch(() => undefined);
  }
  return (await topUp(deps, state, known, now)).orders;
}

/** Reads them all (one read at a time per worker) and keeps the list. */
function fullRead(deps: ActivityDeps, state: PushOrders, now: () => number): Promise<Known> {
  state.fullRead ??= (async () => {
    const readFrom = now();
    const orders = await readShopStockOrders(deps);
    state.generation += 1;
    const known = { readFrom, orders, generation: state.generation, fullReadFrom: readFrom };
    state.known = known;
    return known;
  })().finally(() => {
    state.fullRead = undefined;
  });
  return state.fullRead;
}

/** Brings a list up to date with the orders modified since it was read, and keeps the result. */
async function topUp(
  deps: ActivityDeps,
  state: PushOrders,
  known: Known,
  now: () => number,
): Promise<Known> {
  const readFrom = now();
  const overlapMs = durationToMs(deps.config.orders.intake.overlap);
  const changes = await readShopOrderChanges(deps, new Date(known.readFrom - overlapMs));
  const next = {
    ...known,
    readFrom,
    orders: mergeShopStockOrders(known.orders, changes, openStockStatuses(deps)),
  };
  const kept = state.known;
  if (!kept || (next.generation === kept.generation && next.readFrom > kept.readFrom)) {
    state.known = next;
  }
  return next;
}
