import type { PriceDifference } from './types';

/**
 * The texts the order workflow writes on the shop order, in French for the shop's staff (the
 * notes of each chain stage are `stageNote` in stages.ts). Pure, so the workflow stays
 * orchestration only and the wording is tested on its own.
 */

/** Note: the price check could not run at import (pricing engine unavailable…). */
export function uncheckedPricesNote(quote: string, problem: string): string {
  return `Prix non contrôlés pour le devis ${quote} (${problem}).`;
}

/** Note: the web prices differ from Sage's, one `SKU web X / Sage Y` per line, in order. */
export function priceDifferencesNote(quote: string, differences: PriceDifference[]): string {
  return (
    `Écarts de prix avec Sage sur le devis ${quote} : ` +
    differences.map((d) => `${d.sku} web ${d.webPrice} / Sage ${d.sagePrice}`).join(', ')
  );
}

/** Why the shop order is cancelled when the sales rep marked its quote lost in Sage. */
export function quoteRefusedReason(quote: string): string {
  return `devis ${quote} refusé dans Sage`;
}
