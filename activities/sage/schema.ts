import type { ColumnType, Generated } from 'kysely';

/**
 * The Sage tables and columns the connector uses, as ONE runtime model. The Kysely table types,
 * the embedded (SQLite) DDL and the SQL Server test-company script are all derived from it, so
 * they cannot drift apart. Column names are Sage's and never leave activities/sage.
 *
 * Column kinds:
 * - `identity`  cbMarq, surrogate key assigned by the database.
 * - `key`       business key text, NOT NULL, required on insert (AR_Ref, CT_Num, DO_Piece…).
 * - `text`      varchar, NULL allowed (real companies hold NULL designations), default ''.
 * - `int`/`small` int / smallint, NOT NULL default 0 (Sage flags are smallint 0/1).
 * - `decimal`   numeric(24,6) on SQL Server; TEXT holding a normalised decimal string on SQLite
 *               (exact, no float rounding). Reads give `string` (SQLite) or `number` (tedious):
 *               always go through toDecimal().
 * - `date`/`requiredDate` datetime; TEXT ISO-8601 without zone on SQLite ("2026-01-31T08:15:00.000").
 * - `modified`  cbModification: default "now", moved forward on every UPDATE by a trigger.
 */
export type ColumnKind =
  'identity' | 'key' | 'text' | 'int' | 'small' | 'decimal' | 'date' | 'requiredDate' | 'modified';

export interface ColumnSpec {
  readonly kind: ColumnKind;
  /** varchar length (informative: the connector must introspect the real lengths). */
  readonly length?: number;
}

const identity = { kind: 'identity' } as const;
const modified = { kind: 'modified' } as const;
const int = { kind: 'int' } as const;
const small = { kind: 'small' } as const;
const decimal = { kind: 'decimal' } as const;
const date = { kind: 'date' } as const;
const requiredDate = { kind: 'requiredDate' } as const;
function key<L extends number>(length: L) {
  return { kind: 'key', length } as const;
}
function text<L extends number>(length: L) {
  return { kind: 'text', length } as const;
}

export interface TableSpec {
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Business keys (unique indexes). */
  readonly unique: readonly (readonly string[])[];
  /** Extra non-unique indexes. */
  readonly indexes: readonly (readonly string[])[];
}

const CHANGE_INDEX = ['cbModification', 'cbMarq'] as const;

