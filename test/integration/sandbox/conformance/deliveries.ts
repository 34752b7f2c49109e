import type { RecordedDelivery } from './replay';
import type { Received, Receiver } from '../receiver';

/** Finding a recorded webhook delivery's counterpart among what a receiver got. */

export const isPing = (d: RecordedDelivery): boolean =>
  !('X-WC-Webhook-Topic' in d.delivery.headers);

/**
 * The delivery matching a recording: the ping of the webhook (mapped id), or the last delivery of
 * its topic about the resource (mapped id; the payload is the resource's state at delivery time).
 */
export function findDelivery(
  received: Received[],
  d: RecordedDelivery,
  webhookId: number,
  resourceId: number,
): Received | undefined {
  const candidates = received.filter((r) => r.path === d.delivery.path);
  if (isPing(d))
    return candidates.find(
      (r) => r.headers['x-wc-webhook-topic'] === undefined && r.body === `webhook_id=${webhookId}`,
    );
  return candidates
    .filter((r) => {
      if (r.headers['x-wc-webhook-topic'] !== d.webhook.topic) return false;
      try {
        return (JSON.parse(r.body) as { id?: unknown }).id === resourceId;
      } catch {
        return false;
      }
    })
    .at(-1);
}

/** Polls until the delivery is there (`kick` runs the sender's queue), or gives up. */
export async function waitForDelivery(
  receiver: Receiver,
  d: RecordedDelivery,
  webhookId: number,
  resourceId: number,
  kick: () => Promise<unknown>,
  timeoutMs = 20_000,
): Promise<Received | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await kick();
    const got = findDelivery(receiver.requests, d, webhookId, resourceId);
    if (got || Date.now() > until) return got;
    await new Promise((r) => setTimeout(r, 250));
  }
}
