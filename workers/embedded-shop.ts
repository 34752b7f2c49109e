import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import { createSageDb } from '../activities/sage/db';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  prefillFromCatalog,
  startSandbox,
} from '../sandbox/woo';
import { prefillProductsOf, readAllArticles } from '../sandbox/prefill-from-sage';
import { customStatusesOf } from '../shared/config/orders';

export interface EmbeddedShop {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  close(): Promise<void>;
}

/**
 * Starts the WooCommerce sandbox (persistent file) and, when it holds no product yet, pre-fills
 * it with the Sage catalog's SKUs, as the customer's shop has them before the first sync.
 */
export async function startEmbeddedShop(config: Config, logger: Logger): Promise<EmbeddedShop> {
  const { port, dbPath } = config.woo.sandbox;
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  // The shop plugin of the real store registers the mapped custom order statuses.
  const customOrderStatuses = customStatusesOf(config.orders);
  const shop = await startSandbox({ port, dbPath, customOrderStatuses });
  try {
    if (shop.store.all('product').length === 0) {
      // Prepared as an integrator prepares the real shop before the first customer load: the
      // "new account" e-mail is switched off, so creating 3,000 accounts e-mails nobody.
      shop.store.setOption('email_customer_new_account.enabled', 'no');
      const sage = createSageDb(config.sage);
      try {
        const products = prefillProductsOf(
          await readAllArticles(sage, config.sage.freeFields),
          config.catalog,
        );
        const result = prefillFromCatalog(shop, products);
        logger.info(result, 'shop sandbox pre-filled from the Sage catalog');
      } finally {
        await sage.destroy();
      }
    }
  } catch (err) {
    await shop.close();
    throw err;
  }
  return {
    url: shop.url,
    consumerKey: DEFAULT_CONSUMER_KEY,
    consumerSecret: DEFAULT_CONSUMER_SECRET,
    close: () => shop.close(),
  };
}