export const SAGE_TABLES = {
  F_FAMILLE: {
    columns: {
      cbMarq: identity,
      FA_CodeFamille: key(11),
      FA_Type: small,
      FA_Intitule: text(35),
      FA_UniteVen: small,
      FA_Coef: decimal,
      FA_SuiviStock: small,
      FA_Central: text(11),
      FA_Publie: small,
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [['FA_CodeFamille']],
    indexes: [CHANGE_INDEX],
  },
  F_ARTICLE: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      AR_Design: text(69),
      FA_CodeFamille: key(11),
      AR_Substitut: text(19),
      AR_Raccourci: text(7),
      AR_UniteVen: small,
      AR_PrixAch: decimal,
      AR_Coef: decimal,
      AR_PrixVen: decimal,
      AR_PrixTTC: small,
      AR_Gamme1: small,
      AR_Gamme2: small,
      AR_SuiviStock: small,
      AR_Nomencl: small,
      AR_Type: small,
      AR_Sommeil: small,
      AR_Publie: small,
      AR_Condition: small,
      AR_CodeBarre: text(19),
      AR_PoidsNet: decimal,
      AR_PoidsBrut: decimal,
      AR_UnitePoids: small,
      AR_Stat01: text(21),
      AR_DateCreation: date,
      /** Scheduled base price: charged from AR_DateApplication on (0 / NULL: none scheduled). */
      AR_PrixVenNouv: decimal,
      AR_DateApplication: date,
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [['AR_Ref']],
    indexes: [CHANGE_INDEX, ['FA_CodeFamille']],
  },
  P_CONDITIONNEMENT: {
    columns: {
      cbMarq: identity,
      cbIndice: small,
      P_Conditionnement: text(35),
      cbModification: modified,
    },
    unique: [['cbIndice']],
    indexes: [],
  },
  F_CONDITION: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      CO_No: int,
      EC_Enumere: text(21),
      EC_Quantite: decimal,
      CO_Ref: text(19),
      CO_CodeBarre: text(19),
      CO_Principal: small,
      cbModification: modified,
    },
    unique: [['CO_No']],
    indexes: [['AR_Ref'], CHANGE_INDEX],
  },
  F_DEPOT: {
    columns: {
      cbMarq: identity,
      DE_No: int,
      DE_Intitule: text(35),
      DE_Adresse: text(35),
      DE_Complement: text(35),
      DE_CodePostal: text(9),
      DE_Ville: text(35),
      DE_Pays: text(35),
      DE_Code: text(9),
      DE_Telephone: text(21),
      DE_EMail: text(69),
      DE_Principal: small,
      cbModification: modified,
    },
    unique: [['DE_No']],
    indexes: [],
  },
  F_ARTSTOCK: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      DE_No: int,
      AS_QteSto: decimal,
      AS_QteRes: decimal,
      AS_QteCom: decimal,
      AS_QtePrepa: decimal,
      AS_QteMini: decimal,
      AS_QteMaxi: decimal,
      AS_MontSto: decimal,
      AS_Principal: small,
      cbModification: modified,
    },
    unique: [['AR_Ref', 'DE_No']],
    indexes: [CHANGE_INDEX],
  },
  F_COMPTET: {
    columns: {
      cbMarq: identity,
      CT_Num: key(17),
      CT_Intitule: text(35),
      CT_Type: small,
      CT_Prospect: small,
      CT_Contact: text(35),
      CT_Adresse: text(35),
      CT_Complement: text(35),
      CT_CodePostal: text(9),
      CT_Ville: text(35),
      CT_CodeRegion: text(25),
      CT_Pays: text(35),
      CT_Telephone: text(21),
      CT_EMail: text(69),
      CT_Identifiant: text(25),
      CT_Siret: text(15),
      CT_Sommeil: small,
      CT_NumPayeur: text(17),
      CT_NumCentrale: text(17),
      N_CatTarif: small,
      N_CatCompta: small,
      CT_Taux01: decimal,
      CT_Taux02: decimal,
      CT_Taux03: decimal,
      CT_Taux04: decimal,
      CO_No: int,
      DE_No: int,
      CG_NumPrinc: text(13),
      CT_Facture: small,
      CT_BLFact: small,
      CT_Langue: small,
      N_Expedition: small,
      N_Condition: small,
      N_Period: small,
      N_Devise: small,
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [['CT_Num']],
    indexes: [CHANGE_INDEX, ['CT_NumCentrale']],
  },
  F_CONTACTT: {
    columns: {
      cbMarq: identity,
      CT_Num: key(17),
      CT_No: int,
      CT_Nom: text(35),
      CT_Prenom: text(35),
      CT_Fonction: text(35),
      CT_Civilite: small,
      CT_Telephone: text(21),
      CT_TelPortable: text(21),
      CT_EMail: text(69),
      N_Contact: small,
      cbModification: modified,
    },
    unique: [['CT_Num', 'CT_No']],
    indexes: [CHANGE_INDEX],
  },
  F_LIVRAISON: {
    columns: {
      cbMarq: identity,
      LI_No: int,
      CT_Num: key(17),
      LI_Intitule: text(35),
      LI_Adresse: text(35),
      LI_Complement: text(35),
      LI_CodePostal: text(9),
      LI_Ville: text(35),
      LI_CodeRegion: text(25),
      LI_Pays: text(35),
      LI_Contact: text(35),
      LI_Telephone: text(21),
      LI_EMail: text(69),
      N_Expedition: small,
      N_Condition: small,
      LI_Principal: small,
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [['LI_No']],
    indexes: [['CT_Num'], CHANGE_INDEX],
  },
  P_CATTARIF: {
    columns: {
      cbMarq: identity,
      cbIndice: small,
      CT_Intitule: text(35),
      CT_PrixTTC: small,
      cbModification: modified,
    },
    unique: [['cbIndice']],
    indexes: [],
  },
  F_ARTCLIENT: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      AC_Categorie: small,
      CT_Num: text(17),
      AC_PrixVen: decimal,
      AC_Coef: decimal,
      AC_PrixTTC: small,
      AC_Arrondi: small,
      AC_QteMont: small,
      AC_Remise: decimal,
      AC_Calcul: small,
      AC_TypeRem: small,
      AC_RefClient: text(19),
      /** Scheduled values of the row: they replace price, coefficient and discount from the date. */
      AC_PrixVenNouv: decimal,
      AC_CoefNouv: decimal,
      AC_RemiseNouv: decimal,
      AC_DateApplication: date,
      cbModification: modified,
    },
    unique: [['AR_Ref', 'AC_Categorie', 'CT_Num']],
    indexes: [CHANGE_INDEX, ['CT_Num']],
  },
  F_FAMTARIF: {
    columns: {
      cbMarq: identity,
      FA_CodeFamille: key(11),
      FT_Categorie: small,
      FT_Coef: decimal,
      FT_PrixTTC: small,
      FT_Arrondi: small,
      FT_QteMont: small,
      FT_Remise: decimal,
      FT_Calcul: small,
      FT_TypeRem: small,
      cbModification: modified,
    },
    unique: [['FA_CodeFamille', 'FT_Categorie']],
    indexes: [CHANGE_INDEX],
  },
  F_FAMCLIENT: {
    columns: {
      cbMarq: identity,
      FA_CodeFamille: key(11),
      CT_Num: key(17),
      FC_Remise: decimal,
      cbModification: modified,
    },
    unique: [['CT_Num', 'FA_CodeFamille']],
    indexes: [CHANGE_INDEX],
  },
  F_TARIFCOND: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      TC_RefCF: key(17),
      CO_No: int,
      TC_Prix: decimal,
      cbModification: modified,
    },
    unique: [['AR_Ref', 'TC_RefCF', 'CO_No']],
    indexes: [CHANGE_INDEX],
  },
  F_TARIFQTE: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      TQ_RefCF: key(17),
      TQ_BorneSup: decimal,
      TQ_Remise01REM_Valeur: decimal,
      TQ_Remise01REM_Type: small,
      TQ_Remise02REM_Valeur: decimal,
      TQ_Remise02REM_Type: small,
      TQ_Remise03REM_Valeur: decimal,
      TQ_Remise03REM_Type: small,
      TQ_PrixNet: decimal,
      cbModification: modified,
    },
    unique: [],
    indexes: [['AR_Ref', 'TQ_RefCF'], CHANGE_INDEX],
  },
  /**
   * Accounting categories (catégories comptables): ONE row whose columns CA_ComptaVen01…
   * name the sales categories; F_COMPTET.N_CatCompta = n points at CA_ComptaVen<n>. Only the
   * first slots are declared (a company has more; blank ones are unused).
   */
  P_CATCOMPTA: {
    columns: {
      cbMarq: identity,
      CA_ComptaVen01: text(35),
      CA_ComptaVen02: text(35),
      CA_ComptaVen03: text(35),
      CA_ComptaVen04: text(35),
      cbModification: modified,
    },
    unique: [],
    indexes: [],
  },
  /** Taxes (VAT codes): TA_TTaux 0 = a rate in %, TA_Taux the rate. */
  F_TAXE: {
    columns: {
      cbMarq: identity,
      TA_Code: key(5),
      TA_Intitule: text(35),
      TA_TTaux: small,
      TA_Taux: decimal,
      TA_Type: small,
      CG_Num: text(13),
      cbModification: modified,
    },
    unique: [['TA_Code']],
    indexes: [],
  },
  /**
   * Accounting of a family per accounting category: FCP_Type 0 = sales, FCP_Champ = the
   * category (N_CatCompta), FCP_TypeFacture 0 = invoice; FCP_ComptaCPT_Taxe1 → F_TAXE.TA_Code.
   */
  F_FAMCOMPTA: {
    columns: {
      cbMarq: identity,
      FA_CodeFamille: key(11),
      FCP_Type: small,
      FCP_Champ: small,
      FCP_TypeFacture: small,
      FCP_ComptaCPT_CompteG: text(13),
      FCP_ComptaCPT_Taxe1: text(5),
      cbModification: modified,
    },
    unique: [['FA_CodeFamille', 'FCP_Type', 'FCP_Champ', 'FCP_TypeFacture']],
    indexes: [],
  },
  /** The same per article; an article's row replaces its family's for that category. */
  F_ARTCOMPTA: {
    columns: {
      cbMarq: identity,
      AR_Ref: key(19),
      ACP_Type: small,
      ACP_Champ: small,
      ACP_TypeFacture: small,
      ACP_ComptaCPT_CompteG: text(13),
      ACP_ComptaCPT_Taxe1: text(5),
      cbModification: modified,
    },
    unique: [['AR_Ref', 'ACP_Type', 'ACP_Champ', 'ACP_TypeFacture']],
    indexes: [],
  },
  F_DOCENTETE: {
    columns: {
      cbMarq: identity,
      DO_Domaine: small,
      DO_Type: small,
      DO_Piece: key(13),
      DO_Date: requiredDate,
      DO_Ref: text(17),
      DO_Tiers: key(17),
      CT_NumPayeur: text(17),
      CT_NumCentrale: text(17),
      CO_No: int,
      DE_No: int,
      LI_No: int,
      DO_Souche: small,
      DO_Statut: small,
      DO_Tarif: small,
      N_CatCompta: small,
      DO_Expedit: small,
      DO_Condition: small,
      DO_Period: small,
      DO_Devise: small,
      DO_Cours: decimal,
      DO_Langue: small,
      DO_DateLivr: date,
      DO_TxEscompte: decimal,
      DO_NbFacture: small,
      DO_BLFact: small,
      DO_Reliquat: small,
      DO_Imprim: small,
      DO_Transaction: small,
      DO_Regime: small,
      DO_Provenance: small,
      DO_Colisage: small,
      DO_TypeColis: small,
      DO_NoWeb: text(17),
      DO_Contact: text(35),
      DO_Heure: text(9),
      DO_Cloture: small,
      DO_Valide: small,
      DO_Attente: small,
      DO_Transfere: small,
      DO_PieceOrig: text(13),
      DO_TotalHT: decimal,
      DO_TotalHTNet: decimal,
      DO_TotalTTC: decimal,
      DO_NetAPayer: decimal,
      CG_Num: text(13),
      /**
       * Header free fields (informations libres) of the order import, under their default names
       * (orders.sageFields): the shop of the web order and the internal price-difference flag.
       */
      WEB_BOUTIQUE: text(69),
      WEB_ECART_PRIX: text(69),
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [['DO_Domaine', 'DO_Type', 'DO_Piece']],
    indexes: [['DO_NoWeb'], ['DO_Ref'], CHANGE_INDEX],
  },
  F_DOCLIGNE: {
    columns: {
      cbMarq: identity,
      DO_Domaine: small,
      DO_Type: small,
      CT_Num: text(17),
      DO_Piece: key(13),
      DO_Date: date,
      DO_Ref: text(17),
      DO_DateLivr: date,
      DL_Ligne: int,
      DL_No: int,
      AR_Ref: text(19),
      DL_Design: text(69),
      DL_Qte: decimal,
      DL_QteDE: decimal,
      DL_QteBC: decimal,
      DL_QtePL: decimal,
      DL_QteBL: decimal,
      DL_PoidsNet: decimal,
      DL_PoidsBrut: decimal,
      DL_Remise01REM_Valeur: decimal,
      DL_Remise01REM_Type: small,
      DL_Remise02REM_Valeur: decimal,
      DL_Remise02REM_Type: small,
      DL_Remise03REM_Valeur: decimal,
      DL_Remise03REM_Type: small,
      DL_PrixUnitaire: decimal,
      DL_PUTTC: decimal,
      DL_TTC: small,
      DL_Taxe1: decimal,
      DL_TypeTaux1: small,
      DL_TypeTaxe1: small,
      DL_CodeTaxe1: text(5),
      DL_PrixRU: decimal,
      DL_CMUP: decimal,
      DL_MvtStock: small,
      DL_Valorise: small,
      EU_Enumere: text(21),
      EU_Qte: decimal,
      DE_No: int,
      AG_No1: int,
      AG_No2: int,
      DL_MontantHT: decimal,
      DL_MontantTTC: decimal,
      DL_PieceDE: text(13),
      DL_DateDE: date,
      DL_PieceBC: text(13),
      DL_DateBC: date,
      DL_PiecePL: text(13),
      DL_DatePL: date,
      DL_PieceBL: text(13),
      DL_DateBL: date,
      PF_Num: text(9),
      /** The customer's own code for the article (F_ARTCLIENT.AC_RefClient). */
      AC_RefClient: text(19),
      cbCreateur: text(4),
      cbModification: modified,
    },
    unique: [],
    indexes: [['DO_Domaine', 'DO_Type', 'DO_Piece'], ['DL_PieceDE'], CHANGE_INDEX],
  },
  /**
   * Payment schedule of a document (échéances): one row per instalment, due date DR_Date. Sage
   * fills it from the customer's payment terms when the document is created; the invoice PDF
   * prints its last due date.
   */
  F_DOCREGL: {
    columns: {
      cbMarq: identity,
      DR_No: int,
      DO_Domaine: small,
      DO_Type: small,
      DO_Piece: key(13),
      DR_TypeRegl: small,
      DR_Date: date,
      DR_Libelle: text(35),
      DR_Pourcent: decimal,
      DR_Montant: decimal,
      DR_Equil: small,
      N_Reglement: small,
      DR_Regle: small,
      cbModification: modified,
    },
    unique: [['DR_No']],
    indexes: [['DO_Domaine', 'DO_Type', 'DO_Piece']],
  },
  F_DOCCURRENTPIECE: {
    columns: {
      cbMarq: identity,
      DC_Domaine: small,
      DC_IdCol: small,
      DC_Souche: small,
      DC_Piece: text(13),
      cbModification: modified,
    },
    unique: [['DC_Domaine', 'DC_IdCol', 'DC_Souche']],
    indexes: [],
  },
} as const satisfies Record<string, TableSpec>;

