import Big from 'big.js';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DemoSize, FreeFieldsConfig } from '../../shared/config/sage';
import { centsToDecimal } from '../../shared/sage/decimal';
import { openSqliteFile } from '../../activities/sage/db';
import { renderSqliteSchema } from '../../activities/sage/ddl';
import { DEFAULT_FREE_FIELDS } from '../../activities/sage/free-fields';
import {
  DEMO_ACCOUNTING_CATEGORIES,
  DEMO_BAD_DATA,
  DEMO_BASE_TIMESTAMP,
  DEMO_COUNTERS,
  DEMO_DEPOTS,
  DEMO_OVERSEAS_CUSTOMER,
  DEMO_PROFILES,
  DEMO_TAXES,
  type DemoProfile,
} from './demo-profile';
import { Rng } from './prng';
import {
  ATTRIBUTES,
  CITIES,
  COMPANY_FORMS,
  COMPANY_WORDS,
  FAMILY_WORDS,
  FIRST_NAMES,
  LAST_NAMES,
  PACKAGINGS,
  PRODUCT_LINES,
  STREETS,
} from './vocabulary';

export interface GenerateOptions {
  /** SQLite file to create (must not hold a company already) — or an open database. */
  path?: string;
  database?: Database.Database;
  size?: DemoSize;
  seed?: number;
  freeFields?: FreeFieldsConfig;
}

export interface DemoCounts {
  families: number;
  articles: number;
  variableGroups: number;
  packagings: number;
  depots: number;
  stockRows: number;
  customers: number;
  centrals: number;
  deliveryAddresses: number;
  contacts: number;
  articlePrices: number;
  familyCategoryPrices: number;
  familyCustomerDiscounts: number;
  packagingPrices: number;
  quantityRanges: number;
}

type Value = string | number | null;
type Row = Record<string, Value>;

/** Prepared INSERTs per table and column set, all stamped with the demo's base timestamp. */
class Inserter {
  private readonly statements = new Map<string, Database.Statement>();
  readonly counts = new Map<string, number>();

  constructor(private readonly database: Database.Database) {}

  insert(table: string, row: Row): void {
    const columns = Object.keys(row);
    const signature = `${table}:${columns.join(',')}`;
    let statement = this.statements.get(signature);
    if (!statement) {
      const names = [...columns, 'cbModification'].map((c) => `"${c}"`).join(', ');
      const params = [...columns, 'cbModification'].map(() => '?').join(', ');
      statement = this.database.prepare(`INSERT INTO "${table}" (${names}) VALUES (${params})`);
      this.statements.set(signature, statement);
    }
    statement.run(...columns.map((c) => row[c]), DEMO_BASE_TIMESTAMP);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
  }

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  /** Sets columns of one row, and its cbModification (so the update trigger leaves it alone). */
  update(table: string, rowId: number, values: Row, modifiedAt: string): void {
    const columns = Object.keys(values);
    const assignments = [...columns, 'cbModification'].map((c) => `"${c}" = ?`).join(', ');
    this.database
      .prepare(`UPDATE "${table}" SET ${assignments} WHERE "cbMarq" = ?`)
      .run(...columns.map((c) => values[c]), modifiedAt, rowId);
  }

  rows<T>(query: string, ...params: unknown[]): T[] {
    return this.database.prepare(query).all(...params) as T[];
  }
}

interface GeneratedArticle {
  ref: string;
  familyCode: string;
  saleCents: number;
  sleeping: boolean;
  packagingNos: number[];
}

interface GeneratedCustomer {
  account: string;
  category: number;
  isCentral: boolean;
}

/**
 * Builds the demo company: deterministic for a (size, seed) pair — same seed, same content
 * (see contentHash). Everything is inserted in one transaction through prepared statements.
 */
