import {
  ambiguousCodes,
  effectiveArticleCodes,
  type ArticleCode,
  type ArticleCodes,
} from '../../shared/customers/article-codes';
import { normaliseKey } from '../../shared/sage/references';
import type { ChangePage, RowIssue } from '../../shared/sage/types';
import { isCp1252Text } from '../../shared/sage/write-guard';
import { columnWidths } from './column-widths';
import { chunk, timestampOf } from './convert';
import type { SageDb } from './db';
import {
  changeCondition,
  finishPage,
  IssueLog,
  limitTo,
  pageLimit,
  type ChangePageParams,
} from './paging';

/** An account and its central (CT_NumCentrale, '' when none): whose codes it uses. */
export interface CodeOwner {
  account: string;
  centralAccount: string;
}

export interface CustomerCodesResult {
  /** Account (as given, trimmed) → article reference → code; accounts without codes map to {}. */
  codes: Map<string, ArticleCodes>;
  issues: RowIssue[];
}

/** Sage's width of the quote line's code column when the company gives none (the model's). */
const DEFAULT_LINE_CODE_WIDTH = 19;

interface ArticleCodeRow {
  cbMarq: number;
  AR_Ref: string;
  CT_Num: string | null;
  AC_RefClient: string | null;
}

/**
 * F_ARTCLIENT row → the account's code for the article, or undefined (a blank article or code).
 * A code that a quote line cannot hold (wider than F_DOCLIGNE.AC_RefClient, or outside CP1252)
 * is kept for the shop and reported: it is never cut.
 */
function articleCodeOf(
  row: ArticleCodeRow,
  lineWidth: number,
  log: IssueLog,
): ArticleCode | undefined {
  const articleReference = normaliseKey(row.AR_Ref);
  const account = normaliseKey(row.CT_Num);
  const code = (row.AC_RefClient ?? '').trim();
  if (code === '' || account === '') return undefined;
  if (articleReference === '') {
    log.add({ key: `#${row.cbMarq}`, problem: 'blank-key', detail: 'F_ARTCLIENT.AR_Ref is blank' });
    return undefined;
  }
  const key = `${account}/${articleReference}`;
  if ([...code].length > lineWidth) {
    log.add({
      key,
      problem: 'article-code-too-long',
      detail: `"${code}" has ${[...code].length} characters, F_DOCLIGNE.AC_RefClient holds ${lineWidth}: quote lines go without it`,
    });
  }
  if (!isCp1252Text(code)) {
    log.add({ key, problem: 'article-code-not-cp1252', detail: `"${code}"` });
  }
  return { account, articleReference, code };
}

/**
 * The customer article codes (F_ARTCLIENT.AC_RefClient of the customer rows, AC_Categorie = 0
 * with the account in CT_Num; category rows carry no account) of each owner: its own codes, and
 * for a member of a central the central's codes for the articles it has none of its own for.
 * `articleReferences` narrows the read to some articles (a quote's lines).
 */
export async function readCustomerArticleCodes(
  db: SageDb,
  owners: readonly CodeOwner[],
  articleReferences?: readonly string[],
): Promise<CustomerCodesResult> {
  const log = new IssueLog();
  const codes = new Map<string, ArticleCodes>();
  const wanted = [
    ...new Set(
      owners
        .flatMap((o) => [normaliseKey(o.account), normaliseKey(o.centralAccount)])
        .filter((a) => a !== ''),
    ),
  ];
  const references = articleReferences?.map(normaliseKey).filter((r) => r !== '');
  const rowsByAccount = new Map<string, ArticleCode[]>();
  if (wanted.length > 0 && (references === undefined || references.length > 0)) {
    const lineWidth =
      (await columnWidths(db)).widthOf('F_DOCLIGNE', 'AC_RefClient') ?? DEFAULT_LINE_CODE_WIDTH;
    for (const accounts of chunk(wanted, 500)) {
      const rows = await db
        .selectFrom('F_ARTCLIENT')
        .select(['cbMarq', 'AR_Ref', 'CT_Num', 'AC_RefClient'])
        .where('AC_Categorie', '=', 0)
        .where('CT_Num', 'in', accounts)
        .where('AC_RefClient', 'is not', null)
        .where('AC_RefClient', '<>', '')
        .$if(references !== undefined, (q) => q.where('AR_Ref', 'in', references ?? []))
        .orderBy('cbMarq')
        .execute();
      for (const row of rows) {
        const code = articleCodeOf(row, lineWidth, log);
        if (!code) continue;
        // Accounts compare without case, as on SQL Server.
        const owner = code.account.toUpperCase();
        rowsByAccount.set(owner, [...(rowsByAccount.get(owner) ?? []), code]);
      }
    }
  }
  for (const owner of owners) {
    const account = normaliseKey(owner.account);
    const central = normaliseKey(owner.centralAccount);
    const own = rowsByAccount.get(account.toUpperCase()) ?? [];
    const inherited = central === '' ? [] : (rowsByAccount.get(central.toUpperCase()) ?? []);
    const effective = effectiveArticleCodes(own, inherited);
    for (const [code, articles] of ambiguousCodes(effective)) {
      log.add({
        key: account,
        problem: 'ambiguous-article-code',
        detail: `code ${code} names ${articles.join(', ')}`,
      });
    }
    codes.set(account, effective);
  }
  return { codes, issues: log.issues };
}

