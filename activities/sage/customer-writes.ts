import { normaliseKey } from '../../shared/sage/references';
import type { PostalAddress } from '../../shared/sage/types';
import {
  guardSageValue,
  type GuardProblem,
  type SageWritableField,
} from '../../shared/sage/write-guard';
import { columnWidths } from './column-widths';
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

/** A field the writer did not write, with the write guard's reason and the Sage column. */
export type WriteProblem = GuardProblem & { column: string };

export interface WriteOutcome {
  /** False when Sage already held these values (nothing written, cbModification unchanged). */
  changed: boolean;
  /**
   * Always empty: values are never cut any more (a value too long for its column is refused, see
   * `problems`). Kept so existing callers still compile.
   */
  truncated: string[];
  /**
   * Fields of the edit that were not written, each with a named problem (`TooLong`,
   * `NotRepresentable`, `EmptyValue`) for the operator; the other fields were written.
   * `EmptyValue` is listed only when Sage held a value the empty shop value would have cleared.
   */
  problems: WriteProblem[];
}

export interface CustomerWriteOptions {
  creatorTag: string;
  /** Fields an empty shop value may clear (`sage.writer.clearableFields`); none by default. */
  clearableFields?: readonly string[];
}

interface FieldSpec<I> {
  field: SageWritableField;
  column: string;
  exact?: boolean;
  get(input: I): string | undefined;
}

interface GuardedColumns {
  /** Column → value to write. */
  values: Record<string, string>;
  /** Refused values (TooLong, NotRepresentable). */
  problems: WriteProblem[];
  /** Blank values of non-clearable fields: reported only if Sage holds something there. */
  blanks: WriteProblem[];
}

/** Runs every given field through the write guard with the company's own column widths. */
async function guardColumns<I>(
  db: SageDb,
  table: 'F_COMPTET' | 'F_LIVRAISON',
  specs: readonly FieldSpec<I>[],
  input: I,
  options: CustomerWriteOptions,
): Promise<GuardedColumns> {
  const widths = await columnWidths(db);
  const clearable = new Set(options.clearableFields ?? []);
  const out: GuardedColumns = { values: {}, problems: [], blanks: [] };
  for (const spec of specs) {
    const raw = spec.get(input);
    if (raw === undefined) continue;
    const width =
      widths.widthOf(table, spec.column) ??
      (SAGE_TABLES[table].columns as Lengths)[spec.column]?.length ??
      Number.POSITIVE_INFINITY;
    const result = guardSageValue(raw, {
      field: spec.field,
      width,
      codePage: 'CP1252',
      exact: spec.exact === true,
      clearable: clearable.has(spec.field),
    });
    if (result.ok) out.values[spec.column] = result.value;
    else if (result.problem.type === 'EmptyValue') {
      out.blanks.push({ ...result.problem, column: spec.column });
    } else out.problems.push({ ...result.problem, column: spec.column });
  }
  return out;
}

/** Blank shop values that Sage kept because the field is not clearable. */
function keptValues(
  blanks: readonly WriteProblem[],
  stored: Record<string, unknown>,
): WriteProblem[] {
  return blanks.filter((b) => String(stored[b.column] ?? '').trim() !== '');
}

type Lengths = Readonly<Record<string, ColumnSpec>>;

const CUSTOMER_FIELDS: readonly FieldSpec<CustomerChanges>[] = [
  { field: 'customer.name', column: 'CT_Intitule', get: (c) => c.name },
  { field: 'customer.email', column: 'CT_EMail', exact: true, get: (c) => c.email },
  { field: 'customer.phone', column: 'CT_Telephone', get: (c) => c.phone },
  { field: 'customer.line1', column: 'CT_Adresse', get: (c) => c.address?.line1 },
  { field: 'customer.line2', column: 'CT_Complement', get: (c) => c.address?.line2 },
  { field: 'customer.postalCode', column: 'CT_CodePostal', get: (c) => c.address?.postalCode },
  { field: 'customer.city', column: 'CT_Ville', get: (c) => c.address?.city },
  { field: 'customer.region', column: 'CT_CodeRegion', get: (c) => c.address?.region },
  { field: 'customer.country', column: 'CT_Pays', get: (c) => c.address?.country },
];