export function generateDemoCompany(options: GenerateOptions): DemoCounts {
  const size = options.size ?? 'customer';
  const seed = options.seed ?? 42;
  const freeFields = options.freeFields ?? DEFAULT_FREE_FIELDS;
  const database = options.database ?? openNewFile(options.path);
  try {
    for (const statement of renderSqliteSchema({ freeFields })) database.exec(statement);
    const existing = database.prepare('SELECT COUNT(*) AS n FROM "F_ARTICLE"').get() as {
      n: number;
    };
    if (existing.n > 0) throw new Error('the database already holds a Sage company');
    const inserter = new Inserter(database);
    const profile = DEMO_PROFILES[size];
    let counts: DemoCounts | undefined;
    database.transaction(() => {
      counts = buildCompany(inserter, profile, seed, freeFields);
    })();
    return counts as DemoCounts;
  } finally {
    if (!options.database) database.close();
  }
}

function openNewFile(path: string | undefined): Database.Database {
  if (!path) throw new Error('generateDemoCompany needs a path or a database');
  // An existing empty file is fine (ensureDemoCompany); a filled one is refused by the caller.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return openSqliteFile(path);
}

function buildCompany(
  out: Inserter,
  profile: DemoProfile,
  seed: number,
  freeFields: FreeFieldsConfig,
): DemoCounts {
  insertParameters(out);
  insertDepots(out);
  const families = insertFamilies(out, profile, Rng.fork(seed, 'families'));
  const articleResult = insertArticles(
    out,
    profile,
    families,
    freeFields,
    Rng.fork(seed, 'articles'),
  );
  insertStock(out, articleResult.articles, Rng.fork(seed, 'stock'));
  const customers = insertCustomers(out, profile, Rng.fork(seed, 'customers'));
  insertPrices(out, articleResult.articles, families, customers, Rng.fork(seed, 'prices'));
  insertOverseasCustomer(out);
  scheduleDemoPrices(out);
  taxInclusiveDemoPrice(out);
  for (const counter of DEMO_COUNTERS) {
    out.insert('F_DOCCURRENTPIECE', {
      DC_Domaine: 0,
      DC_IdCol: counter.idCol,
      DC_Souche: 0,
      DC_Piece: counter.piece,
    });
  }
  return {
    families: out.count('F_FAMILLE'),
    articles: out.count('F_ARTICLE'),
    variableGroups: articleResult.groups,
    packagings: out.count('F_CONDITION'),
    depots: out.count('F_DEPOT'),
    stockRows: out.count('F_ARTSTOCK'),
    customers: out.count('F_COMPTET'),
    centrals: customers.filter((c) => c.isCentral).length,
    deliveryAddresses: out.count('F_LIVRAISON'),
    contacts: out.count('F_CONTACTT'),
    articlePrices: out.count('F_ARTCLIENT'),
    familyCategoryPrices: out.count('F_FAMTARIF'),
    familyCustomerDiscounts: out.count('F_FAMCLIENT'),
    packagingPrices: out.count('F_TARIFCOND'),
    quantityRanges: out.count('F_TARIFQTE'),
  };
}

function insertParameters(out: Inserter): void {
  out.insert('P_CATTARIF', { cbIndice: 1, CT_Intitule: 'Installateurs', CT_PrixTTC: 0 });
  out.insert('P_CATTARIF', { cbIndice: 2, CT_Intitule: 'Revendeurs', CT_PrixTTC: 0 });
  // Unused slots exist in every Sage company: blank names, filtered by the reader.
  out.insert('P_CATTARIF', { cbIndice: 3, CT_Intitule: '', CT_PrixTTC: 0 });
  out.insert('P_CONDITIONNEMENT', { cbIndice: 1, P_Conditionnement: 'Conditionnement' });
  const categories: Row = {};
  for (const c of DEMO_ACCOUNTING_CATEGORIES) {
    categories[`CA_ComptaVen${String(c.no).padStart(2, '0')}`] = c.name;
  }
  out.insert('P_CATCOMPTA', categories);
  for (const tax of DEMO_TAXES) {
    out.insert('F_TAXE', {
      TA_Code: tax.code,
      TA_Intitule: tax.name,
      TA_TTaux: 0,
      TA_Taux: tax.rate,
      CG_Num: '4457100',
    });
  }
}

/** Every family's sales account and VAT code in each accounting category (no randomness). */
function insertFamilyAccounting(out: Inserter, code: string): void {
  for (const category of DEMO_ACCOUNTING_CATEGORIES) {
    out.insert('F_FAMCOMPTA', {
      FA_CodeFamille: code,
      FCP_Type: 0,
      FCP_Champ: category.no,
      FCP_TypeFacture: 0,
      FCP_ComptaCPT_CompteG: category.no === 1 ? '7070000' : '7071000',
      FCP_ComptaCPT_Taxe1: category.taxCode,
    });
  }
}

