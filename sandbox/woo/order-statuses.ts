/**
 * The order statuses the shop knows: WooCommerce core ones plus those a plugin registered
 * (the REST API shows and accepts them without their `wc-` prefix).
 */

export interface OrderStatus {
  slug: string;
  label: string;
}

const CORE: OrderStatus[] = [
  { slug: 'pending', label: 'Pending payment' },
  { slug: 'processing', label: 'Processing' },
  { slug: 'on-hold', label: 'On hold' },
  { slug: 'completed', label: 'Completed' },
  { slug: 'cancelled', label: 'Cancelled' },
  { slug: 'refunded', label: 'Refunded' },
  { slug: 'failed', label: 'Failed' },
];
const CHECKOUT_DRAFT: OrderStatus = { slug: 'checkout-draft', label: 'Draft' };

export class OrderStatusRegistry {
  private readonly custom: OrderStatus[];

  constructor(custom: OrderStatus[] = []) {
    // a plugin registers 'wc-shipped'; the API speaks of 'shipped'
    this.custom = custom.map((s) => ({ slug: s.slug.replace(/^wc-/, ''), label: s.label }));
  }

  /**
   * every status in the order WooCommerce lists them: core ones with the registered ones right
   * after "Processing" (where the project's shop plugin puts them with `wc_order_statuses`, as
   * the real store shows), then checkout-draft
   */
  all(): OrderStatus[] {
    const at = CORE.findIndex((s) => s.slug === 'processing') + 1;
    return [...CORE.slice(0, at), ...this.custom, ...CORE.slice(at), CHECKOUT_DRAFT];
  }

  /** the enum of the `status` field on a single write */
  writeEnum(): string[] {
    return ['auto-draft', ...this.all().map((s) => s.slug)];
  }

  /** the enum of the `status` list filter */
  filterEnum(): string[] {
    return ['any', 'trash', ...this.writeEnum()];
  }

  isKnown(slug: string): boolean {
    return this.all().some((s) => s.slug === slug);
  }

  label(slug: string): string {
    return this.all().find((s) => s.slug === slug)?.label ?? slug;
  }
}
