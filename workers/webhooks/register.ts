import type { WooClient } from '../../activities/woo';
import { collectItems } from '../../activities/woo';
import { webhookNameOf } from '../../shared/woo/webhook-topics';

export interface EnsuredWebhook {
  id: number;
  created: boolean;
  /**
   * Set when an existing webhook was not active and is active again: the status it had
   * (`disabled` by the shop after failed deliveries, or `paused`).
   */
  reenabledFrom?: string;
}

/**
 * Makes sure the shop has one active webhook named `name` for `topic`, delivering to
 * `deliveryUrl` with the connector's secret: updates the existing one (secret, and status back
 * to `active`: WooCommerce disables a webhook after repeated failed deliveries) or creates it,
 * and deletes the connector's older webhooks of that topic pointing elsewhere (a previous start
 * on another port), which would otherwise fail until the shop disables them.
 */
export async function ensureShopWebhook(
  woo: WooClient,
  options: { topic: string; deliveryUrl: string; secret: string; name?: string },
): Promise<EnsuredWebhook> {
  const name = options.name ?? webhookNameOf(options.topic);
  const ours = (await collectItems(woo.webhooks.listAll())).filter(
    (w) => w.topic === options.topic && (w.name === name || w.delivery_url === options.deliveryUrl),
  );
  for (const stale of ours.filter((w) => w.delivery_url !== options.deliveryUrl)) {
    await woo.webhooks.delete(stale.id);
  }
  const existing = ours.find((w) => w.delivery_url === options.deliveryUrl);
  if (existing) {
    await woo.webhooks.update(existing.id, { secret: options.secret, status: 'active' });
    return {
      id: existing.id,
      created: false,
      ...(existing.status === 'active' ? {} : { reenabledFrom: existing.status }),
    };
  }
  const created = await woo.webhooks.create({
    name,
    topic: options.topic,
    delivery_url: options.deliveryUrl,
    secret: options.secret,
  });
  return { id: created.id, created: true };
}