/** The overseas customer (DEMO_OVERSEAS_CUSTOMER), fixed values: no random draw. */
function insertOverseasCustomer(out: Inserter): void {
  const c = DEMO_OVERSEAS_CUSTOMER;
  const mailbox = c.account.toLowerCase();
  out.insert('F_COMPTET', {
    CT_Num: c.account,
    CT_Intitule: c.name,
    CT_Type: 0,
    CT_Contact: 'Marie Payet',
    CT_Adresse: '12 rue du Karting',
    CT_CodePostal: c.postalCode,
    CT_Ville: c.city,
    CT_Pays: c.country,
    CT_Telephone: '02 62 41 00 00',
    CT_EMail: `contact@${mailbox}.example.fr`,
    CT_Identifiant: 'FR45512345678',
    CT_Siret: '51234567800017',
    CT_Sommeil: 0,
    CT_NumPayeur: c.account,
    CT_NumCentrale: '',
    N_CatTarif: 1,
    N_CatCompta: c.accountingCategory,
    CT_Taux01: '0',
    CT_Taux02: '0',
    DE_No: c.depotNo,
    CG_NumPrinc: '4110000',
    CT_Facture: 1,
    N_Expedition: 1,
    N_Condition: 1,
    N_Period: 1,
  });
  out.insert('F_CONTACTT', {
    CT_Num: c.account,
    CT_No: 1,
    CT_Nom: 'Payet',
    CT_Prenom: 'Marie',
    CT_Fonction: 'Responsable achats',
    CT_Civilite: 0,
    CT_Telephone: '06 92 00 00 00',
    CT_EMail: `marie.payet@${mailbox}.example.fr`,
  });
}

function insertDepots(out: Inserter): void {
  for (const depot of DEMO_DEPOTS) {
    out.insert('F_DEPOT', {
      DE_No: depot.no,
      DE_Intitule: depot.name,
      DE_Code: depot.code,
      DE_Adresse: `${depot.no * 7} ${STREETS[depot.no % STREETS.length]}`,
      DE_CodePostal: depot.postalCode,
      DE_Ville: depot.city,
      DE_Pays: 'France',
      DE_Principal: depot.principal ? 1 : 0,
    });
  }
}

function insertFamilies(out: Inserter, profile: DemoProfile, rng: Rng): string[] {
  const codes: string[] = [];
  for (let i = 1; i <= profile.families; i++) {
    const code = `FAM${String(i).padStart(3, '0')}`;
    codes.push(code);
    const word = FAMILY_WORDS[(i - 1) % FAMILY_WORDS.length];
    out.insert('F_FAMILLE', {
      FA_CodeFamille: code,
      FA_Type: 0,
      FA_Intitule: `${word} ${Math.floor((i - 1) / FAMILY_WORDS.length) + 1}`,
      FA_Coef: centsToDecimal(rng.int(140, 220)),
      FA_SuiviStock: 2,
    });
    insertFamilyAccounting(out, code);
  }
  // The used families are spread over the whole list, as in a real company.
  return rng.sample(codes, profile.usedFamilies).sort();
}

function priceCents(rng: Rng): number {
  // Log-uniform between 0.40 and 900.00: many cheap fittings, a few expensive valves.
  return Math.round(Math.exp(Math.log(40) + rng.next() * (Math.log(90_000) - Math.log(40))));
}

