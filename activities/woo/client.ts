import { z } from 'zod';
import { durationToMs } from '../../shared/config/primitives';
import { adaptiveBounds, type WooConfig } from '../../shared/config/woo';
import type { BatchRequest } from '../../shared/woo/batch';
import {
  customerSchema,
  type Customer,
  type CustomerCreate,
  type CustomerUpdate,
} from '../../shared/woo/customer';
import { mediaSchema, type Media } from '../../shared/woo/media';
import {
  orderSchema,
  type Order,
  type OrderCreate,
  type OrderUpdate,
} from '../../shared/woo/order';
import { orderNoteSchema, type OrderNote, type OrderNoteCreate } from '../../shared/woo/order-note';
import {
  productSchema,
  type Product,
  type ProductCreate,
  type ProductUpdate,
} from '../../shared/woo/product';
import {
  variationSchema,
  type Variation,
  type VariationCreate,
  type VariationUpdate,
} from '../../shared/woo/variation';
import {
  webhookSchema,
  type Webhook,
  type WebhookCreate,
  type WebhookUpdate,
} from '../../shared/woo/webhook';
import { runBatch, type BatchResult } from './batch-runner';
import { createShopPluginBulk, type ShopPluginBulk } from './bulk';
import { createShopPlugin, type ShopPlugin } from './plugin';
import { listAllPages, listPage, type ListParams } from './collection';
import { WooInvalidRequestError } from './errors';
import { WooHttp, type WooHttpOptions, type WooHttpStats, type QueryValue } from './http';
import type { Page } from './pagination';

/**
 * The WooCommerce REST v3 client used by the Woo activities. Every answer is validated into a
 * typed object; every failure is a typed `WooError` (see `errors.ts`, `toActivityFailure`).
 *
 * Who retries: the client retries 429/5xx/network errors a few times in-process (bounded by
 * `retry` in the configuration, honouring Retry-After up to `retry.maxDelayMs`), but never a
 * write whose outcome is unknown unless it is idempotent. Everything else is thrown and left to
 * Temporal's activity retry policy.
 */

export type WooClientOptions = WooHttpOptions;

type Pages<T> = AsyncGenerator<Page<T>, void, undefined>;
type DateParam = Date | string;

export interface ProductListParams extends ListParams {
  sku?: string;
  status?: string;
  type?: string;
  search?: string;
  include?: readonly number[];
  modified_after?: string;
  orderby?: string;
  order?: 'asc' | 'desc';
}

export interface OrderListFilter {
  page?: number;
  per_page?: number;
  status?: string | readonly string[];
  customer?: number;
  orderby?: string;
  order?: 'asc' | 'desc';
  /** A Date is sent as UTC with `dates_are_gmt=true`. */
  modified_after?: DateParam;
  modified_before?: DateParam;
  [param: string]: QueryValue | Date;
}

export interface CustomerListParams extends ListParams {
  email?: string;
  /** `customer` by default on the shop; `all` for every role. */
  role?: string;
  search?: string;
  orderby?: string;
  order?: 'asc' | 'desc';
}

