import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { phpJsonEncode } from './json';
import type { Shop, ShopEvent } from './shop';
import type { WebhookDoc } from './types';

/**
 * Webhook deliveries as WooCommerce sends them: asynchronously (after `delayMs`), one pending
 * delivery per webhook and resource (rapid changes collapse into one carrying the latest state),
 * the payload built at delivery time, signed with base64(HMAC-SHA256(raw body, secret)),
 * never retried, and the webhook disabled after repeated failures.
 */

export const USER_AGENT = 'WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)';
const MAX_FAILURES = 5;

export interface DeliveryRecord {
  webhookId: number;
  topic: string;
  resourceId: number | null;
  deliveryId: string;
  url: string;
  ping: boolean;
  /** HTTP status, or null when the request failed */
  status: number | null;
  error?: string;
  at: string;
}

export type PayloadBuilder = (resource: string, id: number) => unknown;

export function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; run: () => Promise<void> }>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly shop: Shop,
    private readonly payloadFor: PayloadBuilder,
    private readonly delayMs: number,
  ) {
    shop.onEvent((e) => this.onEvent(e));
  }

  private onEvent(e: ShopEvent): void {
    const topic = `${e.resource}.${e.event}`;
    for (const hook of this.shop.store.all('webhook')) {
      if (hook.status !== 'active' || hook.topic !== topic) continue;
      const key = `${hook.id}:${topic}:${e.id}`;
      if (this.pending.has(key)) continue;
      const run = () => this.deliver(hook.id, e.resource, e.event, e.id);
      const timer = setTimeout(() => {
        this.pending.delete(key);
        this.track(run());
      }, this.delayMs);
      this.pending.set(key, { timer, run });
    }
  }

  /** The ping WooCommerce sends right after a webhook is created: a form body, no signature. */
  ping(hook: WebhookDoc): void {
    const body = `webhook_id=${hook.id}`;
    this.track(
      this.post(hook.delivery_url, body, {
        'Content-Type': 'application/x-www-form-urlencoded',
      }).then((result) => {
        this.log.push({
          webhookId: hook.id,
          topic: hook.topic,
          resourceId: null,
          deliveryId: '',
          url: hook.delivery_url,
          ping: true,
          ...result,
          at: this.shop.now(),
        });
      }),
    );
  }

  /** Sends every pending delivery now and waits for all of them (tests). */
  async flush(): Promise<void> {
    for (const [key, p] of [...this.pending]) {
      clearTimeout(p.timer);
      this.pending.delete(key);
      this.track(p.run());
    }
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async deliver(
    webhookId: number,
    resource: string,
    event: string,
    id: number,
  ): Promise<void> {
    if (this.closed) return;
    // a delivery already queued is sent even if the webhook was paused since (observed)
    const hook = this.shop.store.get('webhook', webhookId);
    if (!hook) return;
    const payload = event === 'deleted' ? { id } : (this.payloadFor(resource, id) ?? { id });
    const body = phpJsonEncode(payload);
    const deliveryId = randomBytes(16).toString('hex');
    const result = await this.post(hook.delivery_url, body, {
      'Content-Type': 'application/json',
      'X-WC-Webhook-Source': `${this.shop.publicUrl}/`,
      'X-WC-Webhook-Topic': hook.topic,
      'X-WC-Webhook-Resource': resource,
      'X-WC-Webhook-Event': event,
      'X-WC-Webhook-Signature': signature(body, hook.secret),
      'X-WC-Webhook-ID': String(hook.id),
      'X-WC-Webhook-Delivery-ID': deliveryId,
    });
    this.log.push({
      webhookId,
      topic: hook.topic,
      resourceId: id,
      deliveryId,
      url: hook.delivery_url,
      ping: false,
      ...result,
      at: this.shop.now(),
    });
    this.recordOutcome(webhookId, result.status);
  }

  /** 2xx–302 resets the failure count; the 7th failure in a row disables the webhook. */
  private recordOutcome(webhookId: number, status: number | null): void {
    if (this.closed) return;
    const hook = this.shop.store.get('webhook', webhookId);
    if (!hook) return;
    const success = status !== null && status >= 200 && status <= 302;
    if (success) {
      if (hook.failure_count !== 0) this.shop.store.put('webhook', { ...hook, failure_count: 0 });
    } else if (hook.failure_count > MAX_FAILURES) {
      this.shop.store.put('webhook', { ...hook, status: 'disabled' });
    } else {
      this.shop.store.put('webhook', { ...hook, failure_count: hook.failure_count + 1 });
    }
  }

  private post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number | null; error?: string }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: 'invalid url' });
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        {
          method: 'POST',
          headers: {
            'User-Agent': USER_AGENT,
            Accept: '*/*',
            Connection: 'close',
            'Content-Length': String(Buffer.byteLength(body)),
            ...headers,
          },
          timeout: 60_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? null }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => resolve({ status: null, error: err.message }));
      req.end(body);
    });
  }
}