function insertArticles(
  out: Inserter,
  profile: DemoProfile,
  families: string[],
  freeFields: FreeFieldsConfig,
  rng: Rng,
): { articles: GeneratedArticle[]; groups: number } {
  const articles: GeneratedArticle[] = [];
  const bad = badArticles(families[0]);
  const target = profile.articles - bad.length;
  let packagingNo = 0;
  let groups = 0;
  let serial = 0;

  const insertArticle = (spec: {
    ref: string;
    design: string | null;
    family: string;
    master: string;
    attributes: { name: string; value: string }[];
    sleeping: boolean;
    withPackaging: boolean;
  }) => {
    const purchaseCents = priceCents(rng);
    const coefPercent = rng.int(140, 220);
    const saleCents = Math.round((purchaseCents * coefPercent) / 100);
    const row: Row = {
      AR_Ref: spec.ref,
      AR_Design: spec.design,
      FA_CodeFamille: spec.family,
      AR_UniteVen: 1,
      AR_PrixAch: centsToDecimal(purchaseCents),
      AR_Coef: centsToDecimal(coefPercent),
      AR_PrixVen: centsToDecimal(saleCents),
      AR_SuiviStock: 2,
      AR_Sommeil: spec.sleeping ? 1 : 0,
      AR_Publie: rng.chance(0.9) ? 1 : 0,
      AR_Condition: spec.withPackaging ? 1 : 0,
      AR_CodeBarre: `376${rng.digits(10)}`,
      AR_PoidsNet: centsToDecimal(rng.int(1, 5000)),
      AR_PoidsBrut: centsToDecimal(rng.int(5001, 6000)),
      AR_UnitePoids: 2,
      AR_DateCreation: '2020-01-01T00:00:00.000',
      [freeFields.masterReference]: spec.master,
    };
    freeFields.attributes.forEach((pair, i) => {
      row[pair.name] = spec.attributes[i]?.name ?? '';
      row[pair.value] = spec.attributes[i]?.value ?? '';
    });
    out.insert('F_ARTICLE', row);
    const packagingNos: number[] = [];
    if (spec.withPackaging) {
      const choices = rng.sample(PACKAGINGS, rng.int(1, 3)).sort((a, b) => a.quantity - b.quantity);
      choices.forEach((p, i) => {
        packagingNo += 1;
        packagingNos.push(packagingNo);
        out.insert('F_CONDITION', {
          AR_Ref: spec.ref,
          CO_No: packagingNo,
          EC_Enumere: p.label,
          EC_Quantite: String(p.quantity),
          CO_Ref: `${spec.ref.trim()}-${p.quantity}`.slice(0, 19),
          CO_CodeBarre: `376${rng.digits(10)}`,
          CO_Principal: i === 0 ? 1 : 0,
        });
      });
    }
    articles.push({
      ref: spec.ref,
      familyCode: spec.family,
      saleCents,
      sleeping: spec.sleeping,
      packagingNos,
    });
  };

  while (articles.length < target) {
    const line = rng.pick(PRODUCT_LINES);
    const family = rng.pick(families);
    const remaining = target - articles.length;
    // About 40 % of the articles are variations of a variable product (groups of 2 to 8).
    // Every size gets at least one variable product and one packaged article.
    if (remaining >= 2 && (groups === 0 || rng.chance(0.15))) {
      groups += 1;
      const axes = rng.sample(ATTRIBUTES, rng.int(1, 2));
      const combos = combinations(axes, rng).slice(0, Math.min(rng.int(2, 8), remaining));
      const master = `M-${line.prefix}-${String(groups).padStart(5, '0')}`;
      for (const combo of combos) {
        serial += 1;
        insertArticle({
          ref: `${line.prefix}-${String(serial).padStart(6, '0')}`,
          design: `${line.name} ${combo.map((c) => c.value).join(' ')}`,
          family,
          master,
          attributes: combo,
          sleeping: rng.chance(0.02),
          withPackaging: rng.chance(0.05),
        });
      }
      continue;
    }
    serial += 1;
    insertArticle({
      ref: `${line.prefix}-${String(serial).padStart(6, '0')}`,
      design: `${line.name} ${rng.pick(ATTRIBUTES[0].values)} ${rng.pick(ATTRIBUTES[1].values)}`,
      family,
      master: '',
      attributes: [],
      sleeping: rng.chance(0.03),
      withPackaging: packagingNo === 0 || rng.chance(0.08),
    });
  }
  for (const spec of bad)
    insertArticle({ ...spec, master: '', attributes: [], withPackaging: false });
  return { articles, groups };
}

