import { depotForPostalCode } from '../../shared/sage/depots';
import { hasStrayWhitespace, normaliseKey } from '../../shared/sage/references';
import type {
  ChangePage,
  Contact,
  Customer,
  DeliveryAddress,
  RowIssue,
  ThirdPartyType,
} from '../../shared/sage/types';
import { chunk, decimalOf, flagOf, textOf, timestampOf } from './convert';
import type { SageDb } from './db';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';
import { readDepots } from './stock';

const THIRD_PARTY_TYPES: ThirdPartyType[] = ['customer', 'supplier', 'employee', 'other'];

function customerQuery(db: SageDb) {
  return db
    .selectFrom('F_COMPTET as c')
    .select([
      'c.cbMarq',
      'c.cbModification',
      'c.CT_Num',
      'c.CT_Type',
      'c.CT_Intitule',
      'c.CT_Contact',
      'c.CT_Adresse',
      'c.CT_Complement',
      'c.CT_CodePostal',
      'c.CT_Ville',
      'c.CT_CodeRegion',
      'c.CT_Pays',
      'c.CT_Telephone',
      'c.CT_EMail',
      'c.CT_Identifiant',
      'c.CT_Siret',
      'c.CT_Sommeil',
      'c.N_CatTarif',
      'c.N_CatCompta',
      'c.CT_NumCentrale',
      'c.CT_NumPayeur',
      'c.CT_Taux01',
      'c.CT_Taux02',
      'c.DE_No',
    ])
    .where('c.CT_Type', '=', 0);
}

type CustomerRow = Awaited<ReturnType<ReturnType<typeof customerQuery>['execute']>>[number];

/**
 * Customer accounts (CT_Type = 0) changed since a watermark, with their delivery addresses and
 * contacts, one keyset page at a time. Changes to F_LIVRAISON / F_CONTACTT alone do not move the
 * customer's cbModification (Sage tracks each table separately): poll those with
 * readDeliveryAddressesChangedSince, or run a full read.
 *
 * Bad data is reported, never fatal:
 * - account with stray spaces → trimmed, `key-has-whitespace`; blank account → skipped, `blank-key`;
 * - blank name → '', `blank-designation`;
 * - no default depot (DE_No = 0) and a postal code matching no depot → `depotNo: null`, issue
 *   `postal-code-matches-no-depot` (the home-depot rule then falls back to configuration);
 * - central purchasing account or paying third party that does not exist → kept as read, issue
 *   `unknown-central` / `unknown-payer`.
 */
