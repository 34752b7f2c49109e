import type { Selectable } from 'kysely';
import { normaliseKey } from '../../shared/sage/references';
import type {
  ArticlePrice,
  ChangeKey,
  ChangePage,
  FamilyCategoryPrice,
  FamilyCustomerDiscount,
  LineDiscount,
  PackagingPrice,
  PriceCategory,
  QuantityPriceRange,
} from '../../shared/sage/types';
import { decimalOf, flagOf, textOf, timestampOf } from './convert';
import type { SageDb } from './db';
import { scheduledRowPriceOf } from './scheduled-prices';
import type { SageDatabase } from './schema';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';

/** Price categories in use (P_CATTARIF slots with an empty name are unused and left out). */
export async function readPriceCategories(db: SageDb): Promise<PriceCategory[]> {
  const rows = await db
    .selectFrom('P_CATTARIF')
    .select(['cbIndice', 'CT_Intitule', 'CT_PrixTTC'])
    .orderBy('cbIndice')
    .execute();
  return rows
    .map((r) => ({
      index: r.cbIndice,
      name: textOf(r.CT_Intitule),
      pricesIncludeTax: flagOf(r.CT_PrixTTC),
    }))
    .filter((c) => c.name !== '');
}

/** 'a01'…'a32': how Sage names a price category in the *_RefCF columns of grids. */
export function categoryTarget(category: number): string {
  return `a${String(category).padStart(2, '0')}`;
}

export interface ArticlePriceParams extends ChangePageParams {
  /** Only category rows, only customer (exception) rows, or both (default). */
  kind?: 'category' | 'customer' | 'all';
  /** Only the exception prices of these accounts (e.g. a customer and its central). */
  customerAccounts?: string[];
}

/**
 * F_ARTCLIENT rows changed since a watermark: category prices (AC_Categorie > 0, no account) and
 * customer exception prices (AC_Categorie = 0, CT_Num set). A blank article reference skips the
 * row (`blank-key`); unparseable amounts skip it (`invalid-number`).
 */
export async function readArticlePricesChangedSince(
  db: SageDb,
  params: ArticlePriceParams = {},
): Promise<ChangePage<ArticlePrice>> {
  const limit = pageLimit(params);
  const kind = params.kind ?? 'all';
  const accounts = params.customerAccounts?.map(normaliseKey).filter((a) => a !== '');
  const rows = await db
    .selectFrom('F_ARTCLIENT as p')
    .selectAll('p')
    .where(changeCondition('p', params.since, params.after))
    .$if(kind === 'category', (q) => q.where('p.AC_Categorie', '>', 0))
    .$if(kind === 'customer', (q) => q.where('p.AC_Categorie', '=', 0))
    .$if(accounts !== undefined, (q) =>
      q.where('p.AC_Categorie', '=', 0).where('p.CT_Num', 'in', accounts?.length ? accounts : ['']),
    )
    .orderBy('p.cbModification')
    .orderBy('p.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = rows.flatMap((row) => articlePriceOfRow(row, log));
  return finishPage(rows, items, log, params, limit);
}

/** One F_ARTCLIENT row (every reader of the table maps it here, price-rows.ts too). */
export function articlePriceOfRow(
  row: Selectable<SageDatabase['F_ARTCLIENT']>,
  log: IssueLog,
): ArticlePrice[] {
  const reference = normaliseKey(row.AR_Ref);
  if (reference === '') {
    log.add({
      key: `#${row.cbMarq}`,
      problem: 'blank-key',
      detail: 'F_ARTCLIENT.AR_Ref is blank',
    });
    return [];
  }
  const account = normaliseKey(row.CT_Num);
  const price = log.guard(`${reference}/${account || row.AC_Categorie}`, () => ({
    rowId: row.cbMarq,
    modifiedAt: timestampOf(row.cbModification),
    articleReference: reference,
    category: row.AC_Categorie,
    customerAccount: row.AC_Categorie === 0 ? account : '',
    price: decimalOf(row.AC_PrixVen),
    coefficient: decimalOf(row.AC_Coef),
    priceIncludesTax: flagOf(row.AC_PrixTTC),
    discountRate: decimalOf(row.AC_Remise),
    excludedFromDiscounts: flagOf(row.AC_TypeRem),
    gridKind: row.AC_QteMont,
    scheduled: scheduledRowPriceOf(row),
  }));
  return price ? [price] : [];
}

/** F_FAMTARIF: family coefficient/discount per price category (small table, read whole). */
export async function readFamilyCategoryPrices(db: SageDb): Promise<FamilyCategoryPrice[]> {
  const rows = await db
    .selectFrom('F_FAMTARIF')
    .select(['FA_CodeFamille', 'FT_Categorie', 'FT_Coef', 'FT_Remise', 'FT_TypeRem'])
    .orderBy('FA_CodeFamille')
    .orderBy('FT_Categorie')
    .execute();
  const log = new IssueLog();
  return rows.flatMap((r) => {
    const code = normaliseKey(r.FA_CodeFamille);
    const item = log.guard(`${code}/${r.FT_Categorie}`, () => ({
      familyCode: code,
      category: r.FT_Categorie,
      coefficient: decimalOf(r.FT_Coef),
      discountRate: decimalOf(r.FT_Remise),
      excludedFromDiscounts: flagOf(r.FT_TypeRem),
    }));
    return item && code !== '' ? [item] : [];
  });
}

/** F_FAMCLIENT: family discounts of customers (and centrals) changed since a watermark. */
export async function readFamilyCustomerDiscountsChangedSince(
  db: SageDb,
  params: ChangePageParams & { customerAccounts?: string[] } = {},
): Promise<ChangePage<FamilyCustomerDiscount>> {
  const limit = pageLimit(params);
  const accounts = params.customerAccounts?.map(normaliseKey).filter((a) => a !== '');
  const rows = await db
    .selectFrom('F_FAMCLIENT as f')
    .selectAll('f')
    .where(changeCondition('f', params.since, params.after))
    .$if(accounts !== undefined, (q) =>
      q.where('f.CT_Num', 'in', accounts?.length ? accounts : ['']),
    )
    .orderBy('f.cbModification')
    .orderBy('f.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = rows.flatMap((r) => {
    const key = `${normaliseKey(r.CT_Num)}/${normaliseKey(r.FA_CodeFamille)}`;
    const item = log.guard(key, () => ({
      familyCode: normaliseKey(r.FA_CodeFamille),
      customerAccount: normaliseKey(r.CT_Num),
      discountRate: decimalOf(r.FC_Remise),
    }));
    return item ? [item] : [];
  });
  return finishPage(rows, items, log, params, limit);
}

