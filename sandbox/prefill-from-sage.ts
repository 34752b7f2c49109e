import type { Article } from '../shared/sage/types';
import type { FreeFieldsConfig } from '../shared/config/sage';
import { readArticlesChangedSince } from '../activities/sage/articles';
import type { SageDb } from '../activities/sage/db';
import type { PrefillProduct } from './woo';

const PACKAGING_ATTRIBUTE = 'Conditionnement';

function displayName(article: Article): string {
  return article.designation || article.reference;
}

/**
 * The products a shop already holds before the connector's first run, built from the Sage
 * articles: a simple product per article, one variable product per master reference (its
 * articles become variations), and one variable product per article sold in several packagings.
 * Only SKUs, names and variation attributes: prices, stock and statuses are the syncs' job.
 */
export function prefillProductsOf(articles: readonly Article[]): PrefillProduct[] {
  const products: PrefillProduct[] = [];
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    if (article.masterReference) {
      const group = groups.get(article.masterReference) ?? [];
      group.push(article);
      groups.set(article.masterReference, group);
    } else if (article.packagings.length > 1) {
      products.push({
        sku: article.reference,
        name: displayName(article),
        type: 'variable',
        attributes: [
          { name: PACKAGING_ATTRIBUTE, options: article.packagings.map((p) => p.label) },
        ],
        variations: article.packagings.map((p) => ({
          sku: p.reference || `${article.reference}-${p.packagingNo}`,
          attributes: [{ name: PACKAGING_ATTRIBUTE, option: p.label }],
        })),
      });
    } else {
      products.push({ sku: article.reference, name: displayName(article), type: 'simple' });
    }
  }
  for (const [master, members] of groups) {
    const options = new Map<string, Set<string>>();
    for (const member of members) {
      for (const { name, value } of member.attributes) {
        options.set(name, (options.get(name) ?? new Set()).add(value));
      }
    }
    products.push({
      sku: master,
      name: displayName(members[0]),
      type: 'variable',
      attributes: [...options].map(([name, values]) => ({ name, options: [...values] })),
      variations: members.map((m) => ({
        sku: m.reference,
        attributes: m.attributes.map(({ name, value }) => ({ name, option: value })),
      })),
    });
  }
  return products;
}

/** Reads every article of the company, page by page. */
export async function readAllArticles(
  db: SageDb,
  freeFields: FreeFieldsConfig,
): Promise<Article[]> {
  const all: Article[] = [];
  let page = await readArticlesChangedSince(db, { freeFields, limit: 2_000 });
  all.push(...page.items);
  while (page.nextKey) {
    page = await readArticlesChangedSince(db, { freeFields, limit: 2_000, after: page.nextKey });
    all.push(...page.items);
  }
  return all;
}
