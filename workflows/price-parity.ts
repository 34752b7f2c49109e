import { proxyActivities } from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import type { ParityInput, ParityResult } from '../activities/price-sync/parity-check';
import { syncPageActivities } from './catalog-sync';

const prices = proxyActivities<SageActivities>(syncPageActivities);

/**
 * Parity check: samples customers × articles, compares the engine's price (Sage now) with the
 * price the shop's data implies, and reports every mismatch with both derivations (operator
 * reports, flow `prices`; the first ones also in the result).
 */
export async function priceParity(input: ParityInput = {}): Promise<ParityResult> {
  return prices.priceParityCheck(input);
}
