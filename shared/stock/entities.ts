import type { Article, Depot, StockLevel } from '../sage/types';
import { groupArticles } from '../catalog/grouping';
import { packagingSku } from '../catalog/projection';
import type { DiffEntity } from '../catalog/diff';
import type { CatalogIssue, RawGrouping } from '../catalog/types';
import { articleStock, type ArticleStock, type StockRules } from './projection';

/** One stock write: the quantity fields of a product or variation. */
export interface StockEntity extends DiffEntity {
  articleRef: string;
  stock: ArticleStock;
}

export interface StockShopRules {
  manageStock: boolean;
  backorders: 'no' | 'notify' | 'yes';
  byDepotMetaKey: string;
}

function stockFields(stock: ArticleStock, shop: StockShopRules): Record<string, unknown> {
  const meta = { meta_data: [{ key: shop.byDepotMetaKey, value: stock.byDepot }] };
  if (shop.manageStock) return { manage_stock: true, stock_quantity: stock.total, ...meta };
  // Unmanaged stock: the status says it, and an empty shelf stays orderable when allowed.
  const empty = shop.backorders === 'no' ? 'outofstock' : 'onbackorder';
  return { stock_status: stock.total > 0 ? 'instock' : empty, ...meta };
}

/**
 * The stock entities of some articles: a simple product or a variation per article, or one
 * variation per packaging (whole packages) for an article sold in several packagings.
 * Variable products themselves carry no stock. Articles with unusable grouping fields are
 * left out and reported, as the catalog sync does.
 */
export function projectStock(
  articles: readonly Article[],
  levelsByRef: ReadonlyMap<string, readonly StockLevel[]>,
  depots: ReadonlyMap<number, Pick<Depot, 'code'>>,
  rules: StockRules,
  shop: StockShopRules,
  raw: ReadonlyMap<string, RawGrouping> = new Map(),
): { entities: StockEntity[]; issues: CatalogIssue[] } {
  const grouping = groupArticles(articles, raw);
  const levelsOf = (ref: string) => levelsByRef.get(ref) ?? [];
  const entity = (
    kind: StockEntity['kind'],
    sku: string,
    article: Article,
    stock: ArticleStock,
    parentSku?: string,
  ): StockEntity => ({
    kind,
    sku,
    ...(parentSku !== undefined ? { parentSku } : {}),
    articleRef: article.reference,
    stock,
    fields: stockFields(stock, shop),
  });
  const entities: StockEntity[] = [
    ...grouping.simple.map((a) =>
      entity('product', a.reference, a, articleStock(levelsOf(a.reference), depots, rules)),
    ),
    ...grouping.groups.flatMap((g) =>
      g.members.map((a) =>
        entity(
          'variation',
          a.reference,
          a,
          articleStock(levelsOf(a.reference), depots, rules),
          g.masterReference,
        ),
      ),
    ),
    ...grouping.packaged.flatMap((a) =>
      a.packagings.map((p) =>
        entity(
          'variation',
          packagingSku(a, p),
          a,
          articleStock(levelsOf(a.reference), depots, rules, p.quantity),
          a.reference,
        ),
      ),
    ),
  ];
  return { entities, issues: grouping.issues };
}
