import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../shared/config';
import { SEARCH_ATTRIBUTES } from '../shared/search-attributes';
import { collectItems, type WooClient } from '../activities/woo';
import { checkShopOrderStatuses } from '../activities/orders/shop-statuses';
import { checkSageSchema } from '../activities/sage/schema-check';
import { columnWidths } from '../activities/sage/column-widths';
import type { SageDb } from '../activities/sage/db';
import { CUSTOMER_UPDATED_TOPIC } from './webhooks/customer-updated';
import { ORDER_TOPICS } from './webhooks/orders';
import { buildActivityDeps } from './deps';
import { connectClient, targetOf } from './temporal-connection';

/**
 * `npm run cli -- doctor`: everything the connector needs from the shop, Sage and Temporal,
 * checked from the configuration, one line per check with the fix of each failure. Nothing is
 * changed, except with `fix`: the connector's webhooks the shop disabled (or paused) are
 * re-enabled, like `npm start` does.
 */

export type DoctorLevel = 'ok' | 'FAIL' | 'warn';

export interface DoctorCheck {
  level: DoctorLevel;
  check: string;
  detail: string;
}

export interface DoctorOptions {
  /** Re-enable the connector's webhooks the shop disabled or paused. */
  fix?: boolean;
  logger?: Logger;
  /** A connected client (tests); else one is connected from `config.temporal` and closed. */
  client?: Client;
  /** How long connecting to Temporal may take; default 10 s. */
  connectTimeoutMs?: number;
}

/** Topics the connector registers a webhook for (workers/webhooks/topics.ts). */
export const WEBHOOK_TOPICS = [CUSTOMER_UPDATED_TOPIC, ...ORDER_TOPICS] as const;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function shopChecks(config: Config, woo: WooClient, fix: boolean): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  const keyFix =
    'check woo.url, woo.consumerKey/consumerSecret (a read/write key of an administrator: WooCommerce → Settings → Advanced → REST API)';

  // Shop reachable, with a key that sees meta.
  try {
    const [products, customers] = await Promise.all([
      woo.products.list({ per_page: 1 }),
      woo.customers.list({ per_page: 1 }),
    ]);
    const product = products.items[0];
    const customer = customers.items[0];
    if (customer !== undefined && customer.meta_data === undefined) {
      out.push({
        level: 'FAIL',
        check: 'shop',
        detail: `the key does not see customer meta (customer ${customer.id}): use a key of an administrator user`,
      });
    } else if (product === undefined && customer === undefined) {
      out.push({
        level: 'warn',
        check: 'shop',
        detail: `${config.woo.url} reachable; no product or customer yet to check the key sees meta`,
      });
    } else {
      const seen = product ? `product ${product.id}` : `customer ${customer?.id}`;
      out.push({
        level: 'ok',
        check: 'shop',
        detail: `${config.woo.url} reachable, the key reads meta (${seen})`,
      });
    }
  } catch (err) {
    out.push({ level: 'FAIL', check: 'shop', detail: `${message(err)}: ${keyFix}` });
    return out;
  }

  // The shop plugin.
  try {
    const plugin = await woo.plugin.status();
    out.push(
      plugin
        ? {
            level: 'ok',
            check: 'shop plugin',
            detail: `version ${plugin.plugin}, contract ${plugin.contract}, features ${plugin.features.join(', ') || '(none)'}`,
          }
        : {
            level: 'warn',
            check: 'shop plugin',
            detail:
              config.woo.plugin === 'off'
                ? 'not used (woo.plugin is "off")'
                : 'not installed: install and activate shop-plugin/sage-woo-sync (custom order statuses, prices, invoices, bulk updates need it)',
          },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'shop plugin', detail: `status unreadable: ${message(err)}` });
  }

  // The order statuses the connector maps.
  try {
    const statuses = await checkShopOrderStatuses(woo, config.orders);
    out.push(
      statuses.missing.length === 0
        ? { level: 'ok', check: 'order statuses', detail: 'every mapped status is registered' }
        : {
            level: 'FAIL',
            check: 'order statuses',
            detail: `the shop lacks ${statuses.missing.join(', ')}: activate the shop plugin (it registers the custom statuses), or map existing ones in orders.statuses`,
          },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'order statuses', detail: message(err) });
  }

  out.push(...(await webhookChecks(config, woo, fix)));

  // The "new account" e-mail, before customers are created in bulk.
  try {
    const { data } = await woo.http.request({
      method: 'GET',
      path: '/settings/email_customer_new_account/enabled',
      schema: z.object({ value: z.unknown() }),
      idempotent: true,
    });
    const policy = config.customers.newAccountEmail;
    if (data.value === 'no') {
      out.push({ level: 'ok', check: 'new account e-mail', detail: 'off' });
    } else if (policy === 'disable-setting') {
      out.push({
        level: 'ok',
        check: 'new account e-mail',
        detail: 'on; the customer sync turns it off before creating (customers.newAccountEmail)',
      });
    } else if (policy === 'allow') {
      out.push({
        level: 'warn',
        check: 'new account e-mail',
        detail: 'on: every customer created gets a mail (customers.newAccountEmail is "allow")',
      });
    } else {
      out.push({
        level: 'FAIL',
        check: 'new account e-mail',
        detail:
          'on: the customer sync holds back every creation; turn it off (WooCommerce → Settings → Emails → New account) or set customers.newAccountEmail to "disable-setting"',
      });
    }
  } catch (err) {
    out.push({ level: 'warn', check: 'new account e-mail', detail: `unreadable: ${message(err)}` });
  }
  return out;
}

