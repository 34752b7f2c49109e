import { sql } from 'kysely';
import { normaliseKey } from '../../shared/sage/references';
import { emailKey } from '../../shared/customers/email';
import type { SageDb } from '../sage/db';
import { SAGE_TABLES } from '../sage/schema';
import { SageDataError } from '../sage/errors';
import { withWriteTransaction } from '../sage/transaction';
import { columnWidths } from '../sage/column-widths';
import type { WriteProblem } from '../sage/customer-writes';
import { guardSageValue } from '../../shared/sage/write-guard';

/** The guard's name for CT_Contact (the account's main contact, the shop's first + last name). */
export const CONTACT_FIELD = 'customer.contact';
const CONTACT_COLUMN = 'CT_Contact';

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
 * the shared customer writer does not cover that column. Writes only when it differs. The value
 * goes through the write guard: a name too long for the column or not representable in the Sage
 * code page is never cut or mangled but refused (`problem`, Sage keeps its value); an empty name
 * does not clear a stored one (`EmptyValue`) unless `customer.contact` is in `clearableFields`,
 * which the config schema does not offer today (not in SAGE_WRITABLE_FIELDS).
 */
export async function updateContactName(
  db: SageDb,
  account: string,
  contactName: string,
  options: { creatorTag: string; clearableFields?: readonly string[] },
): Promise<{ changed: boolean; problem?: WriteProblem }> {
  const widths = await columnWidths(db);
  const width =
    widths.widthOf('F_COMPTET', CONTACT_COLUMN) ??
    SAGE_TABLES.F_COMPTET.columns.CT_Contact?.length ??
    35;
  const guarded = guardSageValue(contactName, {
    field: CONTACT_FIELD,
    width,
    codePage: 'CP1252',
    clearable: (options.clearableFields ?? []).includes(CONTACT_FIELD),
  });
  if (!guarded.ok && guarded.problem.type !== 'EmptyValue') {
    return { changed: false, problem: { ...guarded.problem, column: CONTACT_COLUMN } };
  }
  return withWriteTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('F_COMPTET')
      .select(['cbMarq', 'CT_Contact'])
      .where('CT_Num', '=', normaliseKey(account))
      .where('CT_Type', '=', 0)
      .executeTakeFirst();
    if (!current) throw new SageDataError('UnknownCustomer', `no customer account "${account}"`);
    const stored = (current.CT_Contact ?? '').trim();
    if (!guarded.ok) {
      // An empty name that would clear nothing is no problem.
      if (stored === '') return { changed: false };
      return { changed: false, problem: { ...guarded.problem, column: CONTACT_COLUMN } };
    }
    if (stored === guarded.value) return { changed: false };
    await trx
      .updateTable('F_COMPTET')
      .set({ CT_Contact: guarded.value, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true };
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
