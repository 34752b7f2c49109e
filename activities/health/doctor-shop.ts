import { z } from 'zod';
import type { Config } from '../../shared/config';
import { errorMessage as message, type DoctorCheck } from '../../shared/health/doctor';
import { WEBHOOK_TOPICS, webhookNameOf } from '../../shared/woo/webhook-topics';
import { collectItems, type WooClient } from '../woo';
import { checkShopOrderStatuses } from '../orders/shop-statuses';

/**
 * The doctor's shop checks (the CLI's `doctor` and the `doctorShop` activity of the doctor
 * workflow): reachable with an administrator's key that sees meta, the shop plugin, the mapped
 * order statuses, the connector's webhooks (re-enabled with `fix`), the "new account" e-mail.
 * Never throws: a failing call fails its check, with the fix in its detail.
 */
export async function shopDoctorChecks(
  config: Config,
  woo: WooClient,
  fix: boolean,
): Promise<DoctorCheck[]> {
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
  out.push(await newAccountEmailCheck(config, woo));
  return out;
}

/** The "new account" e-mail, before customers are created in bulk. */
async function newAccountEmailCheck(config: Config, woo: WooClient): Promise<DoctorCheck> {
  const check = 'new account e-mail';
  try {
    const { data } = await woo.http.request({
      method: 'GET',
      path: '/settings/email_customer_new_account/enabled',
      schema: z.object({ value: z.unknown() }),
      idempotent: true,
    });
    const policy = config.customers.newAccountEmail;
    if (data.value === 'no') return { level: 'ok', check, detail: 'off' };
    if (policy === 'disable-setting') {
      return {
        level: 'ok',
        check,
        detail: 'on; the customer sync turns it off before creating (customers.newAccountEmail)',
      };
    }
    if (policy === 'allow') {
      return {
        level: 'warn',
        check,
        detail: 'on: every customer created gets a mail (customers.newAccountEmail is "allow")',
      };
    }
    return {
      level: 'FAIL',
      check,
      detail:
        'on: the customer sync holds back every creation; turn it off (WooCommerce → Settings → Emails → New account) or set customers.newAccountEmail to "disable-setting"',
    };
  } catch (err) {
    return { level: 'warn', check, detail: `unreadable: ${message(err)}` };
  }
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
        (w.name === webhookNameOf(topic) ||
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
