import { SandboxStore } from './store';
import { OrderStatusRegistry } from './order-statuses';
import type { CustomerDoc, SandboxOptions } from './types';

/** The emulated shop: its store, its configuration and the events its changes fire (for webhooks). */

export type WebhookResource = 'product' | 'order' | 'customer' | 'coupon';
export type WebhookEvent = 'created' | 'updated' | 'deleted' | 'restored';

export interface ShopEvent {
  resource: WebhookResource;
  event: WebhookEvent;
  id: number;
}

export const ADMIN_USER_ID = 1;

export class Shop {
  readonly orderStatuses: OrderStatusRegistry;
  /** the sandbox's own URL, used where no request tells which host the client used */
  publicUrl = 'http://127.0.0.1';
  private readonly listeners: ((e: ShopEvent) => void)[] = [];

  constructor(
    readonly store: SandboxStore,
    readonly options: SandboxOptions,
  ) {
    this.orderStatuses = new OrderStatusRegistry(options.customOrderStatuses);
    if (!store.get('customer', ADMIN_USER_ID)) store.put('customer', adminUser(this.now()));
  }

  now(): string {
    return new Date().toISOString();
  }

  onEvent(listener: (e: ShopEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(resource: WebhookResource, event: WebhookEvent, id: number): void {
    for (const l of this.listeners) l({ resource, event, id });
  }
}

function adminUser(now: string): CustomerDoc {
  const empty = {
    first_name: '',
    last_name: '',
    company: '',
    address_1: '',
    address_2: '',
    city: '',
    state: '',
    postcode: '',
    country: '',
    phone: '',
  };
  return {
    id: ADMIN_USER_ID,
    email: 'admin@example.test',
    first_name: '',
    last_name: '',
    role: 'administrator',
    username: 'admin',
    billing: { ...empty, email: '' },
    shipping: { ...empty },
    is_paying_customer: false,
    meta_data: [],
    date_created: now,
    date_modified: now,
  };
}