function combinations(
  axes: readonly (typeof ATTRIBUTES)[number][],
  rng: Rng,
): { name: string; value: string }[][] {
  let combos: { name: string; value: string }[][] = [[]];
  for (const axis of axes) {
    const values = rng.sample(axis.values, rng.int(2, 4));
    combos = combos.flatMap((c) => values.map((v) => [...c, { name: axis.name, value: v }]));
  }
  return combos;
}

/** Bad data as it exists in real companies, present in every size. */
function badArticles(family: string) {
  return [
    { ref: DEMO_BAD_DATA.articleNullDesignation, design: null, family, sleeping: false },
    { ref: DEMO_BAD_DATA.articleBlankDesignation, design: '   ', family, sleeping: false },
    {
      ref: DEMO_BAD_DATA.articleUnknownFamily,
      design: 'Article hors famille',
      family: DEMO_BAD_DATA.unknownFamilyCode,
      sleeping: false,
    },
    {
      ref: DEMO_BAD_DATA.articleTrailingSpaces,
      design: 'Référence avec espaces  ',
      family,
      sleeping: false,
    },
    { ref: DEMO_BAD_DATA.articleNegativeStock, design: 'Stock négatif', family, sleeping: false },
  ];
}

function insertStock(out: Inserter, articles: GeneratedArticle[], rng: Rng): void {
  for (const article of articles) {
    for (const depot of DEMO_DEPOTS) {
      const zero = article.sleeping || rng.chance(0.35);
      let onHand = zero ? 0 : rng.int(1, depot.no === 1 ? 400 : 120);
      if (
        article.ref === DEMO_BAD_DATA.articleNegativeStock &&
        depot.no === DEMO_BAD_DATA.negativeStockDepot
      ) {
        onHand = -3;
      }
      const reserved = onHand > 0 && rng.chance(0.12) ? rng.int(1, onHand) : 0;
      const ordered = rng.chance(0.08) ? rng.int(5, 100) : 0;
      out.insert('F_ARTSTOCK', {
        AR_Ref: article.ref,
        DE_No: depot.no,
        AS_QteSto: String(onHand),
        AS_QteRes: String(reserved),
        AS_QteCom: String(ordered),
        AS_QtePrepa: '0',
        AS_QteMini: depot.no === 1 ? '5' : '0',
        AS_MontSto: centsToDecimal(Math.max(onHand, 0) * Math.round(article.saleCents / 2)),
        AS_Principal: depot.no === 1 ? 1 : 0,
      });
    }
  }
}

function companyName(rng: Rng, n: number): string {
  return `${rng.pick(COMPANY_FORMS)} ${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_WORDS)} ${n}`.slice(
    0,
    35,
  );
}

