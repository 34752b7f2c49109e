/**
 * E-mail checks before an account becomes a shop customer: the shop refuses a missing or
 * malformed address and requires it to be unique (letter case ignored), so such accounts are
 * reported and skipped instead of failing a whole batch.
 */

export type EmailProblem = 'missing-email' | 'invalid-email' | 'duplicate-email';

/** Deliberately close to what WordPress's is_email accepts: one @, a dotted domain, no spaces. */
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** The form used to compare addresses: trimmed, lower case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Why an address cannot be used, or undefined when it can. */
export function emailProblem(email: string): 'missing-email' | 'invalid-email' | undefined {
  const value = email.trim();
  if (value === '') return 'missing-email';
  if (value.length > 100 || !EMAIL.test(value)) return 'invalid-email';
  const [local, domain] = value.split('@');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'invalid-email';
  if (domain.split('.').some((label) => label === '' || label.startsWith('-'))) {
    return 'invalid-email';
  }
  return undefined;
}

/**
 * Accounts whose address is shared with another account (`holders` maps an address key to
 * every account holding it, across the whole company). An account already linked to a shop
 * customer keeps its address; the others sharing it are the duplicates.
 */
export function duplicateEmailAccounts(
  accounts: readonly { account: string; email: string }[],
  holders: ReadonlyMap<string, readonly string[]>,
  linked: ReadonlySet<string>,
): Map<string, string[]> {
  const duplicates = new Map<string, string[]>();
  for (const { account, email } of accounts) {
    const others = (holders.get(emailKey(email)) ?? []).filter(
      (a) => a.toUpperCase() !== account.toUpperCase(),
    );
    if (others.length === 0) continue;
    const ownerLinked = others.some((a) => linked.has(a));
    if (linked.has(account) && !ownerLinked) continue;
    duplicates.set(account, others);
  }
  return duplicates;
}
