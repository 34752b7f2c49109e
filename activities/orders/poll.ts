import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { durationToMs, type Config } from '../../shared/config';
import type { StateStore } from '../state/store';
import type { WooClient } from '../woo';
import { intakeOrder, type IntakeOutcome } from './intake';

export const WATERMARK_ORDERS_MODIFIED = 'orders.shop-modified';

export interface OrderPollResult {
  seen: number;
  outcomes: Record<IntakeOutcome, number>;
  since: string;
  watermark: string;
}

/**
 * The polling fallback for lost webhooks: every shop order modified since the watermark (minus
 * an overlap for clock skew and late commits) goes through the same intake as a webhook, so an
 * order seen twice is a no-op. The watermark is the newest modification time seen, stored only
 * after the whole list went through (a crash re-reads, never skips).
 */
export async function pollShopOrders(
  woo: WooClient,
  state: StateStore,
  client: Client,
  config: Config,
  now: Date = new Date(),
): Promise<OrderPollResult> {
  const stored = await state.getWatermark(WATERMARK_ORDERS_MODIFIED);
  const since = stored
    ? new Date(Date.parse(stored) - durationToMs(config.orders.intake.overlap))
    : new Date(now.getTime() - durationToMs(config.orders.intake.firstLookBack));
  const outcomes: Record<IntakeOutcome, number> = {
    started: 0,
    signalled: 0,
    duplicate: 0,
    ignored: 0,
  };
  let seen = 0;
  let newest = stored ?? since.toISOString();
  for await (const page of woo.orders.listAll({ modified_after: since, per_page: 100 })) {
    for (const order of page.items) {
      seen += 1;
      const outcome = await intakeOrder(client, config, {
        id: order.id,
        number: order.number,
        status: order.status,
      });
      outcomes[outcome] += 1;
      const modified = `${order.date_modified_gmt.replace(/Z$/, '')}Z`;
      if (Date.parse(modified) > Date.parse(newest)) newest = new Date(modified).toISOString();
    }
    heartbeat({ seen });
  }
  await state.putWatermark(WATERMARK_ORDERS_MODIFIED, newest);
  return { seen, outcomes, since: since.toISOString(), watermark: newest };
}
