import type { RawGrouping } from '../../shared/catalog/types';
import type { FreeFieldsConfig } from '../../shared/config/sage';
import { normaliseKey, hasStrayWhitespace } from '../../shared/sage/references';
import type { Article, ChangePage, Family, Packaging, RowIssue } from '../../shared/sage/types';
import { chunk, decimalOf, flagOf, textOf, timestampOf } from './convert';
import type { SageDb } from './db';
import { scheduledArticlePriceOf } from './scheduled-prices';
import {
  DEFAULT_FREE_FIELDS,
  freeFieldSelections,
  freeFieldValues,
  rawGroupingOf,
} from './free-fields';
import { trimmedKeyIn } from './key-match';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';

export interface ArticleReadOptions {
  freeFields?: FreeFieldsConfig;
}

function articleQuery(db: SageDb, freeFields: FreeFieldsConfig) {
  return db
    .selectFrom('F_ARTICLE as a')
    .select([
      'a.cbMarq',
      'a.cbModification',
      'a.AR_Ref',
      'a.AR_Design',
      'a.FA_CodeFamille',
      'a.AR_PrixVen',
      'a.AR_PrixTTC',
      'a.AR_PrixAch',
      'a.AR_Coef',
      'a.AR_CodeBarre',
      'a.AR_Sommeil',
      'a.AR_Publie',
      'a.AR_Condition',
      'a.AR_PrixVenNouv',
      'a.AR_DateApplication',
    ])
    .select(freeFieldSelections('a', freeFields));
}

type ArticleRow = Awaited<ReturnType<ReturnType<typeof articleQuery>['execute']>>[number];

/**
 * Articles changed since a watermark, one keyset page at a time.
 *
 * Bad data as found in real companies never fails the page; each case is reported in `issues`:
 * - reference with trailing/leading spaces → trimmed, issue `key-has-whitespace`;
 * - blank reference → row skipped, issue `blank-key` (keyed `#<cbMarq>`);
 * - NULL or blank designation → designation '', issue `blank-designation`;
 * - family code matching no F_FAMILLE row → kept with `familyKnown: false`, issue `unknown-family`;
 * - a price that is not a number (possible on the embedded engine only) → row skipped, issue
 *   `invalid-number`.
 */