function insertCustomers(out: Inserter, profile: DemoProfile, rng: Rng): GeneratedCustomer[] {
  const customers: GeneratedCustomer[] = [];
  const centrals: string[] = [];
  let addressNo = 0;
  const special: string[] = [
    DEMO_BAD_DATA.customerNoDepotMatch,
    DEMO_BAD_DATA.customerTrailingSpaces,
  ];
  const regular = profile.customers - profile.centrals - special.length;
  const accounts: { account: string; central: boolean }[] = [];
  for (let i = 1; i <= profile.centrals; i++) {
    accounts.push({ account: `CENTRALE${String(i).padStart(2, '0')}`, central: true });
  }
  for (let i = 1; i <= regular; i++) {
    accounts.push({ account: `CL${String(i).padStart(5, '0')}`, central: false });
  }
  for (const account of special) accounts.push({ account, central: false });
  const regularAccounts = accounts.filter((a) => !a.central).map((a) => a.account);

  accounts.forEach(({ account, central }, index) => {
    const n = index + 1;
    const name = central ? `Centrale d'achat ${n}` : companyName(rng, n);
    const cityEntry =
      account === DEMO_BAD_DATA.customerNoDepotMatch
        ? { city: 'Monaco', postalCode: '98000' }
        : rng.pick(CITIES);
    const category = central ? 2 : rng.chance(0.6) ? 1 : 2;
    const siren = rng.digits(9);
    const member = !central && centrals.length > 0 && account.startsWith('CL') && rng.chance(0.1);
    const payer =
      !central && account.startsWith('CL') && rng.chance(0.04)
        ? rng.pick(regularAccounts)
        : account;
    const contactLast = rng.pick(LAST_NAMES);
    const contactFirst = rng.pick(FIRST_NAMES);
    const mailbox = account.trim().toLowerCase();
    out.insert('F_COMPTET', {
      CT_Num: account,
      CT_Intitule: name,
      CT_Type: 0,
      CT_Contact: `${contactFirst} ${contactLast}`,
      CT_Adresse: `${rng.int(1, 180)} ${rng.pick(STREETS)}`,
      CT_Complement: rng.chance(0.2) ? `Bât. ${rng.pick(['A', 'B', 'C'])}` : '',
      CT_CodePostal: cityEntry.postalCode,
      CT_Ville: cityEntry.city,
      CT_Pays: account === DEMO_BAD_DATA.customerNoDepotMatch ? 'Monaco' : 'France',
      CT_Telephone: `04 ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`,
      CT_EMail: `contact@${mailbox}.example.fr`,
      CT_Identifiant: `FR${rng.digits(2)}${siren}`,
      CT_Siret: `${siren}${rng.digits(5)}`,
      CT_Sommeil: !central && rng.chance(0.04) ? 1 : 0,
      CT_NumPayeur: payer,
      CT_NumCentrale: member ? rng.pick(centrals) : '',
      N_CatTarif: category,
      N_CatCompta: 1,
      CT_Taux01: rng.chance(0.3) ? String(rng.int(2, 10)) : '0',
      CT_Taux02: rng.chance(0.1) ? '2' : '0',
      // The special accounts rely on postal-code matching (and Monaco matches no depot).
      DE_No: rng.chance(0.3) && !special.includes(account) ? rng.int(1, 6) : 0,
      CG_NumPrinc: '4110000',
      CT_Facture: 1,
      N_Expedition: 1,
      N_Condition: 1,
      N_Period: 1,
    });
    if (central) centrals.push(account);
    customers.push({ account, category, isCentral: central });

    for (let c = 1; c <= rng.int(1, 2); c++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      out.insert('F_CONTACTT', {
        CT_Num: account,
        CT_No: c,
        CT_Nom: last,
        CT_Prenom: first,
        CT_Fonction: c === 1 ? 'Responsable achats' : 'Comptabilité',
        CT_Civilite: 0,
        CT_Telephone: `06 ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`,
        CT_EMail: `${first}.${last}@${mailbox}.example.fr`.toLowerCase(),
      });
    }
    const addresses = rng.int(0, 3);
    for (let a = 0; a < addresses; a++) {
      addressNo += 1;
      const where = rng.pick(CITIES);
      out.insert('F_LIVRAISON', {
        LI_No: addressNo,
        CT_Num: account,
        LI_Intitule: a === 0 ? name : `${name.slice(0, 25)} site ${a + 1}`,
        LI_Adresse: `${rng.int(1, 180)} ${rng.pick(STREETS)}`,
        LI_CodePostal: where.postalCode,
        LI_Ville: where.city,
        LI_Pays: 'France',
        LI_Contact: `${contactFirst} ${contactLast}`,
        LI_Principal: a === 0 ? 1 : 0,
        N_Expedition: 1,
        N_Condition: 1,
      });
    }
  });
  return customers;
}

/** Days of application of the demo's scheduled prices: one long past, one years ahead. */
export const DEMO_SCHEDULE_PAST = '2026-01-01T00:00:00.000';
export const DEMO_SCHEDULE_FUTURE = '2030-01-01T00:00:00.000';
/**
 * cbModification of the rows given a schedule: a minute after the inserts' DEMO_BASE_TIMESTAMP
 * (an update that leaves the stamp as it was lets the trigger move it to now).
 */
const SCHEDULED_AT = '2025-01-01T00:01:00.000';

/**
 * A few scheduled prices (Sage's new values with their day of application), chosen without a
 * draw so the rest of the company stays the same for a seed: a base price and an exception row
 * already in force, a base price and a category row to come. The rows picked are a third and
 * two thirds down their lists, away from the first rows tests tend to look at.
 */