export async function readCustomersChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<Customer>> {
  const limit = pageLimit(params);
  const rows = await customerQuery(db)
    .where(changeCondition('c', params.since, params.after))
    .orderBy('c.cbModification')
    .orderBy('c.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = await mapCustomers(db, rows, log);
  return finishPage(rows, items, log, params, limit);
}

/** Customers by account number. */
export async function readCustomersByAccount(
  db: SageDb,
  accounts: readonly string[],
): Promise<{ items: Customer[]; issues: RowIssue[] }> {
  const wanted = [...new Set(accounts.map(normaliseKey).filter((a) => a !== ''))];
  const rows: CustomerRow[] = [];
  for (const part of chunk(wanted)) {
    rows.push(...(await customerQuery(db).where('c.CT_Num', 'in', part).execute()));
  }
  const log = new IssueLog();
  return { items: await mapCustomers(db, rows, log), issues: log.issues };
}

export async function readCustomer(db: SageDb, account: string): Promise<Customer | undefined> {
  return (await readCustomersByAccount(db, [account])).items[0];
}

async function mapCustomers(db: SageDb, rows: CustomerRow[], log: IssueLog): Promise<Customer[]> {
  if (rows.length === 0) return [];
  // Raw and trimmed forms: child rows may store the account with or without the stray spaces.
  const rawAccounts = rows.flatMap((r) => [r.CT_Num, normaliseKey(r.CT_Num)]);
  const depots = await readDepots(db);
  const addresses = await deliveryAddressesOf(db, rawAccounts);
  const contacts = await contactsOf(db, rawAccounts);
  const linked = await existingAccounts(
    db,
    rows.flatMap((r) => [normaliseKey(r.CT_NumCentrale), normaliseKey(r.CT_NumPayeur)]),
  );
  const items: Customer[] = [];
  for (const row of rows) {
    const account = normaliseKey(row.CT_Num);
    if (account === '') {
      log.add({ key: `#${row.cbMarq}`, problem: 'blank-key', detail: 'F_COMPTET.CT_Num is blank' });
      continue;
    }
    if (hasStrayWhitespace(row.CT_Num)) log.add({ key: account, problem: 'key-has-whitespace' });
    const customer = log.guard(account, () => mapCustomer(row, account));
    if (!customer) continue;
    if (customer.name === '') log.add({ key: account, problem: 'blank-designation' });
    if (customer.depotNo === null && !depotForPostalCode(customer.address.postalCode, depots)) {
      log.add({
        key: account,
        problem: 'postal-code-matches-no-depot',
        detail: customer.address.postalCode,
      });
    }
    if (customer.centralAccount !== '' && !linked.has(customer.centralAccount.toUpperCase())) {
      log.add({ key: account, problem: 'unknown-central', detail: customer.centralAccount });
    }
    if (customer.payerAccount !== '' && !linked.has(customer.payerAccount.toUpperCase())) {
      log.add({ key: account, problem: 'unknown-payer', detail: customer.payerAccount });
    }
    customer.deliveryAddresses = addresses.get(account.toUpperCase()) ?? [];
    customer.contacts = contacts.get(account.toUpperCase()) ?? [];
    items.push(customer);
  }
  return items;
}

function mapCustomer(row: CustomerRow, account: string): Customer {
  const payer = normaliseKey(row.CT_NumPayeur);
  return {
    rowId: row.cbMarq,
    modifiedAt: timestampOf(row.cbModification),
    account,
    type: THIRD_PARTY_TYPES[row.CT_Type] ?? 'other',
    name: textOf(row.CT_Intitule),
    contactName: textOf(row.CT_Contact),
    address: {
      line1: textOf(row.CT_Adresse),
      line2: textOf(row.CT_Complement),
      postalCode: textOf(row.CT_CodePostal),
      city: textOf(row.CT_Ville),
      region: textOf(row.CT_CodeRegion),
      country: textOf(row.CT_Pays),
    },
    phone: textOf(row.CT_Telephone),
    email: textOf(row.CT_EMail),
    vatNumber: textOf(row.CT_Identifiant),
    siret: textOf(row.CT_Siret),
    sleeping: flagOf(row.CT_Sommeil),
    priceCategory: row.N_CatTarif,
    accountingCategory: row.N_CatCompta,
    centralAccount: normaliseKey(row.CT_NumCentrale),
    // Sage fills CT_NumPayeur with the account itself when it pays its own invoices.
    payerAccount: payer.toUpperCase() === account.toUpperCase() ? '' : payer,
    discountRate: decimalOf(row.CT_Taux01),
    cashDiscountRate: decimalOf(row.CT_Taux02),
    depotNo: row.DE_No > 0 ? row.DE_No : null,
    deliveryAddresses: [],
    contacts: [],
  };
}

async function existingAccounts(db: SageDb, accounts: string[]): Promise<Set<string>> {
  const wanted = [...new Set(accounts.filter((a) => a !== ''))];
  const found = new Set<string>();
  for (const part of chunk(wanted)) {
    const rows = await db
      .selectFrom('F_COMPTET')
      .select('CT_Num')
      .where('CT_Num', 'in', part)
      .execute();
    for (const r of rows) found.add(normaliseKey(r.CT_Num).toUpperCase());
  }
  return found;
}

function deliveryAddressQuery(db: SageDb) {
  return db
    .selectFrom('F_LIVRAISON as l')
    .select([
      'l.cbMarq',
      'l.cbModification',
      'l.LI_No',
      'l.CT_Num',
      'l.LI_Intitule',
      'l.LI_Adresse',
      'l.LI_Complement',
      'l.LI_CodePostal',
      'l.LI_Ville',
      'l.LI_CodeRegion',
      'l.LI_Pays',
      'l.LI_Contact',
      'l.LI_Telephone',
      'l.LI_EMail',
      'l.LI_Principal',
    ]);
}

type DeliveryAddressRow = Awaited<
  ReturnType<ReturnType<typeof deliveryAddressQuery>['execute']>
>[number];

function mapDeliveryAddress(row: DeliveryAddressRow): DeliveryAddress {
  return {
    addressNo: row.LI_No,
    customerAccount: normaliseKey(row.CT_Num),
    name: textOf(row.LI_Intitule),
    line1: textOf(row.LI_Adresse),
    line2: textOf(row.LI_Complement),
    postalCode: textOf(row.LI_CodePostal),
    city: textOf(row.LI_Ville),
    region: textOf(row.LI_CodeRegion),
    country: textOf(row.LI_Pays),
    contact: textOf(row.LI_Contact),
    phone: textOf(row.LI_Telephone),
    email: textOf(row.LI_EMail),
    isDefault: flagOf(row.LI_Principal),
  };
}

async function deliveryAddressesOf(
  db: SageDb,
  rawAccounts: string[],
): Promise<Map<string, DeliveryAddress[]>> {
  const byAccount = new Map<string, DeliveryAddress[]>();
  for (const part of chunk([...new Set(rawAccounts)])) {
    const rows = await deliveryAddressQuery(db)
      .where('l.CT_Num', 'in', part)
      .orderBy('l.LI_No')
      .execute();
    for (const row of rows) {
      const address = mapDeliveryAddress(row);
      const key = address.customerAccount.toUpperCase();
      byAccount.set(key, [...(byAccount.get(key) ?? []), address]);
    }
  }
  return byAccount;
}

/** One delivery address by its number (LI_No, unique in the company), e.g. a document's. */
export async function readDeliveryAddress(
  db: SageDb,
  addressNo: number,
): Promise<DeliveryAddress | undefined> {
  const row = await deliveryAddressQuery(db).where('l.LI_No', '=', addressNo).executeTakeFirst();
  return row ? mapDeliveryAddress(row) : undefined;
}

/** Delivery addresses changed since a watermark (F_LIVRAISON is tracked on its own). */
export async function readDeliveryAddressesChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<DeliveryAddress>> {
  const limit = pageLimit(params);
  const rows = await deliveryAddressQuery(db)
    .where(changeCondition('l', params.since, params.after))
    .orderBy('l.cbModification')
    .orderBy('l.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const items = rows.map(mapDeliveryAddress);
  return finishPage(rows, items, new IssueLog(), params, limit);
}

async function contactsOf(db: SageDb, rawAccounts: string[]): Promise<Map<string, Contact[]>> {
  const byAccount = new Map<string, Contact[]>();
  for (const part of chunk([...new Set(rawAccounts)])) {
    const rows = await db
      .selectFrom('F_CONTACTT')
      .select([
        'CT_Num',
        'CT_No',
        'CT_Nom',
        'CT_Prenom',
        'CT_Fonction',
        'CT_Telephone',
        'CT_TelPortable',
        'CT_EMail',
      ])
      .where('CT_Num', 'in', part)
      .orderBy('CT_No')
      .execute();
    for (const row of rows) {
      const contact: Contact = {
        contactNo: row.CT_No,
        customerAccount: normaliseKey(row.CT_Num),
        lastName: textOf(row.CT_Nom),
        firstName: textOf(row.CT_Prenom),
        jobTitle: textOf(row.CT_Fonction),
        phone: textOf(row.CT_Telephone),
        mobile: textOf(row.CT_TelPortable),
        email: textOf(row.CT_EMail),
      };
      const key = contact.customerAccount.toUpperCase();
      byAccount.set(key, [...(byAccount.get(key) ?? []), contact]);
    }
  }
  return byAccount;
}
