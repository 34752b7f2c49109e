import type { CustomersConfig } from '../config/customers';
import { depotForPostalCode } from '../sage/depots';
import type { Customer, Depot } from '../sage/types';

export type HomeDepotRule =
  'account-override' | 'sage-default' | 'postal-code-override' | 'postal-code' | 'fallback';

export interface HomeDepotChoice {
  depotNo: number;
  rule: HomeDepotRule;
}

/**
 * The default home depot of an account, first rule that gives one: configured override for the
 * account, the account's own default depot in Sage, configured postal-code prefix (longest
 * wins), the depot sharing the postal code (or its département), the configured fallback.
 * Undefined when none applies: the caller reports it. (A value the shop holds wins over this
 * default; that decision is the merge's, see merge.ts.)
 */
export function homeDepotFor(
  customer: Pick<Customer, 'account' | 'depotNo' | 'address'>,
  depots: readonly Pick<Depot, 'depotNo' | 'postalCode'>[],
  rules: CustomersConfig['homeDepot'],
): HomeDepotChoice | undefined {
  const known = new Set(depots.map((d) => d.depotNo));
  const byAccount = Object.entries(rules.byAccount).find(
    ([account]) => account.trim().toUpperCase() === customer.account.toUpperCase(),
  );
  if (byAccount) return { depotNo: byAccount[1], rule: 'account-override' };
  if (rules.useSageDefault && customer.depotNo !== null && known.has(customer.depotNo)) {
    return { depotNo: customer.depotNo, rule: 'sage-default' };
  }
  const postalCode = customer.address.postalCode.replace(/\s+/g, '');
  const prefix = Object.entries(rules.byPostalCodePrefix)
    .filter(([p]) => postalCode !== '' && postalCode.startsWith(p))
    .sort(([a], [b]) => b.length - a.length)[0];
  if (prefix) return { depotNo: prefix[1], rule: 'postal-code-override' };
  const matched = depotForPostalCode(customer.address.postalCode, depots);
  if (matched) return { depotNo: matched.depotNo, rule: 'postal-code' };
  if (rules.fallback !== undefined) return { depotNo: rules.fallback, rule: 'fallback' };
  return undefined;
}