/** Updates a customer's name, e-mail, phone and main address; writes only what differs. */
export async function updateCustomer(
  db: SageDb,
  account: string,
  changes: CustomerChanges,
  options: CustomerWriteOptions,
): Promise<WriteOutcome> {
  const key = normaliseKey(account);
  const guarded = await guardColumns(db, 'F_COMPTET', CUSTOMER_FIELDS, changes, options);
  const wanted = guarded.values;
  return withWriteTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('F_COMPTET')
      .selectAll()
      .where('CT_Num', '=', key)
      .where('CT_Type', '=', 0)
      .executeTakeFirst();
    if (!current) throw new SageDataError('UnknownCustomer', `no customer account "${key}"`);
    const stored = current as unknown as Record<string, string | null>;
    const problems = [...guarded.problems, ...keptValues(guarded.blanks, stored)];
    const diff = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => (stored[column] ?? '').trim() !== value),
    );
    if (Object.keys(diff).length === 0) return { changed: false, truncated: [], problems };
    await trx
      .updateTable('F_COMPTET')
      .set({ ...diff, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true, truncated: [], problems };
  });
}

const ADDRESS_FIELDS: readonly FieldSpec<Partial<DeliveryAddressInput>>[] = [
  { field: 'delivery.name', column: 'LI_Intitule', get: (a) => a.name },
  { field: 'delivery.line1', column: 'LI_Adresse', get: (a) => a.line1 },
  { field: 'delivery.line2', column: 'LI_Complement', get: (a) => a.line2 },
  { field: 'delivery.postalCode', column: 'LI_CodePostal', get: (a) => a.postalCode },
  { field: 'delivery.city', column: 'LI_Ville', get: (a) => a.city },
  { field: 'delivery.region', column: 'LI_CodeRegion', get: (a) => a.region },
  { field: 'delivery.country', column: 'LI_Pays', get: (a) => a.country },
  { field: 'delivery.contact', column: 'LI_Contact', get: (a) => a.contact },
  { field: 'delivery.phone', column: 'LI_Telephone', get: (a) => a.phone },
  { field: 'delivery.email', column: 'LI_EMail', exact: true, get: (a) => a.email },
];

/**
 * Adds a delivery address (F_LIVRAISON) to a customer. Idempotent: an address with the same
 * name, first line, postal code and city is returned instead of a duplicate. LI_No is unique
 * over the table: the next number is taken under the write lock.
 */
export async function addDeliveryAddress(
  db: SageDb,
  account: string,
  address: DeliveryAddressInput,
  options: CustomerWriteOptions,
): Promise<WriteOutcome & { addressNo: number }> {
  const key = normaliseKey(account);
  // A new row has nothing to keep: blank values are simply not written (column default '').
  const guarded = await guardColumns(db, 'F_LIVRAISON', ADDRESS_FIELDS, address, options);
  const columns = guarded.values;
  const { problems } = guarded;
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
    if (same) return { changed: false, truncated: [], problems, addressNo: same.LI_No };
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
    return { changed: true, truncated: [], problems, addressNo };
  });
}

/** Updates one delivery address of a customer; writes only what differs. */
export async function updateDeliveryAddress(
  db: SageDb,
  account: string,
  addressNo: number,
  changes: Partial<DeliveryAddressInput>,
  options: CustomerWriteOptions,
): Promise<WriteOutcome> {
  const key = normaliseKey(account);
  const guarded = await guardColumns(db, 'F_LIVRAISON', ADDRESS_FIELDS, changes, options);
  const wanted = guarded.values;
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
    const problems = [...guarded.problems, ...keptValues(guarded.blanks, stored)];
    const diff = Object.fromEntries(
      Object.entries(wanted).filter(([column, value]) => (stored[column] ?? '').trim() !== value),
    );
    if (Object.keys(diff).length === 0) return { changed: false, truncated: [], problems };
    await trx
      .updateTable('F_LIVRAISON')
      .set({ ...diff, cbCreateur: options.creatorTag })
      .where('cbMarq', '=', current.cbMarq)
      .execute();
    return { changed: true, truncated: [], problems };
  });
}
