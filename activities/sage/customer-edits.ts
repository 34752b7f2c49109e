import { normaliseKey } from '../../shared/sage/references';
import { guardSageValue } from '../../shared/sage/write-guard';
import { columnWidths } from './column-widths';
import type { WriteProblem } from './customer-writes';
import type { SageDb } from './db';
import { SageDataError } from './errors';
import { SAGE_TABLES } from './schema';
import { withWriteTransaction } from './transaction';

/**
 * Customer writes of the shop's account edits beyond the shared customer writer
 * (customer-writes.ts): the main contact's name and the choice of the main delivery address.
 */

/** The guard's name for CT_Contact (the account's main contact, the shop's first + last name). */
export const CONTACT_FIELD = 'customer.contact';
const CONTACT_COLUMN = 'CT_Contact';

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