/** F_TARIFCOND: packaging prices changed since a watermark. */
export async function readPackagingPricesChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<PackagingPrice>> {
  const limit = pageLimit(params);
  const rows = await db
    .selectFrom('F_TARIFCOND as t')
    .selectAll('t')
    .where(changeCondition('t', params.since, params.after))
    .orderBy('t.cbModification')
    .orderBy('t.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = rows.flatMap((r) => packagingPriceOfRow(r, log));
  return finishPage(rows, items, log, params, limit);
}

/** One F_TARIFCOND row (every reader of the table maps it here, price-rows.ts too). */
export function packagingPriceOfRow(
  r: Selectable<SageDatabase['F_TARIFCOND']>,
  log: IssueLog,
): PackagingPrice[] {
  const item = log.guard(`${normaliseKey(r.AR_Ref)}/${r.CO_No}`, () => ({
    articleReference: normaliseKey(r.AR_Ref),
    target: normaliseKey(r.TC_RefCF),
    packagingNo: r.CO_No,
    price: decimalOf(r.TC_Prix),
  }));
  return item ? [item] : [];
}

/** F_TARIFQTE: quantity grid ranges changed since a watermark. */
export async function readQuantityPriceRangesChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<QuantityPriceRange>> {
  const limit = pageLimit(params);
  const rows = await db
    .selectFrom('F_TARIFQTE as q')
    .selectAll('q')
    .where(changeCondition('q', params.since, params.after))
    .orderBy('q.cbModification')
    .orderBy('q.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = rows.flatMap((r) => quantityRangeOfRow(r, log));
  return finishPage(rows, items, log, params, limit);
}

/** One F_TARIFQTE row (every reader of the table maps it here, price-rows.ts too). */
export function quantityRangeOfRow(
  r: Selectable<SageDatabase['F_TARIFQTE']>,
  log: IssueLog,
): QuantityPriceRange[] {
  const item = log.guard(`${normaliseKey(r.AR_Ref)}/${normaliseKey(r.TQ_RefCF)}`, () => {
    const discounts: LineDiscount[] = [
      { value: decimalOf(r.TQ_Remise01REM_Valeur), type: r.TQ_Remise01REM_Type },
      { value: decimalOf(r.TQ_Remise02REM_Valeur), type: r.TQ_Remise02REM_Type },
      { value: decimalOf(r.TQ_Remise03REM_Valeur), type: r.TQ_Remise03REM_Type },
    ].filter((d) => d.value !== '0');
    return {
      articleReference: normaliseKey(r.AR_Ref),
      target: normaliseKey(r.TQ_RefCF),
      upperBound: decimalOf(r.TQ_BorneSup),
      discounts,
      netPrice: decimalOf(r.TQ_PrixNet),
    };
  });
  return item ? [item] : [];
}

/** F_FAMTARIF rows changed since a watermark: their family and category only. */
export async function readFamilyCategoriesChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<{ familyCode: string; category: number }>> {
  const limit = pageLimit(params);
  const rows = await db
    .selectFrom('F_FAMTARIF as f')
    .select(['f.cbMarq', 'f.cbModification', 'f.FA_CodeFamille', 'f.FT_Categorie'])
    .where(changeCondition('f', params.since, params.after))
    .orderBy('f.cbModification')
    .orderBy('f.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const items = rows.map((r) => ({
    familyCode: normaliseKey(r.FA_CodeFamille),
    category: r.FT_Categorie,
  }));
  return finishPage(rows, items, new IssueLog(), params, limit);
}

/** The tables the price data comes from, each tracked by its own watermark. */
export const PRICE_TABLES = [
  'F_ARTICLE',
  'F_COMPTET',
  'F_ARTCLIENT',
  'F_FAMTARIF',
  'F_FAMCLIENT',
  'F_TARIFQTE',
  'F_TARIFCOND',
] as const;
export type PriceTable = (typeof PRICE_TABLES)[number];

/**
 * The last change of each price table (highest cbModification, then cbMarq), `null` for an
 * empty table: read before a full run's data, it is where the next incremental run starts.
 */
export async function readLatestPriceChanges(
  db: SageDb,
): Promise<Record<PriceTable, ChangeKey | null>> {
  const latest = {} as Record<PriceTable, ChangeKey | null>;
  for (const table of PRICE_TABLES) {
    // One shape for every table: the two change-tracking columns all of them have.
    const row = await db
      .selectFrom(table as 'F_ARTCLIENT')
      .select(['cbMarq', 'cbModification'])
      .orderBy('cbModification', 'desc')
      .orderBy('cbMarq', 'desc')
      .$call(limitTo(db, 1))
      .executeTakeFirst();
    latest[table] = row ? { modifiedAt: timestampOf(row.cbModification), rowId: row.cbMarq } : null;
  }
  return latest;
}
