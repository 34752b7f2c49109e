import { sql } from 'kysely';
import { emailKey } from '../../shared/customers/email';
import { normaliseKey } from '../../shared/sage/references';
import type { SageDb } from './db';

/**
 * Customer lookups across the whole company that the readers of customers.ts do not cover:
 * duplicate e-mail addresses, accounts that exist, and where the delivery-address feed stands.
 */

/**
 * Every customer account (CT_Type 0) holding one of these e-mail addresses, compared trimmed and
 * lower-cased on both engines, so duplicates are found across the whole company and not only
 * within the page being synchronised.
 */
export async function emailHolders(
  db: SageDb,
  emails: readonly string[],
): Promise<Map<string, string[]>> {
  const wanted = [...new Set(emails.map(emailKey).filter((e) => e !== ''))];
  const holders = new Map<string, string[]>();
  for (let i = 0; i < wanted.length; i += 200) {
    const part = wanted.slice(i, i + 200);
    const rows = await db
      .selectFrom('F_COMPTET')
      .select(['CT_Num', 'CT_EMail'])
      .where('CT_Type', '=', 0)
      .where(sql<string>`lower(ltrim(rtrim(CT_EMail)))`, 'in', part)
      .execute();
    for (const row of rows) {
      const key = emailKey(row.CT_EMail ?? '');
      holders.set(key, [...(holders.get(key) ?? []), normaliseKey(row.CT_Num)]);
    }
  }
  return holders;
}

/**
 * The accounts among these that exist in Sage as customer accounts (CT_Type 0), compared trimmed
 * and case-insensitively; returned trimmed and upper-cased.
 */
export async function customerAccountsAmong(
  db: SageDb,
  accounts: readonly string[],
): Promise<Set<string>> {
  const upper = (account: string) => account.toUpperCase();
  const wanted = [...new Set(accounts.map(upper).filter((a) => a !== ''))];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 200) {
    const rows = await db
      .selectFrom('F_COMPTET')
      .select('CT_Num')
      .where('CT_Type', '=', 0)
      .where(sql<string>`upper(ltrim(rtrim(CT_Num)))`, 'in', wanted.slice(i, i + 200))
      .execute();
    for (const row of rows) found.add(upper(row.CT_Num.trim()));
  }
  return found;
}

/** Highest change key of F_LIVRAISON now: where an incremental run resumes after a full one. */
export async function latestDeliveryAddressChange(db: SageDb): Promise<string | null> {
  const row = await db
    .selectFrom('F_LIVRAISON')
    .select((eb) => eb.fn.max('cbModification').as('latest'))
    .executeTakeFirst();
  const latest = row?.latest as unknown;
  if (latest === null || latest === undefined) return null;
  return latest instanceof Date ? latest.toISOString().slice(0, 23) : String(latest);
}
