/** Shared types of the WooCommerce sandbox (documents as stored, options, faults). */

export interface MetaEntry {
  id: number;
  key: string;
  value: unknown;
}

export type ProductType = 'simple' | 'grouped' | 'external' | 'variable';
export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';

export interface ProductAttribute {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export interface VariationAttribute {
  id: number;
  name: string;
  option: string;
}

/** A product or a variation (WordPress stores both as posts sharing one id sequence). */
export interface ProductDoc {
  id: number;
  type: ProductType | 'variation';
  parent_id: number;
  name: string;
  slug: string;
  status: string;
  featured: boolean;
  catalog_visibility: string;
  description: string;
  short_description: string;
  sku: string;
  regular_price: string;
  sale_price: string;
  tax_status: string;
  tax_class: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: StockStatus;
  backorders: 'no' | 'notify' | 'yes';
  low_stock_amount: number | null;
  weight: string;
  menu_order: number;
  total_sales: number;
  attributes: ProductAttribute[];
  /** only on variations */
  variation_attributes: VariationAttribute[];
  default_attributes: VariationAttribute[];
  categories: { id: number; name: string; slug: string }[];
  images: unknown[];
  meta_data: MetaEntry[];
  date_created: string;
  date_modified: string;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
}

export interface CustomerDoc {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  username: string;
  billing: Address;
  shipping: Address;
  is_paying_customer: boolean;
  meta_data: MetaEntry[];
  date_created: string;
  date_modified: string;
}

export interface LineItemMeta {
  id: number;
  key: string;
  value: string;
  display_key: string;
  display_value: string;
}

export interface LineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  subtotal: string;
  total: string;
  /** includes `_reduced_stock` (units taken from stock) once the order reduced stock */
  meta_data: LineItemMeta[];
  parent_name: string | null;
}

export interface ShippingLine {
  id: number;
  method_title: string;
  method_id: string;
  total: string;
}

export interface OrderDoc {
  id: number;
  status: string;
  /** status before trashing */
  previous_status: string | null;
  customer_id: number;
  order_key: string;
  billing: Address;
  shipping: Address;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  created_via: string;
  customer_note: string;
  date_created: string;
  date_modified: string;
  date_paid: string | null;
  date_completed: string | null;
  meta_data: MetaEntry[];
  line_items: LineItem[];
  shipping_lines: ShippingLine[];
  stock_reduced: boolean;
  /** total_sales of the products were counted (once per order, as `_recorded_sales`) */
  sales_recorded: boolean;
}

export interface NoteDoc {
  id: number;
  order_id: number;
  author: string;
  note: string;
  customer_note: boolean;
  date_created: string;
}

export interface WebhookDoc {
  id: number;
  name: string;
  status: 'active' | 'paused' | 'disabled';
  topic: string;
  delivery_url: string;
  secret: string;
  failure_count: number;
  date_created: string;
  date_modified: string | null;
}

export interface MediaDoc {
  id: number;
  slug: string;
  title: string;
  mime_type: string;
  file_path: string; // e.g. 2026/11/FA00042.pdf
  filesize: number;
  date_created: string;
}

export interface FaultConfig {
  /** added to every request (ms) */
  latencyMs?: number;
  /** probability (0..1) of a 500/502/503 answer, decided before the handler runs */
  errorRate5xx?: number;
  /** probability (0..1) of a 429 answer with Retry-After */
  rate429?: number;
  retryAfterSeconds?: number;
  /** probability (0..1) that the request is held without answer for timeoutMs, then the socket closed */
  timeoutRate?: number;
  timeoutMs?: number;
  /**
   * probability (0..1) that a write is applied and then the answer is lost (held for timeoutMs,
   * then the socket closed) — to test that a client's retry is idempotent
   */
  timeoutAfterApplyRate?: number;
  /** extra latency per item of a batch request (ms) */
  batchLatencyMsPerItem?: number;
}

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  permissions: 'read' | 'write' | 'read_write';
}

export interface SandboxOptions {
  /** 0 = random free port (default); the host is always 127.0.0.1 */
  port?: number;
  /** ':memory:' (default) or a file path (persistent across restarts) */
  dbPath?: string;
  /** accepted read_write credentials; defaults 'ck_sandbox' / 'cs_sandbox' */
  consumerKey?: string;
  consumerSecret?: string;
  /** further keys, e.g. a read-only one */
  extraKeys?: ApiKey[];
  /** WordPress application passwords accepted on /wp/v2 (media); default admin / 'sandbox app password' */
  applicationPasswords?: { username: string; password: string }[];
  /** order statuses registered like a plugin would (slug without 'wc-') */
  customOrderStatuses?: { slug: string; label: string }[];
  faults?: FaultConfig;
  /** delay before a webhook delivery (real WooCommerce delivers about a minute later); default 0 */
  webhookDelayMs?: number;
  /** seed of the fault PRNG, so that tests are repeatable */
  seed?: number;
  /**
   * Behave like a shop served over plain HTTP: Basic auth and query-string keys are ignored and
   * only OAuth 1.0a signatures authenticate. Default false (the sandbox emulates HTTPS).
   */
  plainHttp?: boolean;
  /** accepted clock skew of OAuth timestamps (seconds), default 900 */
  oauthTimestampToleranceSec?: number;
  /** number of the first post id (products, variations, orders, media); default 10 */
  firstPostId?: number;
  /**
   * Emulate the project's shop plugin (status and invoice routes under
   * /wp-json/wc-sage-woo-sync/v1, invoice downloads): default true; false = a store without it.
   */
  shopPlugin?: boolean;
  /** Items per request of the plugin's bulk route (its option `sws_bulk_limit`); default 250. */
  bulkLimit?: number;
}