function scheduleDemoPrices(out: Inserter): void {
  const pick = <T>(rows: T[], fraction: number): T | undefined =>
    rows[Math.floor(rows.length * fraction)];
  const scaled = (value: string, percent: number) =>
    new Big(value).times(percent).div(100).round(2, Big.roundHalfUp).toFixed(2);
  // Preferably articles without category rows: their base price is every category's price.
  const articlesWhere = (rowless: boolean) =>
    out.rows<{ cbMarq: number; AR_PrixVen: string }>(
      `SELECT a."cbMarq", a."AR_PrixVen" FROM "F_ARTICLE" a
       WHERE a."AR_Sommeil" = 0 AND a."AR_Condition" = 0 AND a."AR_PrixVen" <> '0'
         ${rowless ? `AND NOT EXISTS (SELECT 1 FROM "F_ARTCLIENT" p WHERE p."AR_Ref" = a."AR_Ref")` : ''}
       ORDER BY a."cbMarq"`,
    );
  const rowless = articlesWhere(true);
  const articles = rowless.length >= 3 ? rowless : articlesWhere(false);
  const schedule = [
    { row: pick(articles, 1 / 3), percent: 104, day: DEMO_SCHEDULE_PAST },
    { row: pick(articles, 2 / 3), percent: 103, day: DEMO_SCHEDULE_FUTURE },
  ];
  for (const { row, percent, day } of schedule) {
    if (!row) continue;
    out.update(
      'F_ARTICLE',
      row.cbMarq,
      { AR_PrixVenNouv: scaled(row.AR_PrixVen, percent), AR_DateApplication: day },
      SCHEDULED_AT,
    );
  }
  type PriceRow = { cbMarq: number; AC_PrixVen: string; AC_Coef: string; AC_Remise: string };
  const rowsOf = (where: string) =>
    out.rows<PriceRow>(
      `SELECT "cbMarq", "AC_PrixVen", "AC_Coef", "AC_Remise" FROM "F_ARTCLIENT"
       WHERE ${where} AND "AC_QteMont" = 0 AND "AC_PrixVen" <> '0' ORDER BY "cbMarq"`,
    );
  const category = pick(rowsOf(`"AC_Categorie" = 2`), 1 / 3);
  if (category) {
    // From 2030: 5 % cheaper, with a 2 % discount on the row.
    out.update(
      'F_ARTCLIENT',
      category.cbMarq,
      {
        AC_PrixVenNouv: scaled(category.AC_PrixVen, 95),
        AC_CoefNouv: category.AC_Coef,
        AC_RemiseNouv: '2',
        AC_DateApplication: DEMO_SCHEDULE_FUTURE,
      },
      SCHEDULED_AT,
    );
  }
  const exception = pick(rowsOf(`"AC_Categorie" = 0`), 1 / 3);
  if (exception) {
    // Since 2026: 3 % cheaper, same discount.
    out.update(
      'F_ARTCLIENT',
      exception.cbMarq,
      {
        AC_PrixVenNouv: scaled(exception.AC_PrixVen, 97),
        AC_CoefNouv: exception.AC_Coef,
        AC_RemiseNouv: exception.AC_Remise,
        AC_DateApplication: DEMO_SCHEDULE_PAST,
      },
      SCHEDULED_AT,
    );
  }
}

/**
 * One published article whose sales price is tax-inclusive (AR_PrixTTC = 1), without price rows
 * (its base price is every category's, so the overseas customer at 0 % and the French ones at
 * 20 % all buy it at that price brought back to excl. tax with their own rate) and without a
 * scheduled price. Chosen among the existing rows, no random draw: the counts stay the same.
 */
function taxInclusiveDemoPrice(out: Inserter): void {
  const candidates = out.rows<{ cbMarq: number }>(
    `SELECT a."cbMarq" FROM "F_ARTICLE" a
     WHERE a."AR_Sommeil" = 0 AND a."AR_Condition" = 0 AND a."AR_PrixVen" <> '0'
       AND a."AR_Publie" = 1 AND a."AR_DateApplication" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "F_ARTCLIENT" p WHERE p."AR_Ref" = a."AR_Ref")
       AND NOT EXISTS (SELECT 1 FROM "F_TARIFCOND" t WHERE t."AR_Ref" = a."AR_Ref")
     ORDER BY a."cbMarq"`,
  );
  const row = candidates[Math.floor(candidates.length / 2)];
  if (row) out.update('F_ARTICLE', row.cbMarq, { AR_PrixTTC: 1 }, SCHEDULED_AT);
}

