import { randomBytes } from 'node:crypto';
import { WooError } from './errors';
import { toWooDate } from './dates';
import type { Shop } from './shop';
import type { WebhookDoc } from './types';
import { bodyObject } from './validation';

/** The /webhooks resource. Deliveries are in webhook-delivery.ts. */

const RESOURCES = ['coupon', 'customer', 'order', 'product'];
const EVENTS = ['created', 'updated', 'deleted', 'restored'];

/** the WordPress hooks WooCommerce lists for each topic */
const HOOKS: Record<string, string[]> = {
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': [
    'woocommerce_process_product_meta',
    'woocommerce_new_product',
    'woocommerce_new_product_variation',
  ],
  'product.updated': [
    'woocommerce_process_product_meta',
    'woocommerce_update_product',
    'woocommerce_update_product_variation',
  ],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
};

export function isValidTopic(topic: unknown): topic is string {
  if (typeof topic !== 'string') return false;
  if (topic.startsWith('action.')) return topic.length > 7;
  const [resource, event, ...rest] = topic.split('.');
  return rest.length === 0 && RESOURCES.includes(resource) && EVENTS.includes(event);
}

function isValidUrl(url: unknown): url is string {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function invalidTopic(): WooError {
  return new WooError(
    400,
    'woocommerce_rest_shop_webhook_invalid_topic',
    'Webhook topic is required and must be valid.',
  );
}

function invalidUrl(): WooError {
  return new WooError(
    400,
    'woocommerce_rest_shop_webhook_invalid_delivery_url',
    'Webhook delivery URL must be a valid URL starting with http:// or https://.',
  );
}

/** 50 random characters with punctuation, like `wp_generate_password(50, true, true)` */
export function generateSecret(): string {
  const chars =
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';
  return [...randomBytes(50)].map((b) => chars[b % chars.length]).join('');
}

export function getWebhook(shop: Shop, id: number): WebhookDoc {
  const doc = shop.store.get('webhook', id);
  if (!doc) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
  return doc;
}

export function createWebhook(shop: Shop, body: unknown): WebhookDoc {
  const b = bodyObject(body);
  if (!isValidTopic(b.topic)) throw invalidTopic();
  if (!isValidUrl(b.delivery_url)) throw invalidUrl();
  const now = shop.now();
  const doc: WebhookDoc = {
    id: shop.store.nextId('webhook'),
    name: typeof b.name === 'string' && b.name ? b.name : `Webhook created on ${now}`,
    // the status sent on create is ignored: every new webhook is active (observed on WooCommerce 10)
    status: 'active',
    topic: b.topic,
    delivery_url: b.delivery_url,
    secret: typeof b.secret === 'string' && b.secret ? b.secret : generateSecret(),
    failure_count: 0,
    date_created: now,
    date_modified: null,
  };
  shop.store.put('webhook', doc);
  return doc;
}

export function updateWebhook(shop: Shop, id: number, body: unknown): WebhookDoc {
  const doc = { ...getWebhook(shop, id) };
  const b = bodyObject(body);
  if (b.topic !== undefined) {
    if (!isValidTopic(b.topic)) throw invalidTopic();
    doc.topic = b.topic;
  }
  if (b.delivery_url !== undefined) {
    if (!isValidUrl(b.delivery_url)) throw invalidUrl();
    doc.delivery_url = b.delivery_url;
  }
  if (b.status !== undefined) {
    if (b.status !== 'active' && b.status !== 'paused' && b.status !== 'disabled')
      throw new WooError(
        400,
        'woocommerce_rest_webhook_invalid_status',
        'Webhook status must be valid.',
      );
    doc.status = b.status;
    if (b.status === 'active') doc.failure_count = 0;
  }
  if (typeof b.name === 'string') doc.name = b.name;
  if (typeof b.secret === 'string' && b.secret) doc.secret = b.secret;
  doc.date_modified = shop.now();
  shop.store.put('webhook', doc);
  return doc;
}

export function deleteWebhook(shop: Shop, id: number, force: boolean): WebhookDoc {
  const doc = getWebhook(shop, id);
  if (!force)
    throw new WooError(
      501,
      'woocommerce_rest_trash_not_supported',
      'Webhooks do not support trashing.',
    );
  shop.store.remove('webhook', id);
  return doc;
}

export function webhookJson(doc: WebhookDoc, base: string): Record<string, unknown> {
  const [resource, event] = doc.topic.split('.');
  return {
    id: doc.id,
    name: doc.name,
    status: doc.status,
    topic: doc.topic,
    resource,
    event,
    hooks: HOOKS[doc.topic] ?? [],
    delivery_url: doc.delivery_url,
    date_created: toWooDate(doc.date_created),
    date_created_gmt: toWooDate(doc.date_created),
    date_modified: toWooDate(doc.date_modified),
    date_modified_gmt: toWooDate(doc.date_modified),
    _links: {
      self: [
        {
          href: `${base}/wp-json/wc/v3/webhooks/${doc.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      ],
      collection: [{ href: `${base}/wp-json/wc/v3/webhooks` }],
    },
  };
}