async function webhookChecks(config: Config, woo: WooClient, fix: boolean): Promise<DoctorCheck[]> {
  if (!config.webhooks.enabled) {
    return [
      {
        level: 'warn',
        check: 'webhooks',
        detail:
          'off (webhooks.enabled is false): only the scheduled polling sees new orders and edits',
      },
    ];
  }
  let all;
  try {
    all = await collectItems(woo.webhooks.listAll());
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'webhooks',
        detail: `${message(err)}: the key needs read/write permissions`,
      },
    ];
  }
  const publicUrl = config.webhooks.publicUrl;
  const create = config.webhooks.register
    ? 'start the connector (npm start, or npm run worker with the workflows role): it registers it'
    : `create it (WooCommerce → Settings → Advanced → Webhooks, API v3) delivering to ${publicUrl ?? 'the webhook server'} with woo.webhookSecret`;
  const out: DoctorCheck[] = [];
  for (const topic of WEBHOOK_TOPICS) {
    const check = `webhook ${topic}`;
    const ours = all.filter(
      (w) =>
        w.topic === topic &&
        (w.name === `sage-woo-sync ${topic}` ||
          (publicUrl !== undefined && w.delivery_url === publicUrl)),
    );
    const active = ours.find((w) => w.status === 'active');
    if (active) {
      const elsewhere = publicUrl !== undefined && active.delivery_url !== publicUrl;
      out.push({
        level: elsewhere ? 'warn' : 'ok',
        check,
        detail: elsewhere
          ? `active but delivers to ${active.delivery_url}, not webhooks.publicUrl ${publicUrl}: restart the connector to update it`
          : `active (#${active.id}) → ${active.delivery_url}; deliveries: WooCommerce → Status → Logs (webhooks-delivery)`,
      });
      continue;
    }
    const stopped = ours[0];
    if (!stopped) {
      out.push({ level: 'FAIL', check, detail: `missing: ${create}` });
      continue;
    }
    if (!fix) {
      out.push({
        level: 'FAIL',
        check,
        detail: `${stopped.status} (#${stopped.id}, the shop stops a webhook after repeated failed deliveries): re-enable it with \`npm run cli -- doctor --fix\` or by restarting the connector`,
      });
      continue;
    }
    try {
      await woo.webhooks.update(stopped.id, { status: 'active' });
      out.push({
        level: 'warn',
        check,
        detail: `was ${stopped.status}, re-enabled (#${stopped.id}, --fix): check the webhook server is reachable at ${stopped.delivery_url}`,
      });
    } catch (err) {
      out.push({
        level: 'FAIL',
        check,
        detail: `${stopped.status} (#${stopped.id}), re-enabling failed: ${message(err)}`,
      });
    }
  }
  return out;
}