export interface WooClient {
  products: {
    list(params?: ProductListParams): Promise<Page<Product>>;
    listAll(params?: ProductListParams): Pages<Product>;
    get(id: number): Promise<Product>;
    /** The product or variation (product-shaped, `type: "variation"`) with that SKU, or null. */
    getBySku(sku: string): Promise<Product | null>;
    create(data: ProductCreate): Promise<Product>;
    update(id: number, data: Omit<ProductUpdate, 'id'>): Promise<Product>;
    /** Without `force` the product goes to the trash. */
    delete(id: number, options?: { force?: boolean }): Promise<Product>;
    batch(request: BatchRequest<ProductCreate, ProductUpdate>): Promise<BatchResult<Product>>;
  };
  variations: {
    list(productId: number, params?: ListParams): Promise<Page<Variation>>;
    listAll(productId: number, params?: ListParams): Pages<Variation>;
    get(productId: number, id: number): Promise<Variation>;
    create(productId: number, data: VariationCreate): Promise<Variation>;
    update(productId: number, id: number, data: Omit<VariationUpdate, 'id'>): Promise<Variation>;
    batch(
      productId: number,
      request: BatchRequest<VariationCreate, VariationUpdate>,
    ): Promise<BatchResult<Variation>>;
  };
  customers: {
    list(params?: CustomerListParams): Promise<Page<Customer>>;
    listAll(params?: CustomerListParams): Pages<Customer>;
    get(id: number): Promise<Customer>;
    /** Exact e-mail match, any role. */
    getByEmail(email: string): Promise<Customer | null>;
    create(data: CustomerCreate): Promise<Customer>;
    update(id: number, data: Omit<CustomerUpdate, 'id'>): Promise<Customer>;
    batch(request: BatchRequest<CustomerCreate, CustomerUpdate>): Promise<BatchResult<Customer>>;
  };
  orders: {
    list(params?: OrderListFilter): Promise<Page<Order>>;
    listAll(params?: OrderListFilter): Pages<Order>;
    get(id: number): Promise<Order>;
    /** Web orders come from the shop; creating one is for demos and tests. */
    create(data: OrderCreate): Promise<Order>;
    update(id: number, data: OrderUpdate): Promise<Order>;
    batch(request: BatchRequest<never, OrderUpdate & { id: number }>): Promise<BatchResult<Order>>;
    notes: {
      /** All notes, newest first (not paginated). */
      list(
        orderId: number,
        params?: { type?: 'any' | 'customer' | 'internal' },
      ): Promise<OrderNote[]>;
      create(orderId: number, note: OrderNoteCreate): Promise<OrderNote>;
      /**
       * Creates the note unless a note with exactly that text and visibility exists, so that
       * a retried activity adds it once. Make the text unique (e.g. with the Sage piece number).
       */
      createIfAbsent(
        orderId: number,
        note: OrderNoteCreate,
      ): Promise<{ note: OrderNote; created: boolean }>;
    };
  };
  webhooks: {
    list(params?: ListParams): Promise<Page<Webhook>>;
    listAll(params?: ListParams): Pages<Webhook>;
    get(id: number): Promise<Webhook>;
    create(data: WebhookCreate): Promise<Webhook>;
    update(id: number, data: WebhookUpdate): Promise<Webhook>;
    delete(id: number): Promise<Webhook>;
  };
  media: {
    get(id: number): Promise<Media>;
    /**
     * Uploads a PDF to `/wp-json/wp/v2/media`; the file becomes public at `source_url`.
     * Not idempotent: a retry after a lost answer uploads a second copy, so the caller records
     * the returned id (e.g. in the order meta) and does not upload again once it has one.
     */
    uploadPdf(filename: string, content: Buffer, options?: { title?: string }): Promise<Media>;
  };
  /**
   * The shop plugin (shop-plugin/sage-woo-sync): its one detector, cached per client, and its
   * routes under `/wp-json/wc-sage-woo-sync/v1` (`woo.plugin`, `woo.pluginRecheck`; see
   * activities/woo/plugin.ts).
   */
  readonly plugin: ShopPlugin;
  /**
   * The shop plugin's bulk route for catalog, stock and price updates (`woo.plugin`; see
   * activities/woo/bulk.ts).
   */
  readonly bulk: ShopPluginBulk;
  /** The transport (for requests the resources above do not cover). */
  readonly http: WooHttp;
  stats(): WooHttpStats;
  close(): void;
}

function positiveId(id: number, what: string): number {
  if (!Number.isInteger(id) || id <= 0) {
    throw new WooInvalidRequestError(`${what} must be a positive integer id, got ${id}`);
  }
  return id;
}

/** WooCommerce date parameter: a Date becomes UTC `YYYY-MM-DDTHH:MM:SS`. */
function dateParam(value: DateParam | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return value.toISOString().slice(0, 19);
}

function orderQuery(params: OrderListFilter): ListParams {
  const query: ListParams = {};
  for (const [key, value] of Object.entries(params)) {
    query[key] = value instanceof Date ? dateParam(value) : value;
  }
  const { modified_after, modified_before } = params;
  const usesDates = modified_after instanceof Date || modified_before instanceof Date;
  return {
    ...query,
    modified_after: dateParam(modified_after),
    modified_before: dateParam(modified_before),
    ...(usesDates ? { dates_are_gmt: true } : {}),
  };
}

