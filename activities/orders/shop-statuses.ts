import { z } from 'zod';
import { customStatusesOf, type OrdersConfig } from '../../shared/config/orders';
import type { WooClient } from '../woo';

const totalsReportSchema = z.array(z.object({ slug: z.string(), total: z.unknown().optional() }));

export interface StatusCheck {
  /** Mapped statuses the shop does not know (its plugin did not register them). */
  missing: string[];
  known: string[];
}

/**
 * Start-up check of the status mapping (docs/data-contract.md, Orders): WooCommerce refuses an
 * unregistered status with a 400 — and silently turns it into `pending` inside a batch — so
 * every mapped status must exist. `GET /reports/orders/totals` lists every registered status,
 * custom ones included: the cheapest way to ask (recorded:
 * test/fixtures/woocommerce/28c-reports-orders-totals.json).
 */
export async function checkShopOrderStatuses(
  woo: WooClient,
  orders: OrdersConfig,
): Promise<StatusCheck> {
  const report = await woo.http.request({
    method: 'GET',
    path: '/reports/orders/totals',
    schema: totalsReportSchema,
    idempotent: true,
  });
  const known = report.data.map((s) => s.slug);
  const wanted = [
    ...new Set([...Object.values(orders.statuses), ...customStatusesOf(orders).map((s) => s.slug)]),
  ];
  return { missing: wanted.filter((s) => !known.includes(s)), known };
}