/**
 * The customer's codes for a quote's articles, as its lines can hold them (article reference,
 * upper case → code): a code wider than F_DOCLIGNE.AC_RefClient or outside CP1252 is left out,
 * never cut (the customers sync reports it on the account).
 */
export async function lineArticleCodes(
  db: SageDb,
  customer: { CT_Num: string; CT_NumCentrale: string | null },
  articleReferences: readonly string[],
): Promise<{ get(articleReference: string): string | undefined }> {
  const account = normaliseKey(customer.CT_Num);
  const { codes } = await readCustomerArticleCodes(
    db,
    [{ account, centralAccount: customer.CT_NumCentrale ?? '' }],
    articleReferences,
  );
  const width =
    (await columnWidths(db)).widthOf('F_DOCLIGNE', 'AC_RefClient') ?? DEFAULT_LINE_CODE_WIDTH;
  const fitting = new Map<string, string>();
  for (const [reference, code] of Object.entries(codes.get(account) ?? {})) {
    if ([...code].length <= width && isCp1252Text(code)) fitting.set(reference.toUpperCase(), code);
  }
  return { get: (reference) => fitting.get(normaliseKey(reference).toUpperCase()) };
}

/**
 * Accounts whose codes may have changed since a watermark: the accounts of the F_ARTCLIENT
 * customer rows (AC_Categorie = 0) changed since then, with the members of those that are
 * centrals (they inherit the codes). Keyset pages over (cbModification, cbMarq) of F_ARTCLIENT;
 * a price change moves the row too (the customer's hash then drops the account). A deleted row
 * leaves nothing to read: the next full run sees it.
 */
export async function readCodeOwnersChangedSince(
  db: SageDb,
  params: ChangePageParams = {},
): Promise<ChangePage<string>> {
  const limit = pageLimit(params);
  const rows = await db
    .selectFrom('F_ARTCLIENT as p')
    .select(['p.cbMarq', 'p.cbModification', 'p.CT_Num'])
    .where('p.AC_Categorie', '=', 0)
    .where(changeCondition('p', params.since, params.after))
    .orderBy('p.cbModification')
    .orderBy('p.cbMarq')
    .$call(limitTo(db, limit))
    .execute();
  const accounts = [...new Set(rows.map((r) => normaliseKey(r.CT_Num)).filter((a) => a !== ''))];
  const members: string[] = [];
  for (const part of chunk(accounts, 500)) {
    const found = await db
      .selectFrom('F_COMPTET')
      .select('CT_Num')
      .where('CT_Type', '=', 0)
      .where('CT_NumCentrale', 'in', part)
      .execute();
    members.push(...found.map((m) => normaliseKey(m.CT_Num)));
  }
  return finishPage(rows, [...new Set([...accounts, ...members])], new IssueLog(), params, limit);
}

/** Highest change of a customer row of F_ARTCLIENT now: where an incremental run resumes. */
export async function latestCodeChange(db: SageDb): Promise<string | null> {
  const row = await db
    .selectFrom('F_ARTCLIENT')
    .select((eb) => eb.fn.max('cbModification').as('latest'))
    .where('AC_Categorie', '=', 0)
    .executeTakeFirst();
  const latest = row?.latest as Date | string | null | undefined;
  return latest === null || latest === undefined ? null : timestampOf(latest);
}
