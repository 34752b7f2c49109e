import { DEFAULT_COUNTRIES, type CustomersConfig } from '../config/customers';
import { depotForPostalCode } from '../sage/depots';
import type { Customer, Depot } from '../sage/types';
import { departmentOf, isFrenchAddress } from './home-depot-regions';

export type HomeDepotRule =
  | 'account-override'
  | 'sage-default'
  | 'postal-code-override'
  | 'postal-code'
  | 'department'
  | 'fallback';

export interface HomeDepotChoice {
  depotNo: number;
  rule: HomeDepotRule;
}

/**
 * The default home depot of an account, first rule that gives one: configured override for the
 * account, the account's own default depot in Sage, configured postal-code prefix (longest
 * wins), then for French addresses only (country blank, France or overseas) the depot sharing
 * the postal code (or its département) and the depot of the account's département
 * (`byDepartment`), the configured fallback.
 * Undefined when none applies: the caller reports it. (A value the shop holds wins over this
 * default; that decision is the merge's, see merge.ts.)
 */
export function homeDepotFor(
  customer: Pick<Customer, 'account' | 'depotNo' | 'address'>,
  depots: readonly (Pick<Depot, 'depotNo' | 'postalCode'> & Partial<Pick<Depot, 'code'>>)[],
  rules: CustomersConfig['homeDepot'],
  countries: Record<string, string> = DEFAULT_COUNTRIES,
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
  // A foreign postal code is no French département, however French it looks (Belgian 6900).
  if (!isFrenchAddress(customer.address.country, countries)) return fallback(rules);
  const matched = depotForPostalCode(customer.address.postalCode, depots);
  if (matched) return { depotNo: matched.depotNo, rule: 'postal-code' };
  const byDepartment = departmentDepot(customer.address.postalCode, depots, rules.byDepartment);
  if (byDepartment !== undefined) return { depotNo: byDepartment, rule: 'department' };
  return fallback(rules);
}

function fallback(rules: CustomersConfig['homeDepot']): HomeDepotChoice | undefined {
  return rules.fallback !== undefined ? { depotNo: rules.fallback, rule: 'fallback' } : undefined;
}

/** The depot `byDepartment` gives a French postal code, if that depot exists (by number or code). */
function departmentDepot(
  postalCode: string,
  depots: readonly (Pick<Depot, 'depotNo'> & Partial<Pick<Depot, 'code'>>)[],
  byDepartment: CustomersConfig['homeDepot']['byDepartment'],
): number | undefined {
  const department = departmentOf(postalCode);
  if (department === undefined) return undefined;
  // "20" in a map also stands for both Corsican départements.
  const target =
    byDepartment[department] ?? (/^2[AB]$/.test(department) ? byDepartment['20'] : undefined);
  if (target === undefined) return undefined;
  const depot =
    typeof target === 'number'
      ? depots.find((d) => d.depotNo === target)
      : depots.find((d) => (d.code ?? '').trim().toUpperCase() === target.trim().toUpperCase());
  return depot?.depotNo;
}
