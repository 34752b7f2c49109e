import type { Article } from '../sage/types';
import type { CatalogIssue, RawGrouping } from './types';

/**
 * How the articles of a page map onto shop products:
 * - an article with a master reference and attribute pairs is a variation of the variable
 *   product whose SKU is the master reference (all articles with that master together);
 * - an article sold in two or more packagings (conditionnements) is a variable product whose
 *   variations are the packagings;
 * - any other article is a simple product.
 * Articles whose grouping fields are inconsistent are left out and reported.
 */
export interface VariableGroup {
  masterReference: string;
  /** Members sorted by reference: the order decides which of two duplicates wins. */
  members: Article[];
}

export interface Grouping {
  simple: Article[];
  groups: VariableGroup[];
  packaged: Article[];
  issues: CatalogIssue[];
}

/** Attribute set of a variation, case- and space-insensitive, order-free. */
export function attributeSignature(article: Article): string {
  return article.attributes
    .map((a) => `${a.name.trim().toLowerCase()}=${a.value.trim().toLowerCase()}`)
    .sort()
    .join('|');
}

/** Why an article's grouping free fields cannot be used, or undefined when they can. */
export function groupingProblem(article: Article, raw?: RawGrouping): string | undefined {
  const halfPair = raw?.pairs.findIndex((p) => (p.name.trim() === '') !== (p.value.trim() === ''));
  if (halfPair !== undefined && halfPair >= 0) {
    const pair = raw!.pairs[halfPair];
    return `attribute ${halfPair + 1} is half filled (name ${JSON.stringify(pair.name)}, value ${JSON.stringify(pair.value)})`;
  }
  if (article.masterReference !== '' && article.attributes.length === 0) {
    return `master reference ${JSON.stringify(article.masterReference)} without any attribute`;
  }
  if (article.masterReference === '' && article.attributes.length > 0) {
    return 'attributes without a master reference';
  }
  if (article.masterReference !== '' && article.masterReference === article.reference) {
    return 'master reference equals the article reference';
  }
  return undefined;
}

function byReference(a: Article, b: Article): number {
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}

/** Keeps the first member of each attribute set; the others are reported. */
function withoutDuplicateVariations(group: VariableGroup, issues: CatalogIssue[]): VariableGroup {
  const seen = new Map<string, string>();
  const members: Article[] = [];
  for (const member of group.members) {
    const signature = attributeSignature(member);
    const holder = seen.get(signature);
    if (holder !== undefined) {
      issues.push({
        reference: member.reference,
        problem: 'duplicate-variation',
        detail: `same attributes as ${holder} under ${group.masterReference}`,
      });
      continue;
    }
    seen.set(signature, member.reference);
    members.push(member);
  }
  return { masterReference: group.masterReference, members };
}

export function groupArticles(
  articles: readonly Article[],
  raw: ReadonlyMap<string, RawGrouping> = new Map(),
): Grouping {
  const issues: CatalogIssue[] = [];
  const simple: Article[] = [];
  const packaged: Article[] = [];
  const byMaster = new Map<string, Article[]>();
  const seenRefs = new Set<string>();
  for (const article of articles) {
    if (seenRefs.has(article.reference)) continue;
    seenRefs.add(article.reference);
    const problem = groupingProblem(article, raw.get(article.reference));
    if (problem !== undefined) {
      issues.push({
        reference: article.reference,
        problem: 'incomplete-grouping',
        detail: problem,
      });
      continue;
    }
    if (article.masterReference !== '') {
      const members = byMaster.get(article.masterReference) ?? [];
      members.push(article);
      byMaster.set(article.masterReference, members);
    } else if (article.packagings.length >= 2) {
      packaged.push(article);
    } else {
      simple.push(article);
    }
  }
  const groups = [...byMaster]
    .map(([masterReference, members]) => ({
      masterReference,
      members: [...members].sort(byReference),
    }))
    .map((group) => withoutDuplicateVariations(group, issues));
  return { simple, groups, packaged, issues };
}