/** A Content-Disposition header that survives odd file names. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\\r\n]/g, '_');
  const encoded = encodeURIComponent(filename);
  return `attachment; filename="${ascii}"${ascii === filename ? '' : `; filename*=UTF-8''${encoded}`}`;
}

function requireResolved(config: WooConfig): WooConfig & {
  url: string;
  consumerKey: string;
  consumerSecret: string;
} {
  const missing = (['url', 'consumerKey', 'consumerSecret'] as const).filter((f) => !config[f]);
  if (missing.length > 0) {
    throw new WooInvalidRequestError(
      `WooCommerce configuration incomplete: ${missing.map((f) => `woo.${f}`).join(', ')} ` +
        '(a sandbox fills them in when it starts)',
    );
  }
  return config as WooConfig & { url: string; consumerKey: string; consumerSecret: string };
}

export function createWooClient(config: WooConfig, options: WooClientOptions = {}): WooClient {
  const resolved = requireResolved(config);
  const adaptive = adaptiveBounds(resolved);
  const http = new WooHttp(
    {
      url: resolved.url,
      consumerKey: resolved.consumerKey,
      consumerSecret: resolved.consumerSecret,
      authMode: resolved.authMode,
      ...(resolved.media ? { media: resolved.media } : {}),
      timeoutMs: resolved.timeoutMs,
      concurrency: resolved.concurrency,
      retry: resolved.retry,
      userAgent: resolved.userAgent,
      ...(adaptive ? { adaptive } : {}),
    },
    {
      ...options,
      extraSecrets: [
        ...(options.extraSecrets ?? []),
        ...(resolved.webhookSecret ? [resolved.webhookSecret] : []),
      ],
    },
  );
  const batchSettings = {
    batchSize: resolved.batchSize,
    timeoutMs: resolved.batchTimeoutMs,
    nextSize: () => http.adaptiveBatchSize(),
  };

  const get = <T>(path: string, schema: z.ZodType<T>, query?: Record<string, QueryValue>) =>
    http
      .request({ method: 'GET', path, schema, idempotent: true, ...(query ? { query } : {}) })
      .then((r) => r.data);
  const post = <T>(path: string, schema: z.ZodType<T>, body: unknown) =>
    http.request({ method: 'POST', path, schema, body, idempotent: false }).then((r) => r.data);
  const put = <T>(path: string, schema: z.ZodType<T>, body: unknown) =>
    http.request({ method: 'PUT', path, schema, body, idempotent: true }).then((r) => r.data);
  const del = <T>(path: string, schema: z.ZodType<T>, query: Record<string, QueryValue>) =>
    http.request({ method: 'DELETE', path, schema, query, idempotent: true }).then((r) => r.data);

  const products: WooClient['products'] = {
    list: (params = {}) => listPage(http, '/products', productSchema, params),
    listAll: (params = {}) => listAllPages(http, '/products', productSchema, params),
    get: (id) => get(`/products/${positiveId(id, 'product id')}`, productSchema),
    async getBySku(sku) {
      if (sku.trim() === '') throw new WooInvalidRequestError('getBySku needs a non-empty SKU');
      // `sku=` is an exact match on the shop (case-insensitive collation on most hosts).
      const page = await listPage(http, '/products', productSchema, { sku, per_page: 10 });
      return (
        page.items.find((p) => p.sku === sku) ??
        page.items.find((p) => p.sku.toLowerCase() === sku.toLowerCase()) ??
        null
      );
    },
    create: (data) => post('/products', productSchema, data),
    update: (id, data) => put(`/products/${positiveId(id, 'product id')}`, productSchema, data),
    delete: (id, { force = false } = {}) =>
      del(`/products/${positiveId(id, 'product id')}`, productSchema, { force }),
    batch: (request) => runBatch(http, '/products', productSchema, request, batchSettings),
  };

  const variationsPath = (productId: number) =>
    `/products/${positiveId(productId, 'product id')}/variations`;
  const variations: WooClient['variations'] = {
    list: (productId, params = {}) =>
      listPage(http, variationsPath(productId), variationSchema, params),
    listAll: (productId, params = {}) =>
      listAllPages(http, variationsPath(productId), variationSchema, params),
    get: (productId, id) =>
      get(`${variationsPath(productId)}/${positiveId(id, 'variation id')}`, variationSchema),
    create: (productId, data) => post(variationsPath(productId), variationSchema, data),
    update: (productId, id, data) =>
      put(`${variationsPath(productId)}/${positiveId(id, 'variation id')}`, variationSchema, data),
    batch: (productId, request) =>
      runBatch(http, variationsPath(productId), variationSchema, request, batchSettings),
  };

  const customers: WooClient['customers'] = {
    list: (params = {}) => listPage(http, '/customers', customerSchema, params),
    listAll: (params = {}) => listAllPages(http, '/customers', customerSchema, params),
    get: (id) => get(`/customers/${positiveId(id, 'customer id')}`, customerSchema),
    async getByEmail(email) {
      const page = await listPage(http, '/customers', customerSchema, {
        email,
        role: 'all',
        per_page: 10,
      });
      return page.items.find((c) => c.email.toLowerCase() === email.toLowerCase()) ?? null;
    },
    create: (data) => post('/customers', customerSchema, data),
    update: (id, data) => put(`/customers/${positiveId(id, 'customer id')}`, customerSchema, data),
    batch: (request) => runBatch(http, '/customers', customerSchema, request, batchSettings),
  };

  const notesPath = (orderId: number) => `/orders/${positiveId(orderId, 'order id')}/notes`;
  const notes: WooClient['orders']['notes'] = {
    list: (orderId, params = {}) =>
      get(notesPath(orderId), z.array(orderNoteSchema), { ...params }),
    create: (orderId, note) => post(notesPath(orderId), orderNoteSchema, note),
    async createIfAbsent(orderId, note) {
      const existing = await notes.list(orderId);
      const customerNote = note.customer_note ?? false;
      const found = existing.find((n) => n.note === note.note && n.customer_note === customerNote);
      if (found) return { note: found, created: false };
      return { note: await notes.create(orderId, note), created: true };
    },
  };
  const orders: WooClient['orders'] = {
    list: (params = {}) => listPage(http, '/orders', orderSchema, orderQuery(params)),
    listAll: (params = {}) => listAllPages(http, '/orders', orderSchema, orderQuery(params)),
    get: (id) => get(`/orders/${positiveId(id, 'order id')}`, orderSchema),
    create: (data) => post('/orders', orderSchema, data),
    update: (id, data) => put(`/orders/${positiveId(id, 'order id')}`, orderSchema, data),
    batch: (request) => runBatch(http, '/orders', orderSchema, request, batchSettings),
    notes,
  };

  const webhooks: WooClient['webhooks'] = {
    list: (params = {}) => listPage(http, '/webhooks', webhookSchema, params),
    listAll: (params = {}) => listAllPages(http, '/webhooks', webhookSchema, params),
    get: (id) => get(`/webhooks/${positiveId(id, 'webhook id')}`, webhookSchema),
    create: (data) => post('/webhooks', webhookSchema, data),
    update: (id, data) => put(`/webhooks/${positiveId(id, 'webhook id')}`, webhookSchema, data),
    // Webhooks cannot be trashed: deleting needs force.
    delete: (id) =>
      del(`/webhooks/${positiveId(id, 'webhook id')}`, webhookSchema, { force: true }),
  };

  const media: WooClient['media'] = {
    get: async (id) =>
      (
        await http.request({
          method: 'GET',
          api: 'wp',
          path: `/media/${positiveId(id, 'media id')}`,
          schema: mediaSchema,
          idempotent: true,
        })
      ).data,
    async uploadPdf(filename, content, { title } = {}) {
      if (content.length === 0)
        throw new WooInvalidRequestError('uploadPdf needs a non-empty file');
      if (filename.trim() === '') throw new WooInvalidRequestError('uploadPdf needs a file name');
      const response = await http.request({
        method: 'POST',
        api: 'wp',
        path: '/media',
        body: content,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': contentDisposition(filename),
        },
        ...(title ? { query: { title } } : {}),
        schema: mediaSchema,
        idempotent: false,
      });
      return response.data;
    },
  };

  const plugin = createShopPlugin(http, {
    mode: resolved.plugin,
    recheckMs: durationToMs(resolved.pluginRecheck),
  });

  return {
    products,
    variations,
    customers,
    orders,
    webhooks,
    media,
    plugin,
    bulk: createShopPluginBulk(http, plugin, { timeoutMs: resolved.batchTimeoutMs }),
    http,
    stats: () => http.stats(),
    close: () => http.close(),
  };
}
