import { created, isForced, ok, type HandlerResult, type RequestContext } from './context';
import { runBatch } from './batch';
import {
  createCustomer,
  customerJson,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from './customers';
import { createNoteFromRequest, deleteNote, getNote, listNotes, noteJson } from './notes';
import { createOrder, deleteOrder, getOrder, listOrders, orderJson, updateOrder } from './orders';
import {
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  productJson,
  updateProduct,
} from './products';
import type { RouteDef } from './router';
import { getSetting, listSettings, orderTotalsReport, updateSetting } from './settings';
import type { Shop } from './shop';
import {
  createVariation,
  deleteVariation,
  getVariation,
  listVariations,
  updateVariation,
  variationJson,
} from './variations';
import { createWebhook, deleteWebhook, getWebhook, updateWebhook, webhookJson } from './webhooks';
import type { WebhookDispatcher } from './webhook-delivery';
import { paginate, parsePaging } from './pagination';

/** The /wp-json/wc/v3 routes the connector uses, bound to the shop's services. */

const num = (ctx: RequestContext, name = 'id'): number => parseInt(ctx.params[name], 10);

export function wcRoutes(shop: Shop, webhooks: WebhookDispatcher): RouteDef[] {
  const product = (
    ctx: RequestContext,
    doc: Parameters<typeof productJson>[1],
    context: 'view' | 'edit' = 'edit',
  ) => productJson(shop, doc, ctx.baseUrl, context);
  const variation = (ctx: RequestContext, doc: Parameters<typeof variationJson>[1]) =>
    variationJson(shop, doc, ctx.baseUrl);
  const order = (ctx: RequestContext, doc: Parameters<typeof orderJson>[1]) =>
    orderJson(shop, doc, ctx.baseUrl);
  const exists =
    (kind: 'product' | 'order' | 'customer' | 'webhook', param = 'id') =>
    (ctx: RequestContext) =>
      shop.store.get(kind, num(ctx, param)) !== undefined;
  const listed = <T>(
    page: { items: T[]; headers: Record<string, string> },
    toJson: (t: T) => unknown,
  ): HandlerResult => ok(page.items.map(toJson), page.headers);

  return [
    // ---- products ----
    {
      template: '/products',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) => listed(listProducts(shop, ctx), (d) => product(ctx, d, 'view')),
        },
        POST: {
          permission: 'create',
          handle: (ctx) => created(product(ctx, createProduct(shop, ctx.body, false))),
        },
      },
    },
    {
      template: '/products/batch',
      methods: Object.fromEntries(
        (['POST', 'PUT', 'PATCH'] as const).map((m) => [
          m,
          {
            permission: 'batch',
            batch: true,
            handle: (ctx: RequestContext) =>
              ok(
                runBatch(shop, ctx.body, {
                  create: (item) => product(ctx, createProduct(shop, item, true)),
                  update: (item) => product(ctx, updateProduct(shop, Number(item.id), item, true)),
                  remove: (id) => deleteProduct(shop, id, true, (d) => product(ctx, d)),
                }),
              ),
          },
        ]),
      ),
    },
    {
      template: '/products/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('product'),
          handle: (ctx) => ok(product(ctx, getProduct(shop, num(ctx)), 'view')),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              exists: exists('product'),
              handle: (ctx: RequestContext) =>
                ok(product(ctx, updateProduct(shop, num(ctx), ctx.body, false))),
            },
          ]),
        ),
        DELETE: {
          permission: 'delete',
          exists: exists('product'),
          handle: (ctx) =>
            ok(deleteProduct(shop, num(ctx), isForced(ctx.query), (d) => product(ctx, d))),
        },
      },
    },
    // ---- variations ----
    {
      template: '/products/{product_id}/variations',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) =>
            listed(listVariations(shop, ctx, num(ctx, 'product_id')), (d) => variation(ctx, d)),
        },
        POST: {
          permission: 'create',
          handle: (ctx) =>
            created(variation(ctx, createVariation(shop, num(ctx, 'product_id'), ctx.body, false))),
        },
      },
    },
    {
      template: '/products/{product_id}/variations/batch',
      methods: Object.fromEntries(
        (['POST', 'PUT', 'PATCH'] as const).map((m) => [
          m,
          {
            permission: 'batch',
            batch: true,
            handle: (ctx: RequestContext) => {
              const parentId = num(ctx, 'product_id');
              return ok(
                runBatch(shop, ctx.body, {
                  create: (item) => variation(ctx, createVariation(shop, parentId, item, true)),
                  update: (item) =>
                    variation(ctx, updateVariation(shop, parentId, Number(item.id), item, true)),
                  remove: (id) =>
                    deleteVariation(shop, parentId, id, true, (d) => variation(ctx, d)),
                }),
              );
            },
          },
        ]),
      ),
    },
    {
      template: '/products/{product_id}/variations/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('product'),
          handle: (ctx) => ok(variation(ctx, getVariation(shop, num(ctx, 'product_id'), num(ctx)))),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              exists: exists('product'),
              handle: (ctx: RequestContext) =>
                ok(
                  variation(
                    ctx,
                    updateVariation(shop, num(ctx, 'product_id'), num(ctx), ctx.body, false),
                  ),
                ),
            },
          ]),
        ),
        DELETE: {
          permission: 'delete',
          exists: exists('product'),
          handle: (ctx) =>
            ok(
              deleteVariation(shop, num(ctx, 'product_id'), num(ctx), isForced(ctx.query), (d) =>
                variation(ctx, d),
              ),
            ),
        },
      },
    },
    // ---- customers ----
    {
      template: '/customers',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) => listed(listCustomers(shop, ctx), (c) => customerJson(c, ctx.baseUrl)),
        },
        POST: {
          permission: 'create',
          handle: (ctx) =>
            created(customerJson(createCustomer(shop, ctx.body, false), ctx.baseUrl)),
        },
      },
    },
    {
      template: '/customers/batch',
      methods: Object.fromEntries(
        (['POST', 'PUT', 'PATCH'] as const).map((m) => [
          m,
          {
            permission: 'batch',
            batch: true,
            handle: (ctx: RequestContext) =>
              ok(
                runBatch(shop, ctx.body, {
                  create: (item) => customerJson(createCustomer(shop, item, true), ctx.baseUrl),
                  update: (item) =>
                    customerJson(updateCustomer(shop, Number(item.id), item, true), ctx.baseUrl),
                  remove: (id) => customerJson(deleteCustomer(shop, id, true), ctx.baseUrl),
                }),
              ),
          },
        ]),
      ),
    },
    {
      template: '/customers/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('customer'),
          handle: (ctx) => ok(customerJson(getCustomer(shop, num(ctx)), ctx.baseUrl)),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              exists: exists('customer'),
              handle: (ctx: RequestContext) =>
                ok(customerJson(updateCustomer(shop, num(ctx), ctx.body, false), ctx.baseUrl)),
            },
          ]),
        ),
        DELETE: {
          permission: 'delete',
          exists: exists('customer'),
          handle: (ctx) =>
            ok(customerJson(deleteCustomer(shop, num(ctx), isForced(ctx.query)), ctx.baseUrl)),
        },
      },
    },
    // ---- orders ----
    {
      template: '/orders',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) => listed(listOrders(shop, ctx), (o) => order(ctx, o)),
        },
        POST: {
          permission: 'create',
          handle: (ctx) => created(order(ctx, createOrder(shop, ctx.body, false))),
        },
      },
    },
    {
      template: '/orders/batch',
      methods: Object.fromEntries(
        (['POST', 'PUT', 'PATCH'] as const).map((m) => [
          m,
          {
            permission: 'batch',
            batch: true,
            handle: (ctx: RequestContext) =>
              ok(
                runBatch(shop, ctx.body, {
                  create: (item) => order(ctx, createOrder(shop, item, true)),
                  update: (item) => order(ctx, updateOrder(shop, Number(item.id), item, true)),
                  remove: (id) => order(ctx, deleteOrder(shop, id, true)),
                }),
              ),
          },
        ]),
      ),
    },
    {
      template: '/orders/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('order'),
          handle: (ctx) => ok(order(ctx, getOrder(shop, num(ctx)))),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              exists: exists('order'),
              handle: (ctx: RequestContext) =>
                ok(order(ctx, updateOrder(shop, num(ctx), ctx.body, false))),
            },
          ]),
        ),
        DELETE: {
          permission: 'delete',
          exists: exists('order'),
          handle: (ctx) => ok(order(ctx, deleteOrder(shop, num(ctx), isForced(ctx.query)))),
        },
      },
    },
    // ---- order notes (not paginated) ----
    {
      template: '/orders/{order_id}/notes',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) =>
            ok(
              listNotes(shop, num(ctx, 'order_id'), ctx.query.type).map((n) =>
                noteJson(n, ctx.baseUrl),
              ),
            ),
        },
        POST: {
          permission: 'create',
          handle: (ctx) =>
            created(
              noteJson(createNoteFromRequest(shop, num(ctx, 'order_id'), ctx.body), ctx.baseUrl),
            ),
        },
      },
    },
    {
      template: '/orders/{order_id}/notes/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('order', 'order_id'),
          handle: (ctx) => ok(noteJson(getNote(shop, num(ctx, 'order_id'), num(ctx)), ctx.baseUrl)),
        },
        DELETE: {
          permission: 'delete',
          exists: exists('order', 'order_id'),
          handle: (ctx) =>
            ok(
              noteJson(
                deleteNote(shop, num(ctx, 'order_id'), num(ctx), isForced(ctx.query)),
                ctx.baseUrl,
              ),
            ),
        },
      },
    },
    // ---- webhooks ----
    {
      template: '/webhooks',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) => {
            // WooCommerce's default order is the creation date, newest first (ties: newest id,
            // where MySQL leaves them undefined)
            const all = shop.store
              .all('webhook')
              .sort((a, b) => b.date_created.localeCompare(a.date_created) || b.id - a.id);
            return listed(paginate(ctx, all, parsePaging(ctx.query)), (w) =>
              webhookJson(w, ctx.baseUrl),
            );
          },
        },
        POST: {
          permission: 'create',
          handle: (ctx) => {
            const hook = createWebhook(shop, ctx.body);
            webhooks.ping(hook);
            return created(webhookJson(hook, ctx.baseUrl));
          },
        },
      },
    },
    {
      template: '/webhooks/{id}',
      methods: {
        GET: {
          permission: 'view',
          exists: exists('webhook'),
          handle: (ctx) => ok(webhookJson(getWebhook(shop, num(ctx)), ctx.baseUrl)),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              exists: exists('webhook'),
              handle: (ctx: RequestContext) =>
                ok(webhookJson(updateWebhook(shop, num(ctx), ctx.body), ctx.baseUrl)),
            },
          ]),
        ),
        DELETE: {
          permission: 'delete',
          exists: exists('webhook'),
          handle: (ctx) =>
            ok(webhookJson(deleteWebhook(shop, num(ctx), isForced(ctx.query)), ctx.baseUrl)),
        },
      },
    },
    // ---- preflight checks ----
    {
      template: '/settings/{group}',
      methods: {
        GET: {
          permission: 'list',
          handle: (ctx) => ok(listSettings(shop, ctx.params.group, ctx.baseUrl)),
        },
      },
    },
    {
      template: '/settings/{group}/{setting}',
      methods: {
        GET: {
          permission: 'view',
          handle: (ctx) => ok(getSetting(shop, ctx.params.group, ctx.params.setting, ctx.baseUrl)),
        },
        ...Object.fromEntries(
          (['POST', 'PUT', 'PATCH'] as const).map((m) => [
            m,
            {
              permission: 'edit',
              handle: (ctx: RequestContext) =>
                ok(
                  updateSetting(shop, ctx.params.group, ctx.params.setting, ctx.body, ctx.baseUrl),
                ),
            },
          ]),
        ),
      },
    },
    {
      template: '/reports/orders/totals',
      methods: { GET: { permission: 'list', handle: () => ok(orderTotalsReport(shop)) } },
    },
  ];
}
