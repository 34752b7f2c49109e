import { shopPluginStatus } from './orders/invoice-upload';
import { log } from '@temporalio/activity';
import type { SageDb } from './sage/db';
import type { ActivityDeps } from './deps';

export interface SageHealth {
  kind: string;
  articles: number;
  customers: number;
  depots: number;
}

export interface WooHealth {
  kind: string;
  products: number;
  customers: number;
  orders: number;
  /** The shop plugin (shop-plugin/sage-woo-sync), or null when the shop has none. */
  plugin: { version: string; contract: string; features: string[] } | null;
}

async function countRows(
  db: SageDb,
  table: 'F_ARTICLE' | 'F_COMPTET' | 'F_DEPOT',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Reads a few counts from the Sage company: proves the `sage` queue reaches the database. */
export function createSageHealthActivities(deps: ActivityDeps) {
  return {
    async sageHealth(): Promise<SageHealth> {
      const db = await deps.sageDb();
      const [articles, customers, depots] = await Promise.all([
        countRows(db, 'F_ARTICLE'),
        countRows(db, 'F_COMPTET'),
        countRows(db, 'F_DEPOT'),
      ]);
      log.info('Sage company read', { articles, customers, depots });
      return { kind: deps.config.sage.kind, articles, customers, depots };
    },
  };
}

/** Reads the shop's totals: proves the `woo` queue reaches the shop with valid credentials. */
export function createWooHealthActivities(deps: ActivityDeps) {
  return {
    async wooHealth(): Promise<WooHealth> {
      const shop = await deps.woo();
      const [products, customers, orders, plugin] = await Promise.all([
        shop.products.list({ per_page: 1 }),
        shop.customers.list({ per_page: 1 }),
        shop.orders.list({ per_page: 1 }),
        shopPluginStatus(shop, deps.config),
      ]);
      return {
        kind: deps.config.woo.kind,
        products: products.total ?? products.items.length,
        customers: customers.total ?? customers.items.length,
        orders: orders.total ?? orders.items.length,
        plugin: plugin
          ? { version: plugin.plugin, contract: plugin.contract, features: plugin.features }
          : null,
      };
    },
  };
}
