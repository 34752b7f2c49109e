import { sql } from 'kysely';
import { normaliseKey } from '../../shared/sage/references';
import { emailKey } from '../../shared/customers/email';
import type { SageDb } from '../sage/db';
import { SAGE_TABLES } from '../sage/schema';
import { SageDataError } from '../sage/errors';
import { withWriteTransaction } from '../sage/transaction';

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
 * Writes the main contact's name (CT_Contact), the Sage side of the shop's first and last name;
 * the shared customer writer does not cover that column. Writes only when it differs.
 */
export async function updateContactName(
  db: SageDb,
  account: string,
  contactName: string,
  options: { creatorTag: string },
): Promise<{ changed: boolean; truncated: boolean }> {
  const max = SAGE_TABLES.F_COMPTET.columns.CT_Contact?.length ?? 35;
  const clean = contactName.trim();
  const value = clean.slice(0, max);
  return withWriteTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('F_COMPTET')
      .select(['cbMarq', 'CT_Contact'])
      .where('CT_Num', '=', normaliseKey(account))
      .where('CT_Type', '=', 0)
      .executeTakeFirst();
    if (!current) throw new SageDataError('UnknownCustomer', `no customer account "${account}"`);
    if ((current.CT_Contact ?? '').trim() === value) return { changed: false, truncated: false };
    await trx
      .updateTable('F_COMPTET')
      .set({ CT_Contact: value, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true, truncated: clean.length > max };
  });
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

/**
 * Makes one delivery address the account's main one (LI_Principal), the others not. Used when a
 * customer picks, as shipping address, a place Sage already has. Writes only what differs.
 */
export async function makeMainDeliveryAddress(
  db: SageDb,
  account: string,
  addressNo: number,
  options: { creatorTag: string },
): Promise<boolean> {
  const key = normaliseKey(account);
  return withWriteTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom('F_LIVRAISON')
      .select(['cbMarq', 'LI_No', 'LI_Principal'])
      .where('CT_Num', '=', key)
      .execute();
    const wrong = rows.filter((r) => (r.LI_No === addressNo) !== (r.LI_Principal === 1));
    for (const row of wrong) {
      await trx
        .updateTable('F_LIVRAISON')
        .set({ LI_Principal: row.LI_No === addressNo ? 1 : 0, cbCreateur: options.creatorTag })
        .where('cbMarq', '=', row.cbMarq)
        .execute();
    }
    return wrong.length > 0;
  });
}
