import type { Article, Depot, StockLevel } from '../sage/types';
import { groupArticles } from '../catalog/grouping';
import { packagingSku } from '../catalog/projection';
import type { DiffEntity } from '../catalog/diff';
import type { CatalogIssue, RawGrouping } from '../catalog/types';
import { articleStock, type ArticleStock, type StockRules } from './projection';
import { shopStockQuantity, type PendingWebQuantity } from './web-orders';

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

/** Web orders Sage has not reserved yet (shared/stock/web-orders.ts); keys upper case. */
export interface WebOrderStock {
  /** Article reference → its pending web-quote quantities per depot. */
  pendingByRef: ReadonlyMap<string, readonly PendingWebQuantity[]>;
  /** Shop SKU → units the shop took off itself for orders Sage does not hold yet. */
  shopOnlyBySku: ReadonlyMap<string, number>;
}

export const NO_WEB_ORDERS: WebOrderStock = { pendingByRef: new Map(), shopOnlyBySku: new Map() };

function stockFields(
  stock: ArticleStock,
  shop: StockShopRules,
  shopOnly: number,
  clampNegative: boolean,
): Record<string, unknown> {
  const meta = { meta_data: [{ key: shop.byDepotMetaKey, value: stock.byDepot }] };
  // The shop's own decrement of orders Sage does not hold yet stays (stock quantity only).
  const quantity = shopStockQuantity(stock.total, shopOnly, clampNegative);
  if (shop.manageStock) return { manage_stock: true, stock_quantity: quantity, ...meta };
  // Unmanaged stock: the status says it, and an empty shelf stays orderable when allowed.
  const empty = shop.backorders === 'no' ? 'outofstock' : 'onbackorder';
  return { stock_status: quantity > 0 ? 'instock' : empty, ...meta };
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
  webOrders: WebOrderStock = NO_WEB_ORDERS,
): { entities: StockEntity[]; issues: CatalogIssue[] } {
  const grouping = groupArticles(articles, raw);
  const levelsOf = (ref: string) => levelsByRef.get(ref) ?? [];
  const pendingOf = (ref: string) => webOrders.pendingByRef.get(ref.toUpperCase()) ?? [];
  const stockOf = (a: Article, unitsPerItem = '1') =>
    articleStock(levelsOf(a.reference), depots, rules, unitsPerItem, pendingOf(a.reference));
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
    fields: stockFields(
      stock,
      shop,
      rules.available.minusWebOrders ? (webOrders.shopOnlyBySku.get(sku.toUpperCase()) ?? 0) : 0,
      rules.clampNegative,
    ),
  });
  const entities: StockEntity[] = [
    ...grouping.simple.map((a) => entity('product', a.reference, a, stockOf(a))),
    ...grouping.groups.flatMap((g) =>
      g.members.map((a) => entity('variation', a.reference, a, stockOf(a), g.masterReference)),
    ),
    ...grouping.packaged.flatMap((a) =>
      a.packagings.map((p) =>
        entity('variation', packagingSku(a, p), a, stockOf(a, p.quantity), a.reference),
      ),
    ),
  ];
  return { entities, issues: grouping.issues };
}