export async function readArticlesChangedSince(
  db: SageDb,
  params: ChangePageParams & ArticleReadOptions = {},
): Promise<ChangePage<Article>> {
  const limit = pageLimit(params);
  const freeFields = params.freeFields ?? DEFAULT_FREE_FIELDS;
  const rows = await articleQuery(db, freeFields)
    .where(changeCondition('a', params.since, params.after))
    .orderBy('a.cbModification')
    .orderBy('a.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const log = new IssueLog();
  const items = await mapArticles(db, rows, freeFields, log);
  return finishPage(rows, items, log, params, limit);
}

/** Articles by reference (trimmed, case-insensitive match done by the database collation). */
export async function readArticlesByReference(
  db: SageDb,
  references: readonly string[],
  options: ArticleReadOptions = {},
): Promise<{ items: Article[]; issues: RowIssue[] }> {
  const freeFields = options.freeFields ?? DEFAULT_FREE_FIELDS;
  const wanted = [...new Set(references.map(normaliseKey).filter((r) => r !== ''))];
  const rows: ArticleRow[] = [];
  for (const part of chunk(wanted)) {
    rows.push(...(await articleQuery(db, freeFields).where('a.AR_Ref', 'in', part).execute()));
  }
  const log = new IssueLog();
  const items = await mapArticles(db, rows, freeFields, log);
  return { items, issues: log.issues };
}

async function mapArticles(
  db: SageDb,
  rows: ArticleRow[],
  freeFields: FreeFieldsConfig,
  log: IssueLog,
): Promise<Article[]> {
  if (rows.length === 0) return [];
  const families = await familyCodes(db);
  const packagings = await packagingsByArticle(
    db,
    rows.map((r) => r.AR_Ref),
    log,
  );
  const items: Article[] = [];
  for (const row of rows) {
    const reference = normaliseKey(row.AR_Ref);
    if (reference === '') {
      log.add({ key: `#${row.cbMarq}`, problem: 'blank-key', detail: 'F_ARTICLE.AR_Ref is blank' });
      continue;
    }
    if (hasStrayWhitespace(row.AR_Ref)) {
      log.add({
        key: reference,
        problem: 'key-has-whitespace',
        detail: JSON.stringify(row.AR_Ref),
      });
    }
    const article = log.guard(reference, () => mapArticle(row, reference, freeFields));
    if (!article) continue;
    if (article.designation === '') log.add({ key: reference, problem: 'blank-designation' });
    article.familyKnown = families.has(article.familyCode.toUpperCase());
    if (!article.familyKnown) {
      log.add({ key: reference, problem: 'unknown-family', detail: article.familyCode });
    }
    article.packagings = packagings.get(reference.toUpperCase()) ?? [];
    items.push(article);
  }
  return items;
}

function mapArticle(row: ArticleRow, reference: string, freeFields: FreeFieldsConfig): Article {
  const { masterReference, attributes } = freeFieldValues(row, freeFields);
  return {
    rowId: row.cbMarq,
    modifiedAt: timestampOf(row.cbModification),
    reference,
    designation: textOf(row.AR_Design),
    familyCode: normaliseKey(row.FA_CodeFamille),
    familyKnown: true,
    salePrice: decimalOf(row.AR_PrixVen),
    salePriceIncludesTax: flagOf(row.AR_PrixTTC),
    purchasePrice: decimalOf(row.AR_PrixAch),
    coefficient: decimalOf(row.AR_Coef),
    barcode: textOf(row.AR_CodeBarre),
    sleeping: flagOf(row.AR_Sommeil),
    published: flagOf(row.AR_Publie),
    packagingType: row.AR_Condition,
    packagings: [],
    masterReference,
    attributes,
    scheduledPrice: scheduledArticlePriceOf(row),
  };
}

/** Family codes, upper-cased and trimmed (Sage compares keys case-insensitively). */
async function familyCodes(db: SageDb): Promise<Set<string>> {
  const rows = await db.selectFrom('F_FAMILLE').select('FA_CodeFamille').execute();
  return new Set(rows.map((r) => normaliseKey(r.FA_CodeFamille).toUpperCase()));
}

async function packagingsByArticle(
  db: SageDb,
  references: string[],
  log: IssueLog,
): Promise<Map<string, Packaging[]>> {
  const byArticle = new Map<string, Packaging[]>();
  for (const part of chunk([...new Set(references)])) {
    const rows = await db
      .selectFrom('F_CONDITION')
      .select([
        'AR_Ref',
        'CO_No',
        'EC_Enumere',
        'EC_Quantite',
        'CO_Ref',
        'CO_CodeBarre',
        'CO_Principal',
      ])
      .where('AR_Ref', 'in', part)
      .orderBy('CO_No')
      .execute();
    for (const row of rows) {
      const key = normaliseKey(row.AR_Ref).toUpperCase();
      const packaging = log.guard(`${normaliseKey(row.AR_Ref)}/packaging ${row.CO_No}`, () => ({
        packagingNo: row.CO_No,
        label: textOf(row.EC_Enumere),
        quantity: decimalOf(row.EC_Quantite),
        reference: textOf(row.CO_Ref),
        barcode: textOf(row.CO_CodeBarre),
        isDefault: flagOf(row.CO_Principal),
      }));
      if (packaging) byArticle.set(key, [...(byArticle.get(key) ?? []), packaging]);
    }
  }
  return byArticle;
}

/** Every family (126 at the first customer: read whole). */
export async function readFamilies(db: SageDb): Promise<Family[]> {
  const rows = await db
    .selectFrom('F_FAMILLE')
    .select(['FA_CodeFamille', 'FA_Intitule', 'FA_Type'])
    .orderBy('FA_CodeFamille')
    .execute();
  return rows
    .map((r) => ({
      code: normaliseKey(r.FA_CodeFamille),
      name: textOf(r.FA_Intitule),
      type: r.FA_Type,
    }))
    .filter((f) => f.code !== '');
}

/**
 * Every article whose master reference is one of `masters` (trimmed comparison): the catalog
 * sync reads whole variable groups, since a group's members can sit on different pages.
 */
export async function readGroupMembers(
  db: SageDb,
  masters: readonly string[],
  freeFields: FreeFieldsConfig,
): Promise<{ items: Article[]; issues: RowIssue[] }> {
  if (masters.length === 0) return { items: [], issues: [] };
  const references: string[] = [];
  for (const part of chunk([...new Set(masters)])) {
    const rows = await db
      .selectFrom('F_ARTICLE as a')
      .select('a.AR_Ref')
      .where(trimmedKeyIn(db, `a.${freeFields.masterReference}`, part))
      .execute();
    references.push(...rows.map((r) => r.AR_Ref));
  }
  return readArticlesByReference(db, references, { freeFields });
}

/**
 * Free-field values as stored (trimmed), keyed by trimmed article reference. Unlike the article
 * readers, half-filled attribute pairs are kept: the catalog sync reports them.
 */
export async function readRawGrouping(
  db: SageDb,
  references: readonly string[],
  freeFields: FreeFieldsConfig,
): Promise<Map<string, RawGrouping>> {
  const found = new Map<string, RawGrouping>();
  for (const part of chunk([...new Set(references)])) {
    const rows = await db
      .selectFrom('F_ARTICLE as a')
      .select('a.AR_Ref')
      .select(freeFieldSelections('a', freeFields))
      .where(trimmedKeyIn(db, 'a.AR_Ref', part))
      .execute();
    for (const row of rows) found.set(normaliseKey(row.AR_Ref), rawGroupingOf(row, freeFields));
  }
  return found;
}
