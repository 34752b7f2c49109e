import type { WooClient } from '../../activities/woo';
import { collectItems } from '../../activities/woo';

/**
 * Makes sure the shop has one active webhook named `name` for `topic`, delivering to
 * `deliveryUrl` with the connector's secret: updates the existing one (secret, status) or
 * creates it, and deletes the connector's older webhooks of that topic pointing elsewhere (a
 * previous start on another port), which would otherwise fail until the shop disables them.
 */
export async function ensureShopWebhook(
  woo: WooClient,
  options: { topic: string; deliveryUrl: string; secret: string; name?: string },
): Promise<{ id: number; created: boolean }> {
  const name = options.name ?? `sage-woo-sync ${options.topic}`;
  const ours = (await collectItems(woo.webhooks.listAll())).filter(
    (w) => w.topic === options.topic && (w.name === name || w.delivery_url === options.deliveryUrl),
  );
  for (const stale of ours.filter((w) => w.delivery_url !== options.deliveryUrl)) {
    await woo.webhooks.delete(stale.id);
  }
  const existing = ours.find((w) => w.delivery_url === options.deliveryUrl);
  if (existing) {
    await woo.webhooks.update(existing.id, { secret: options.secret, status: 'active' });
    return { id: existing.id, created: false };
  }
  const created = await woo.webhooks.create({
    name,
    topic: options.topic,
    delivery_url: options.deliveryUrl,
    secret: options.secret,
  });
  return { id: created.id, created: true };
}