export type SageTableName = keyof typeof SAGE_TABLES;

/** Value types a database driver may return for a numeric(24,6) / datetime column. */
export type DbDecimal = string | number;
export type DbDate = string | Date;

type ColumnTypeOf<C extends ColumnSpec> = C['kind'] extends 'identity'
  ? Generated<number>
  : C['kind'] extends 'key'
    ? string
    : C['kind'] extends 'text'
      ? ColumnType<string | null, string | null | undefined, string | null>
      : C['kind'] extends 'int' | 'small'
        ? ColumnType<number, number | undefined, number>
        : C['kind'] extends 'decimal'
          ? ColumnType<DbDecimal, string | undefined, string>
          : C['kind'] extends 'date'
            ? ColumnType<DbDate | null, string | null | undefined, string | null>
            : C['kind'] extends 'requiredDate'
              ? ColumnType<DbDate, string, string>
              : ColumnType<DbDate, string | undefined, string>;

type TableOf<T extends TableSpec> = { [K in keyof T['columns']]: ColumnTypeOf<T['columns'][K]> };

/** Kysely database type of the Sage company (free-field columns are dynamic: see free-fields.ts). */
export type SageDatabase = { [T in SageTableName]: TableOf<(typeof SAGE_TABLES)[T]> };

/** Timestamp format of the embedded engine; SQL Server parses it as ISO 8601 whatever DATEFORMAT is. */
export function isoTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23);
}
