import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { checkSageSchema, countCompanyRows } from './sage/schema-check';
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

/**
 * Reads a few counts from the Sage company: proves the `sage` queue reaches the database. A
 * table or column the configuration relies on (free fields of articles and of the order import
 * included) that the company lacks fails the check by name, before an import stops on it.
 */
export function createSageHealthActivities(deps: ActivityDeps) {
  return {
    async sageHealth(): Promise<SageHealth> {
      const db = await deps.sageDb();
      const { sage, orders } = deps.config;
      const schema = await checkSageSchema(db, sage.freeFields, [
        orders.sageFields.shop,
        orders.sageFields.priceFlag,
      ]);
      if (!schema.ok) {
        const missing = [...schema.missingTables, ...schema.missingColumns].join(', ');
        throw ApplicationFailure.nonRetryable(
          `the Sage company lacks ${missing}: create them (free fields in Sage's "informations libres"), or name existing ones in sage.freeFields / orders.sageFields ('' turns an order field off)` +
            (sage.kind === 'embedded'
              ? `; an embedded demo company made by an older version is regenerated once its file (${sage.embedded.path}) is deleted`
              : ''),
          'SageSchemaMismatch',
        );
      }
      const { articles, customers, depots } = await countCompanyRows(db);
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
        shop.plugin.status(),
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
