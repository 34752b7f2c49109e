import type { Article } from '../shared/sage/types';
import type { FreeFieldsConfig } from '../shared/config/sage';
import { readArticlesChangedSince } from '../activities/sage/articles';
import type { SageDb } from '../activities/sage/db';
import type { PrefillProduct } from './woo';
import { catalogConfigSchema } from '../shared/config/catalog';
import { projectCatalog, type ProjectionSettings } from '../shared/catalog/projection';

/**
 * The products a shop already holds before the connector's first run, built from the Sage
 * articles with the catalog sync's own projection (so both agree on the grouping): a simple
 * product per article, one variable product per master reference (its articles become
 * variations), and one variable product per article sold in several packagings.
 * Only SKUs, names and variation attributes: prices, stock and statuses are the syncs' job.
 */
export function prefillProductsOf(
  articles: readonly Article[],
  settings: ProjectionSettings = catalogConfigSchema.parse({}),
): PrefillProduct[] {
  const { entities } = projectCatalog(articles, settings);
  const variationsOf = new Map<string, NonNullable<PrefillProduct['variations']>>();
  for (const entity of entities) {
    if (entity.kind !== 'variation' || entity.parentSku === undefined) continue;
    const list = variationsOf.get(entity.parentSku) ?? [];
    list.push({
      sku: entity.sku,
      attributes: entity.createFields.attributes as { name: string; option: string }[],
    });
    variationsOf.set(entity.parentSku, list);
  }
  return entities
    .filter((entity) => entity.kind === 'product')
    .map((entity): PrefillProduct => {
      const name = entity.createFields.name as string;
      if (entity.createFields.type !== 'variable') return { sku: entity.sku, name, type: 'simple' };
      const attributes = entity.createFields.attributes as { name: string; options: string[] }[];
      return {
        sku: entity.sku,
        name,
        type: 'variable',
        attributes: attributes.map((a) => ({ name: a.name, options: a.options })),
        variations: variationsOf.get(entity.sku) ?? [],
      };
    });
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
