import Big from 'big.js';
import type { StockConfig } from '../config/catalog';
import type { Depot, StockLevel } from '../sage/types';
import type { PendingWebQuantity } from './web-orders';

/**
 * Sage stock rows (article × depot) → what the shop gets: a quantity per sent depot (grouped
 * depots summed under the group's code, excluded depots never sent) and a total that is the
 * sum of the depots sent. Quantities are whole units, rounded down: the shop must never
 * promise what Sage does not have.
 */

export type StockRules = Pick<
  StockConfig,
  'available' | 'clampNegative' | 'depotKey' | 'codes' | 'groups' | 'excluded'
>;

/** Available quantity of one stock row, by the configured formula (exact decimals). */
export function availableQuantity(level: StockLevel, rules: StockRules): Big {
  let quantity = new Big(level.onHand);
  if (rules.available.minusReserved) quantity = quantity.minus(level.reserved);
  if (rules.available.minusInPreparation) quantity = quantity.minus(level.inPreparation);
  if (rules.available.plusOnOrder) quantity = quantity.plus(level.onOrder);
  return quantity;
}

/** The code a depot is sent under (group code for group members), or null when excluded. */
export function depotCodeOf(
  depotNo: number,
  depots: ReadonlyMap<number, Pick<Depot, 'code'>>,
  rules: StockRules,
): string | null {
  if (rules.excluded.includes(depotNo)) return null;
  const group = rules.groups.find((g) => g.members.includes(depotNo));
  if (group) return group.code;
  const override = rules.codes[String(depotNo)];
  if (override) return override;
  if (rules.depotKey === 'number') return String(depotNo);
  return depots.get(depotNo)?.code || String(depotNo);
}

/** Every code the shop receives, in depot order: each article's meta has all of them. */
export function sentDepotCodes(
  depots: ReadonlyMap<number, Pick<Depot, 'code'>>,
  rules: StockRules,
): string[] {
  const codes: string[] = [];
  for (const depotNo of [...depots.keys()].sort((a, b) => a - b)) {
    const code = depotCodeOf(depotNo, depots, rules);
    if (code !== null && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

export interface ArticleStock {
  /** Depot code → whole units, every sent depot present (0 when Sage has no row). */
  byDepot: Record<string, number>;
  total: number;
}

function wholeUnits(quantity: Big, divisor: Big, clamp: boolean): number {
  const units = quantity.div(divisor).round(0, Big.roundDown);
  const value = clamp && units.lt(0) ? new Big(0) : units;
  return Number(value.toFixed(0));
}

/**
 * Per-depot quantities and total of one article. `unitsPerItem` > 1 is a packaging variation:
 * it counts whole packages (floor(units / quantity)). `pending`: the article's web-order quote
 * lines Sage has not reserved yet, taken off their depot when `available.minusWebOrders`
 * (shared/stock/web-orders.ts).
 */
export function articleStock(
  levels: readonly StockLevel[],
  depots: ReadonlyMap<number, Pick<Depot, 'code'>>,
  rules: StockRules,
  unitsPerItem: string = '1',
  pending: readonly PendingWebQuantity[] = [],
): ArticleStock {
  const sums = new Map<string, Big>(sentDepotCodes(depots, rules).map((c) => [c, new Big(0)]));
  const add = (depotNo: number, quantity: Big) => {
    const code = depotCodeOf(depotNo, depots, rules);
    if (code !== null) sums.set(code, (sums.get(code) ?? new Big(0)).plus(quantity));
  };
  for (const level of levels) add(level.depotNo, availableQuantity(level, rules));
  if (rules.available.minusWebOrders) {
    for (const p of pending) add(p.depotNo, new Big(p.quantity).neg());
  }
  const divisor = new Big(unitsPerItem).gt(0) ? new Big(unitsPerItem) : new Big(1);
  const byDepot: Record<string, number> = {};
  let total = 0;
  for (const [code, sum] of sums) {
    byDepot[code] = wholeUnits(sum, divisor, rules.clampNegative);
    total += byDepot[code];
  }
  return { byDepot, total };
}
