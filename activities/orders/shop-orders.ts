import type { Config } from '../../shared/config';
import { webOrderOf } from '../../shared/orders/web-order';
import { OrderProblemTypes } from '../../shared/orders/states';
import type { WebOrder } from '../../shared/orders/types';
import type { WooClient } from '../woo';
import { WooNotFoundError } from '../woo/errors';
import { OrderProblemError } from './failures';

/**
 * Reads a web order and its customer's Sage meta from the shop. The customer meta is only
 * visible to administrator keys (docs/data-contract.md, Customers), which the connector uses.
 */
export async function readWebOrder(
  woo: WooClient,
  config: Config,
  orderId: number,
): Promise<WebOrder> {
  const order = await woo.orders.get(orderId).catch((err: unknown) => {
    if (err instanceof WooNotFoundError) {
      throw new OrderProblemError({
        type: OrderProblemTypes.orderNotFound,
        message: `shop order ${orderId} does not exist (deleted?)`,
      });
    }
    throw err;
  });
  const customerMeta =
    order.customer_id > 0
      ? ((await woo.customers.get(order.customer_id).catch(notFoundAsNull))?.meta_data ?? [])
      : [];
  return webOrderOf(order, customerMeta, {
    customer: {
      account: config.customers.meta.account,
      homeDepot: config.customers.meta.homeDepot,
    },
    order: config.orders.meta,
  });
}

function notFoundAsNull(err: unknown): null {
  if (err instanceof WooNotFoundError) return null;
  throw err;
}
