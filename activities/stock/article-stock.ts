import { projectStock, type StockEntity } from '../../shared/stock/entities';
import type { Article } from '../../shared/sage/types';
import type { CatalogIssue } from '../../shared/catalog/types';
import { readArticlesByReference, readRawGrouping } from '../sage/articles';
import { readDepots, readStockOfArticles } from '../sage/stock';
import type { SageDb } from '../sage/db';
import type { ActivityDeps } from '../deps';
import { readWebOrderStock, startShopOrdersRead, type ShopOrdersRead } from './web-orders';

/** The stock entities of some articles, as Sage and the open web orders say now. */
export interface ArticlesStock {
  articles: Article[];
  entities: StockEntity[];
  issues: CatalogIssue[];
}

/**
 * Reads what the stock of some articles depends on and projects it: the articles, their stock
 * rows over all depots, grouping fields, depots and the web orders Sage has not reserved yet.
 * The shop's open orders are read while Sage answers the article reads (`shopOrders`: started
 * by the caller even earlier, or here); the web orders are read before the stock rows (see
 * readWebOrderStock: the figure may err low for a moment, never high).
 */
export async function projectArticlesStock(
  deps: ActivityDeps,
  db: SageDb,
  references: readonly string[],
  shopOrders: ShopOrdersRead = startShopOrdersRead(deps),
): Promise<ArticlesStock> {
  const settings = deps.config.stock;
  const catalog = deps.config.catalog;
  const freeFields = deps.config.sage.freeFields;
  const [articles, raw, depots] = await Promise.all([
    readArticlesByReference(db, references, { freeFields }),
    readRawGrouping(db, references, freeFields),
    readDepots(db),
  ]);
  const webOrders = await readWebOrderStock(deps, db, references, shopOrders);
  const levels = await readStockOfArticles(db, references);
  const projection = projectStock(
    articles.items,
    levels,
    new Map(depots.map((d) => [d.depotNo, d])),
    settings,
    {
      manageStock: catalog.manageStock,
      backorders: catalog.backorders,
      byDepotMetaKey: settings.meta.byDepot,
    },
    raw,
    webOrders,
  );
  return { articles: articles.items, ...projection };
}
