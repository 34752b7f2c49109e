import type { StockLevel } from '../../../shared/sage/types';

/** The demo company's eight depots by number. */
export const depots = new Map(
  ['LYO', 'MRS', 'TLS', 'BOD', 'NTE', 'LIL', 'LYR', 'SAV'].map((code, i) => [i + 1, { code }]),
);

/** A Sage stock row of `ref` in depot `depotNo` (nothing on order or in preparation unless said). */
export function stockLevel(
  ref: string,
  depotNo: number,
  onHand: string,
  reserved = '0',
  more: Partial<StockLevel> = {},
): StockLevel {
  return {
    rowId: depotNo,
    modifiedAt: '2025-01-01T00:00:00.000',
    articleReference: ref,
    depotNo,
    onHand,
    reserved,
    onOrder: '0',
    inPreparation: '0',
    ...more,
  };
}
