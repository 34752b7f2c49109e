import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type RealShopFacts } from '../../../helpers/real-shop';
import type { Target } from './runner';

/**
 * A real WooCommerce store (scripts/real-shop.sh) as a scenario target, and the few things the
 * scenarios need that its REST API cannot give: a second (read-only) key and the secret
 * WooCommerce generated for a webhook created without one. Both go through the store's database
 * with PHP's mysqli, as scripts/real-shop.sh does (no MySQL client needed).
 */

const run = promisify(execFile);

const SCRIPT = resolve(__dirname, '../../../../scripts/real-shop.sh');

export interface OwnStore extends RealShopFacts {
  /** stops the store and wipes it (only stops it with SWS_REAL_SHOP_KEEP=1) */
  dispose(): Promise<void>;
}

/**
 * A fresh store of its own (folder, database and port named after `label` and the process), not
 * the process's shared one: the scenarios count every product and customer of the store, so
 * nothing else may have written to it.
 */
export async function startOwnStore(label: string): Promise<OwnStore> {
  const env = {
    ...process.env,
    SWS_REAL_SHOP_DIR: join(tmpdir(), `sws-${label}-${process.pid}`),
    SWS_REAL_SHOP_DB_NAME: `sws_${label.replace(/\W/g, '_')}_${process.pid}`,
    SWS_REAL_SHOP_PORT: String(await freePort()),
  };
  const { stdout } = await run('bash', [SCRIPT, 'reset'], {
    env,
    maxBuffer: 1 << 20,
    timeout: 180_000,
  });
  const facts = JSON.parse(stdout) as RealShopFacts;
  return {
    ...facts,
    async dispose() {
      const keep = process.env.SWS_REAL_SHOP_KEEP === '1';
      await run('bash', [SCRIPT, keep ? 'stop' : 'wipe'], { env });
    },
  };
}

/** the PHP binary scripts/real-shop.sh uses: SWS_REAL_SHOP_PHP, else php8.2, else php */
const php = (): string =>
  process.env.SWS_REAL_SHOP_PHP ??
  ((process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, 'php8.2')))
    ? 'php8.2'
    : 'php');

/** Runs one SQL statement in the store's database; rows come back tab-separated. */
export async function storeSql(shop: RealShopFacts, sql: string): Promise<string[][]> {
  const code = `
    mysqli_report(MYSQLI_REPORT_OFF);
    $db = @new mysqli(getenv("H"), getenv("U"), getenv("P"), getenv("D"), (int) getenv("N"));
    if ($db->connect_errno) { fwrite(STDERR, $db->connect_error . "\\n"); exit(4); }
    $r = $db->query(getenv("Q"));
    if ($r === false) { fwrite(STDERR, $db->error . "\\n"); exit(5); }
    if ($r instanceof mysqli_result) { while ($row = $r->fetch_row()) echo implode("\\t", $row), "\\n"; }`;
  const { stdout } = await run(php(), ['-r', code], {
    env: {
      ...process.env,
      H: process.env.SWS_REAL_SHOP_DB_HOST ?? '127.0.0.1',
      N: process.env.SWS_REAL_SHOP_DB_PORT ?? '3306',
      U: process.env.SWS_REAL_SHOP_DB_USER ?? 'root',
      P: process.env.SWS_REAL_SHOP_DB_PASSWORD ?? '',
      D: shop.database,
      Q: sql,
    },
  });
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Adds a read-only REST key for the administrator, as WooCommerce stores one (the consumer key
 * as HMAC-SHA256 of itself with the key 'wc-api', the secret in clear).
 */
export async function createReadOnlyKey(
  shop: RealShopFacts,
): Promise<{ consumerKey: string; consumerSecret: string }> {
  const consumerKey = `ck_${randomBytes(20).toString('hex')}`;
  const consumerSecret = `cs_${randomBytes(20).toString('hex')}`;
  const hash = createHmac('sha256', 'wc-api').update(consumerKey).digest('hex');
  await storeSql(
    shop,
    `INSERT INTO wp_woocommerce_api_keys
       (user_id, description, permissions, consumer_key, consumer_secret, truncated_key)
     VALUES (1, 'sws conformance read-only', 'read', ${quote(hash)}, ${quote(consumerSecret)},
       ${quote(consumerKey.slice(-7))})`,
  );
  return { consumerKey, consumerSecret };
}

/** The secret of a webhook (WooCommerce never returns it over REST). */
export async function webhookSecret(shop: RealShopFacts, id: number): Promise<string> {
  const rows = await storeSql(
    shop,
    `SELECT secret FROM wp_wc_webhooks WHERE webhook_id = ${Math.trunc(id)}`,
  );
  return rows[0]?.[0] ?? '';
}

export function realStoreTarget(
  shop: RealShopFacts,
  readOnly: { consumerKey: string; consumerSecret: string },
  receiverUrl: string,
): Target {
  const rest = new URL(shop.restUrl);
  return {
    name: 'real store',
    port: Number(rest.port),
    host: rest.host,
    receiverUrl,
    credentials: {
      consumerKey: shop.consumerKey,
      consumerSecret: shop.consumerSecret,
      readOnlyKey: readOnly.consumerKey,
      readOnlySecret: readOnly.consumerSecret,
      appUser: shop.adminUser,
      appPassword: shop.applicationPassword,
    },
  };
}

/**
 * Aligns the fresh store's configuration with the recording store's where the installer made
 * another choice: the "new account" e-mail enabled (WooCommerce's default; the installer turns
 * it off), and the shop plugin's guest prices set to WooCommerce's regular price, so webhook
 * payloads built outside a REST request (Action Scheduler's asynchronous runner goes through
 * admin-ajax.php, which the plugin treats as the storefront) show WooCommerce's own prices.
 */
export async function alignStoreSettings(shop: RealShopFacts): Promise<void> {
  await storeSql(
    shop,
    `INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('sws_guest_prices', 'regular', 'on')
     ON DUPLICATE KEY UPDATE option_value = 'regular'`,
  );
  const rest = new URL(shop.restUrl);
  const auth = Buffer.from(`${shop.consumerKey}:${shop.consumerSecret}`).toString('base64');
  const res = await fetch(
    `${rest.origin}/wp-json/wc/v3/settings/email_customer_new_account/enabled`,
    {
      method: 'PUT',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'yes' }),
    },
  );
  if (!res.ok) throw new Error(`enabling the new-account e-mail: HTTP ${res.status}`);
}

/** Recorded steps the test store cannot replay, with the reason (kept few). */
export const REAL_STORE_SKIPPED: Record<string, string> = {
  '20f-auth-plain-http-basic.json':
    'plain-HTTP transport: the test store marks every request as HTTPS (its router), so a plain-HTTP request cannot be made',
  '20g-auth-plain-http-query-keys.json':
    'plain-HTTP transport: the test store marks every request as HTTPS (its router)',
  '20h-auth-plain-http-oauth1-signed.json':
    'plain-HTTP transport: WooCommerce only checks OAuth 1.0a signatures on plain HTTP, and the test store is HTTPS to WordPress',
  '20i-auth-plain-http-oauth1-bad-signature.json':
    'plain-HTTP transport: WooCommerce only checks OAuth 1.0a signatures on plain HTTP, and the test store is HTTPS to WordPress',
};
