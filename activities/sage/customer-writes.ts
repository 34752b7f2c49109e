import { normaliseKey } from '../../shared/sage/references';
import type { PostalAddress } from '../../shared/sage/types';
import type { SageDb } from './db';
import { SageDataError } from './errors';
import { SAGE_TABLES, type ColumnSpec } from './schema';
import { withWriteTransaction } from './transaction';

/** Customer edits coming from the shop (name, e-mail, main address, phone). */
export interface CustomerChanges {
  name?: string;
  email?: string;
  phone?: string;
  address?: Partial<PostalAddress>;
}

export interface DeliveryAddressInput extends Partial<PostalAddress> {
  name: string;
  contact?: string;
  phone?: string;
  email?: string;
  isDefault?: boolean;
}

export interface WriteOutcome {
  /** False when Sage already held these values (nothing written, cbModification unchanged). */
  changed: boolean;
  /** Fields cut to the column length (the shop allows longer values than Sage). */
  truncated: string[];
}

type Lengths = Readonly<Record<string, ColumnSpec>>;

/** Cuts values to the model's varchar lengths and records what was cut. */
function fitColumns<T extends Record<string, string>>(
  table: Lengths,
  values: T,
  truncated: string[],
): T {
  const out: Record<string, string> = {};
  for (const [column, value] of Object.entries(values)) {
    const max = table[column]?.length;
    const clean = value.trim();
    if (max !== undefined && clean.length > max) truncated.push(column);
    out[column] = max === undefined ? clean : clean.slice(0, max);
  }
  return out as T;
}

function customerColumns(changes: CustomerChanges): Record<string, string> {
  const columns: Record<string, string> = {};
  const set = (column: string, value: string | undefined) => {
    if (value !== undefined) columns[column] = value;
  };
  set('CT_Intitule', changes.name);
  set('CT_EMail', changes.email);
  set('CT_Telephone', changes.phone);
  set('CT_Adresse', changes.address?.line1);
  set('CT_Complement', changes.address?.line2);
  set('CT_CodePostal', changes.address?.postalCode);
  set('CT_Ville', changes.address?.city);
  set('CT_CodeRegion', changes.address?.region);
  set('CT_Pays', changes.address?.country);
  return columns;
}

/** Updates a customer's name, e-mail, phone and main address; writes only what differs. */
export async function updateCustomer(
  db: SageDb,
  account: string,
  changes: CustomerChanges,
  options: { creatorTag: string },
): Promise<WriteOutcome> {
  const key = normaliseKey(account);
  const truncated: string[] = [];
  const wanted = fitColumns(SAGE_TABLES.F_COMPTET.columns, customerColumns(changes), truncated);
  return withWriteTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('F_COMPTET')
      .selectAll()
      .where('CT_Num', '=', key)
      .where('CT_Type', '=', 0)
      .executeTakeFirst();
    if (!current) throw new SageDataError('UnknownCustomer', `no customer account "${key}"`);
    const stored = current as unknown as Record<string, string | null>;
    const diff = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => (stored[column] ?? '').trim() !== value),
    );
    if (Object.keys(diff).length === 0) return { changed: false, truncated };
    await trx
      .updateTable('F_COMPTET')
      .set({ ...diff, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true, truncated };
  });
}

function addressColumns(address: Partial<DeliveryAddressInput>): Record<string, string> {
  const columns: Record<string, string> = {};
  const set = (column: string, value: string | undefined) => {
    if (value !== undefined) columns[column] = value;
  };
  set('LI_Intitule', address.name);
  set('LI_Adresse', address.line1);
  set('LI_Complement', address.line2);
  set('LI_CodePostal', address.postalCode);
  set('LI_Ville', address.city);
  set('LI_CodeRegion', address.region);
  set('LI_Pays', address.country);
  set('LI_Contact', address.contact);
  set('LI_Telephone', address.phone);
  set('LI_EMail', address.email);
  return columns;
}

/**
 * Adds a delivery address (F_LIVRAISON) to a customer. Idempotent: an address with the same
 * name, first line, postal code and city is returned instead of a duplicate. LI_No is unique
 * over the table: the next number is taken under the write lock.
 */
export async function addDeliveryAddress(
  db: SageDb,
  account: string,
  address: DeliveryAddressInput,
  options: { creatorTag: string },
): Promise<WriteOutcome & { addressNo: number }> {
  const key = normaliseKey(account);
  const truncated: string[] = [];
  const columns = fitColumns(SAGE_TABLES.F_LIVRAISON.columns, addressColumns(address), truncated);
  return withWriteTransaction(db, async (trx) => {
    const customer = await trx
      .selectFrom('F_COMPTET')
      .select(['CT_Num', 'N_Expedition', 'N_Condition'])
      .where('CT_Num', '=', key)
      .where('CT_Type', '=', 0)
      .executeTakeFirst();
    if (!customer) throw new SageDataError('UnknownCustomer', `no customer account "${key}"`);
    const existing = await trx
      .selectFrom('F_LIVRAISON')
      .selectAll()
      .where('CT_Num', '=', key)
      .execute();
    const same = existing.find(
      (a) =>
        (a.LI_Intitule ?? '').trim() === (columns.LI_Intitule ?? '') &&
        (a.LI_Adresse ?? '').trim() === (columns.LI_Adresse ?? '') &&
        (a.LI_CodePostal ?? '').trim() === (columns.LI_CodePostal ?? '') &&
        (a.LI_Ville ?? '').trim() === (columns.LI_Ville ?? ''),
    );
    if (same) return { changed: false, truncated, addressNo: same.LI_No };
    const max = await trx
      .selectFrom('F_LIVRAISON')
      .select((eb) => eb.fn.max('LI_No').as('maxNo'))
      .executeTakeFirst();
    const addressNo = Number(max?.maxNo ?? 0) + 1;
    const makeDefault = address.isDefault === true || existing.length === 0;
    if (makeDefault && existing.some((a) => a.LI_Principal === 1)) {
      await trx
        .updateTable('F_LIVRAISON')
        .set({ LI_Principal: 0 })
        .where('CT_Num', '=', key)
        .execute();
    }
    await trx
      .insertInto('F_LIVRAISON')
      .values({
        ...columns,
        LI_No: addressNo,
        CT_Num: customer.CT_Num,
        N_Expedition: customer.N_Expedition,
        N_Condition: customer.N_Condition,
        LI_Principal: makeDefault ? 1 : 0,
        cbCreateur: options.creatorTag,
      })
      .execute();
    return { changed: true, truncated, addressNo };
  });
}

/** Updates one delivery address of a customer; writes only what differs. */
export async function updateDeliveryAddress(
  db: SageDb,
  account: string,
  addressNo: number,
  changes: Partial<DeliveryAddressInput>,
  options: { creatorTag: string },
): Promise<WriteOutcome> {
  const key = normaliseKey(account);
  const truncated: string[] = [];
  const wanted = fitColumns(SAGE_TABLES.F_LIVRAISON.columns, addressColumns(changes), truncated);
  return withWriteTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('F_LIVRAISON')
      .selectAll()
      .where('LI_No', '=', addressNo)
      .where('CT_Num', '=', key)
      .executeTakeFirst();
    if (!current) {
      throw new SageDataError(
        'UnknownDeliveryAddress',
        `no delivery address ${addressNo} for "${key}"`,
      );
    }
    const stored = current as unknown as Record<string, string | null>;
    const diff = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => (stored[column] ?? '').trim() !== value),
    );
    if (Object.keys(diff).length === 0) return { changed: false, truncated };
    await trx
      .updateTable('F_LIVRAISON')
      .set({ ...diff, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true, truncated };
  });
}