async function sageChecks(config: Config, db: SageDb): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  const { sage, orders, stock } = config;
  let schema;
  try {
    schema = await checkSageSchema(db, sage.freeFields, [
      orders.sageFields.shop,
      orders.sageFields.priceFlag,
    ]);
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'sage',
        detail: `${message(err)}: check sage.kind and its connection (sage.sqlServer / sage.embedded.path)`,
      },
    ];
  }
  out.push({ level: 'ok', check: 'sage', detail: `${sage.kind} company reachable` });
  if (schema.ok) {
    out.push({
      level: 'ok',
      check: 'sage columns',
      detail: 'every table and column read, free fields included',
    });
  } else {
    out.push({
      level: 'FAIL',
      check: 'sage columns',
      detail: `missing ${[...schema.missingTables, ...schema.missingColumns].join(', ')}: create them (free fields in Sage's "informations libres"), or name existing ones in sage.freeFields / orders.sageFields ('' turns an order field off)`,
    });
  }

  try {
    const rows = await db.selectFrom('F_DEPOT').select(['DE_No']).execute();
    const known = new Set(rows.map((r) => Number(r.DE_No)));
    const named = [
      ...stock.groups.flatMap((g) => g.members),
      ...stock.excluded,
      ...Object.keys(stock.codes).map(Number),
    ];
    const unknown = [...new Set(named.filter((n) => !known.has(n)))];
    out.push(
      known.size === 0
        ? { level: 'FAIL', check: 'sage depots', detail: 'no depot in the company (F_DEPOT)' }
        : unknown.length > 0
          ? {
              level: 'FAIL',
              check: 'sage depots',
              detail: `depot(s) ${unknown.join(', ')} named in stock.groups / stock.excluded / stock.codes do not exist: fix the configuration`,
            }
          : {
              level: 'ok',
              check: 'sage depots',
              detail: `${known.size} depot(s), every configured one known`,
            },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'sage depots', detail: message(err) });
  }

  try {
    const widths = await columnWidths(db);
    const sources = [...widths.sources.values()];
    const fromModel = sources.filter((s) => s === 'model').length;
    out.push(
      fromModel === 0
        ? {
            level: 'ok',
            check: 'sage column widths',
            detail: `${sources.length} text column(s) read`,
          }
        : {
            level: 'warn',
            check: 'sage column widths',
            detail: `${fromModel} of ${sources.length} width(s) from the model, not the database (an old embedded company file: delete it to regenerate)`,
          },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'sage column widths', detail: message(err) });
  }
  return out;
}

const INDEXED = temporal.api.enums.v1.IndexedValueType;

async function temporalChecks(config: Config, options: DoctorOptions): Promise<DoctorCheck[]> {
  const target = targetOf(config.temporal);
  let client = options.client;
  try {
    client ??= await withTimeout(
      connectClient(target),
      options.connectTimeoutMs ?? 10_000,
      `connecting to ${target.address}`,
    );
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'temporal',
        detail: `${message(err)}: start it (npm start runs the embedded one) or set temporal.address / apiKey / tls`,
      },
    ];
  }
  const out: DoctorCheck[] = [];
  try {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
      namespace: target.namespace,
    });
    out.push({
      level: 'ok',
      check: 'temporal',
      detail: `${target.address}, namespace ${target.namespace}`,
    });
    const problems: string[] = [];
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      const found = customAttributes?.[name];
      const wanted = INDEXED[`INDEXED_VALUE_TYPE_${type.toUpperCase()}` as keyof typeof INDEXED];
      if (found === undefined || found === null) problems.push(`${name} (${type}) missing`);
      else if (found !== wanted) problems.push(`${name} is ${INDEXED[found]}, not ${type}`);
    }
    out.push(
      problems.length === 0
        ? {
            level: 'ok',
            check: 'search attributes',
            detail: `${Object.keys(SEARCH_ATTRIBUTES).length} registered`,
          }
        : {
            level: 'FAIL',
            check: 'search attributes',
            detail: `${problems.join(', ')}: temporal operator search-attribute create --namespace ${target.namespace} --name NAME --type TYPE (README, "Search attributes on a Temporal cluster")`,
          },
    );
  } catch (err) {
    out.push({
      level: 'FAIL',
      check: 'temporal',
      detail: `${target.address}, namespace ${target.namespace}: ${message(err)}`,
    });
  } finally {
    if (!options.client) await client.connection.close();
  }
  return out;
}

/** Runs every check; never throws for a failing system (its check fails). */
export async function runDoctor(
  config: Config,
  options: DoctorOptions = {},
): Promise<DoctorCheck[]> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const { deps, close } = buildActivityDeps(config, logger);
  const checks: DoctorCheck[] = [];
  try {
    if (!config.woo.url || !config.woo.consumerKey || !config.woo.consumerSecret) {
      checks.push({
        level: 'warn',
        check: 'shop',
        detail: 'the embedded sandbox shop runs inside `npm start` only: nothing to check here',
      });
    } else {
      checks.push(...(await shopChecks(config, await deps.woo(), options.fix === true)));
    }
    let db;
    try {
      db = await deps.sageDb();
    } catch (err) {
      checks.push({ level: 'FAIL', check: 'sage', detail: message(err) });
    }
    if (db) checks.push(...(await sageChecks(config, db)));
    checks.push(...(await temporalChecks(config, options)));
  } finally {
    await close();
  }
  return checks;
}

/** One line per check; exit code 1 when any check failed (warnings allowed). */
export function formatDoctor(checks: readonly DoctorCheck[]): { text: string; exitCode: number } {
  const width = Math.max(...checks.map((c) => c.check.length));
  const text = checks
    .map((c) => `${c.level.padEnd(4)}  ${c.check.padEnd(width)}  ${c.detail}\n`)
    .join('');
  return { text, exitCode: checks.some((c) => c.level === 'FAIL') ? 1 : 0 };
}