function insertPrices(
  out: Inserter,
  articles: GeneratedArticle[],
  families: string[],
  customers: GeneratedCustomer[],
  rng: Rng,
): void {
  const percentOf = (cents: number, percent: number) => Math.round((cents * percent) / 100);
  // Category prices: installers (1) on half the articles, resellers (2) on 70 %.
  for (const article of articles) {
    if (rng.chance(0.5)) {
      out.insert('F_ARTCLIENT', {
        AR_Ref: article.ref,
        AC_Categorie: 1,
        CT_Num: '',
        AC_PrixVen: centsToDecimal(percentOf(article.saleCents, rng.int(92, 100))),
        AC_Remise: rng.chance(0.1) ? String(rng.int(2, 5)) : '0',
        AC_TypeRem: rng.chance(0.02) ? 1 : 0,
      });
    }
    if (rng.chance(0.7)) {
      const grid = rng.chance(0.01);
      out.insert('F_ARTCLIENT', {
        AR_Ref: article.ref,
        AC_Categorie: 2,
        CT_Num: '',
        AC_PrixVen: centsToDecimal(percentOf(article.saleCents, rng.int(80, 90))),
        AC_Remise: '0',
        AC_TypeRem: rng.chance(0.02) ? 1 : 0,
        AC_QteMont: grid ? 1 : 0,
      });
      if (grid) {
        [
          ['9', '0'],
          ['49', '5'],
          ['999999', '8'],
        ].forEach(([bound, discount]) =>
          out.insert('F_TARIFQTE', {
            AR_Ref: article.ref,
            TQ_RefCF: 'a02',
            TQ_BorneSup: bound,
            TQ_Remise01REM_Valeur: discount,
            TQ_Remise01REM_Type: 1,
          }),
        );
      }
    }
    for (const packagingNo of article.packagingNos) {
      if (rng.chance(0.5)) {
        out.insert('F_TARIFCOND', {
          AR_Ref: article.ref,
          TC_RefCF: 'a02',
          CO_No: packagingNo,
          TC_Prix: centsToDecimal(percentOf(article.saleCents * 10, rng.int(75, 85))),
        });
      }
    }
  }
  // Family conditions by category.
  for (const family of families) {
    for (const category of [1, 2]) {
      if (rng.chance(0.6)) {
        out.insert('F_FAMTARIF', {
          FA_CodeFamille: family,
          FT_Categorie: category,
          FT_Remise: String(rng.int(0, 15)),
          FT_TypeRem: rng.chance(0.03) ? 1 : 0,
        });
      }
    }
  }
  // Exception prices and family discounts: every central, and some customers.
  const sellable = articles.filter((a) => !a.sleeping);
  for (const customer of customers) {
    const isSpecial = customer.isCentral || rng.chance(0.05);
    if (!isSpecial) continue;
    const exceptions = rng.sample(sellable, customer.isCentral ? rng.int(10, 40) : rng.int(3, 12));
    for (const [index, article] of exceptions.entries()) {
      out.insert('F_ARTCLIENT', {
        AR_Ref: article.ref,
        AC_Categorie: 0,
        CT_Num: customer.account,
        AC_PrixVen: rng.chance(0.8)
          ? centsToDecimal(percentOf(article.saleCents, rng.int(70, 88)))
          : '0',
        AC_Remise: rng.chance(0.3) ? String(rng.int(3, 12)) : '0',
        // The customer's own code on every other row (no draw: the rest of the company stays
        // the same for a seed), e.g. "CENTRALE01-003"; members of a central inherit its codes.
        AC_RefClient:
          index % 2 === 0 ? `${customer.account.trim()}-${String(index + 1).padStart(3, '0')}` : '',
      });
    }
    for (const family of rng.sample(families, customer.isCentral ? rng.int(3, 8) : rng.int(1, 4))) {
      out.insert('F_FAMCLIENT', {
        FA_CodeFamille: family,
        CT_Num: customer.account,
        FC_Remise: String(rng.int(3, 20)),
      });
    }
  }
}
