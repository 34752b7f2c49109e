/** The shop topics the connector registers a webhook for (handlers: workers/webhooks/topics.ts). */
export const CUSTOMER_UPDATED_TOPIC = 'customer.updated';
export const ORDER_TOPICS = ['order.created', 'order.updated'] as const;
export const WEBHOOK_TOPICS = [CUSTOMER_UPDATED_TOPIC, ...ORDER_TOPICS] as const;

/** The name the connector gives its webhook of a topic (workers/webhooks/register.ts). */
export const webhookNameOf = (topic: string): string => `sage-woo-sync ${topic}`;
