import type { DemoSize } from '../../shared/config/sage';

/** Row counts of each demo size. 'customer' is the first customer's real scale. */
export interface DemoProfile {
  articles: number;
  customers: number;
  centrals: number;
  families: number;
  usedFamilies: number;
}

export const DEMO_PROFILES: Record<DemoSize, DemoProfile> = {
  customer: { articles: 15_000, customers: 3_000, centrals: 25, families: 126, usedFamilies: 45 },
  // About 2,100 shop products: the size of the real-store benchmark.
  medium: { articles: 2_500, customers: 300, centrals: 6, families: 126, usedFamilies: 30 },
  small: { articles: 300, customers: 60, centrals: 3, families: 126, usedFamilies: 20 },
  tiny: { articles: 30, customers: 10, centrals: 1, families: 126, usedFamilies: 6 },
};

/**
 * Depots of the demo company (8, one per shop). Depot 7 is the overflow store of Lyon: shops
 * group it with depot 1. Depot 8 is the after-sales workshop: its stock is never sent.
 */
export const DEMO_DEPOTS = [
  { no: 1, name: 'Lyon Gerland', code: 'LYO', city: 'Lyon', postalCode: '69007', principal: true },
  {
    no: 2,
    name: 'Marseille',
    code: 'MRS',
    city: 'Marseille',
    postalCode: '13010',
    principal: false,
  },
  { no: 3, name: 'Toulouse', code: 'TLS', city: 'Toulouse', postalCode: '31200', principal: false },
  { no: 4, name: 'Bordeaux', code: 'BOD', city: 'Bordeaux', postalCode: '33300', principal: false },
  { no: 5, name: 'Nantes', code: 'NTE', city: 'Nantes', postalCode: '44300', principal: false },
  { no: 6, name: 'Lille', code: 'LIL', city: 'Lille', postalCode: '59000', principal: false },
  {
    no: 7,
    name: 'Lyon Vénissieux (réserve)',
    code: 'LYR',
    city: 'Vénissieux',
    postalCode: '69200',
    principal: false,
  },
  // No customer lives in 69800: the workshop never becomes a home depot.
  {
    no: 8,
    name: 'Atelier SAV',
    code: 'SAV',
    city: 'Saint-Priest',
    postalCode: '69800',
    principal: false,
  },
] as const;

/** Depot rules that fit the demo company, for the connector's depot configuration. */
export const DEMO_DEPOT_RULES = {
  groups: [{ depotNo: 1, members: [1, 7] }],
  neverSent: [8],
} as const;

/** Keys of the deliberately bad rows present in every size (tests and demos look them up). */
export const DEMO_BAD_DATA = {
  articleNullDesignation: 'BAD-NULL-DESIGN',
  articleBlankDesignation: 'BAD-BLANK-DESIGN',
  articleUnknownFamily: 'BAD-UNKNOWN-FAM',
  unknownFamilyCode: 'ZZ_INCONNUE',
  /** Stored with trailing spaces, read trimmed. */
  articleTrailingSpaces: 'BAD-SPACES   ',
  articleNegativeStock: 'BAD-NEG-STOCK',
  negativeStockDepot: 1,
  customerNoDepotMatch: 'CLMONACO',
  customerTrailingSpaces: 'CLSPACES  ',
} as const;

/** VAT codes of the demo company (F_TAXE; the quote writer's default codes per rate). */
export const DEMO_TAXES = [
  { code: 'C20', name: 'TVA collectée 20 %', rate: '20' },
  { code: 'C10', name: 'TVA collectée 10 %', rate: '10' },
  { code: 'C05', name: 'TVA collectée 5,5 %', rate: '5.5' },
  { code: 'C00', name: 'TVA 0 % (DOM-TOM)', rate: '0' },
] as const;

/**
 * Sales accounting categories (P_CATCOMPTA slot = N_CatCompta) and the VAT code every family's
 * sales carry in it (F_FAMCOMPTA): "TVA 20 %" for France, "0 %" for the overseas departments.
 */
export const DEMO_ACCOUNTING_CATEGORIES = [
  { no: 1, name: 'Ventes France', taxCode: 'C20' },
  { no: 2, name: 'Ventes DOM-TOM', taxCode: 'C00' },
] as const;

/**
 * A customer in La Réunion (accounting category 2, VAT 0 %), present in every size on top of
 * the profile's customers, built without the random generator (the other rows stay the same).
 */
export const DEMO_OVERSEAS_CUSTOMER = {
  account: 'CLREUNION',
  name: 'Réunion Sanitaire Distribution',
  accountingCategory: 2,
  postalCode: '97490',
  city: 'Sainte-Clotilde',
  country: 'La Réunion',
  /** Shipped from Lyon (an explicit home depot: no postal-code matching). */
  depotNo: 1,
} as const;

/** Every row of the generator is stamped with this cbModification (determinism). */
export const DEMO_BASE_TIMESTAMP = '2025-01-01T00:00:00.000';

/** Number of the first document of each type (F_DOCCURRENTPIECE). */
export const DEMO_COUNTERS: { idCol: number; piece: string }[] = [
  { idCol: 0, piece: 'DE00001' },
  { idCol: 1, piece: 'BC00001' },
  { idCol: 2, piece: 'PL00001' },
  { idCol: 3, piece: 'BL00001' },
  { idCol: 4, piece: 'BR00001' },
  { idCol: 5, piece: 'BA00001' },
  { idCol: 6, piece: 'FA00001' },
];
