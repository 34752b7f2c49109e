import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '../../scripts/real-shop.sh');

/** What `scripts/real-shop.sh start|reset` prints. */
export interface RealShopFacts {
  /** The store's own URL (https, as WordPress knows itself). */
  url: string;
  /** Where to reach it over plain HTTP (the router marks requests as HTTPS). */
  restUrl: string;
  consumerKey: string;
  consumerSecret: string;
  adminUser: string;
  adminPassword: string;
  applicationPassword: string;
  dir: string;
  database: string;
  woocommerce: string;
  hpos: boolean;
}

export interface RealShop extends RealShopFacts {
  /** Seconds `reset` took, from nothing to a store answering. */
  standUpSeconds: number;
  stop(): Promise<void>;
}

/** `SWS_REAL_SHOP=required` (CI) turns a missing prerequisite into a failure. */
export const realShopRequired = (): boolean => process.env.SWS_REAL_SHOP === 'required';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Environment of the test store: its own folder, database and port, apart from a developer's
 * store and from another test process's.
 */
let testEnv: NodeJS.ProcessEnv | undefined;
async function storeEnv(): Promise<NodeJS.ProcessEnv> {
  testEnv ??= {
    ...process.env,
    SWS_REAL_SHOP_DIR:
      process.env.SWS_REAL_SHOP_DIR ?? join(tmpdir(), `sws-real-shop-test-${process.pid}`),
    SWS_REAL_SHOP_DB_NAME: process.env.SWS_REAL_SHOP_DB_NAME ?? `sws_real_shop_test_${process.pid}`,
    SWS_REAL_SHOP_PORT: process.env.SWS_REAL_SHOP_PORT ?? String(await freePort()),
  };
  return testEnv;
}

/** Why the real store cannot run here (PHP, archives, database missing), or undefined. */
export async function realShopMissing(): Promise<string | undefined> {
  try {
    await run('bash', [SCRIPT, 'check'], { env: await storeEnv() });
    return undefined;
  } catch (err) {
    const out = (err as { stdout?: string }).stdout?.trim();
    return out || (err instanceof Error ? err.message : String(err));
  }
}

let shared: Promise<RealShop> | undefined;

/**
 * One fresh store for the whole test run (`reset`: wiped and installed again, about 10 s),
 * stopped by the root hook after the last test.
 */
export function realShop(): Promise<RealShop> {
  shared ??= (async () => {
    const env = await storeEnv();
    const t0 = Date.now();
    const { stdout } = await run('bash', [SCRIPT, 'reset'], {
      env,
      maxBuffer: 1 << 20,
      timeout: 180_000,
    });
    const facts = JSON.parse(stdout) as RealShopFacts;
    return {
      ...facts,
      standUpSeconds: (Date.now() - t0) / 1000,
      async stop() {
        // Kept with SWS_REAL_SHOP_KEEP=1, to look at the store after a failure.
        const command = process.env.SWS_REAL_SHOP_KEEP === '1' ? 'stop' : 'wipe';
        await run('bash', [SCRIPT, command], { env });
      },
    };
  })();
  return shared;
}

export async function stopRealShop(): Promise<void> {
  if (!shared) return;
  const shop = await shared.catch(() => undefined);
  shared = undefined;
  await shop?.stop();
}

/**
 * Runs the store's Action Scheduler queue now (webhook deliveries wait there). On a live store
 * WP-Cron runs it on a later page load, at most once a minute; tests that wait for a delivery
 * call the test environment's route instead (scripts/real-shop/mu-plugin.php).
 */
export async function runShopQueue(shop: RealShopFacts): Promise<number> {
  const response = await fetch(`${shop.restUrl}/wp-json/wc-sws-test/v1/run-queue`, {
    method: 'POST',
    headers: { authorization: wcAuth(shop) },
  });
  if (!response.ok) throw new Error(`run-queue: HTTP ${response.status}`);
  return ((await response.json()) as { ran: number }).ran;
}

/**
 * The test run's store for a suite's `before` hook: started (once per run) when it can run
 * here; otherwise the suite is skipped with the reason, or fails under `SWS_REAL_SHOP=required`.
 */
export async function realShopOrSkip(suite: Mocha.Context): Promise<RealShop> {
  const missing = await realShopMissing();
  if (missing !== undefined) {
    if (realShopRequired()) throw new Error(`real store required but ${missing}`);
    console.log(`      (real WooCommerce store unavailable: ${missing}; skipped)`);
    suite.skip();
  }
  return realShop();
}

/** Basic authorization with the store's REST API keys (WooCommerce routes). */
export function wcAuth(shop: RealShopFacts): string {
  return `Basic ${Buffer.from(`${shop.consumerKey}:${shop.consumerSecret}`).toString('base64')}`;
}

/** Basic authorization with the admin's application password (WordPress routes: settings). */
export function adminAuth(shop: RealShopFacts): string {
  return `Basic ${Buffer.from(`${shop.adminUser}:${shop.applicationPassword}`).toString('base64')}`;
}

/**
 * A JSON request to the store's REST API (`path` below `/wp-json`, e.g. `/wc/v3/products`),
 * with the REST keys unless `auth` says otherwise; an answer other than 2xx throws with its
 * body.
 */
export async function shopRest<T>(
  shop: RealShopFacts,
  method: string,
  path: string,
  body?: unknown,
  auth = wcAuth(shop),
): Promise<T> {
  const response = await fetch(`${shop.restUrl}/wp-json${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
