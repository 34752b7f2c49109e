import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig, type Config } from '../../shared/config';
import { createWooClient, type WooClient } from '../../activities/woo';
import { generateDemoCompany } from '../../sandbox/sage/generator';
import { prefillProductsOf } from '../../sandbox/prefill-from-sage';
import type { Article } from '../../shared/sage/types';
import { buildActivityDeps } from '../../workers/deps';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers';
import { demoConfigInput, readSageArticles } from '../helpers/connector';
import { afterAllTests } from '../helpers/root-hooks';
import { testTemporal, type TestTemporal } from '../helpers/temporal';
import { realShop, realShopMissing, realShopRequired, type RealShop } from '../helpers/real-shop';
import { createShopProducts } from './agency';
import { startCountingProxy, type CountingProxy } from './counting-proxy';

/**
 * The connector on real parts against a real WooCommerce store: the `small` demo company in a
 * temporary SQLite file, the store of scripts/real-shop.sh (fresh for the run) behind a
 * counting proxy, the shared test Temporal dev server and in-process workers.
 */
export interface RealShopConnector {
  shop: RealShop;
  proxy: CountingProxy;
  config: Config;
  /** The configuration as a file would hold it (for worker processes). */
  configInput: Record<string, unknown>;
  temporal: TestTemporal;
  sagePath: string;
  articles: Article[];
  /** A client straight to the store (not counted): what the shop's agency or admin does. */
  admin: WooClient;
  workers(): RunningWorkers | undefined;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
}

let missingChecked: Promise<string | undefined> | undefined;

/**
 * Skips the calling suite when the real store cannot run here (and says why), unless
 * `SWS_REAL_SHOP=required` (CI), where a missing prerequisite fails the run.
 */
export async function skipWithoutRealShop(ctx: Mocha.Context): Promise<void> {
  missingChecked ??= realShopMissing();
  const why = await missingChecked;
  if (!why) return;
  if (realShopRequired()) throw new Error(`SWS_REAL_SHOP=required but ${why}`);
  console.log(
    `      real-store suite skipped: ${why} (SWS_REAL_SHOP=required makes this a failure)`,
  );
  ctx.skip();
}

let shared: Promise<RealShopConnector> | undefined;
let cleanup: (() => Promise<void>) | undefined;

export function realShopConnector(): Promise<RealShopConnector> {
  if (!shared) {
    shared = start();
    afterAllTests(stopRealShopConnector);
  }
  return shared;
}

export async function stopRealShopConnector(): Promise<void> {
  if (!shared) return;
  await shared.catch(() => undefined);
  shared = undefined;
  await cleanup?.();
}

async function start(): Promise<RealShopConnector> {
  const dir = mkdtempSync(join(tmpdir(), 'sws-real-shop-'));
  const sagePath = join(dir, 'sage.sqlite');
  generateDemoCompany({ path: sagePath, size: 'small', seed: 7 });
  const [shop, temporal] = await Promise.all([realShop(), testTemporal()]);
  const proxy = await startCountingProxy(shop.restUrl);
  const configInput = {
    ...demoConfigInput(dir, 'small', temporal.server),
    woo: {
      kind: 'remote',
      url: proxy.url,
      consumerKey: shop.consumerKey,
      consumerSecret: shop.consumerSecret,
      webhookSecret: 'real-shop-webhook-secret-0123456789',
      media: { username: shop.adminUser, applicationPassword: shop.applicationPassword },
    },
    customers: { newAccountEmail: 'hold-creates' },
    // The chain is watched every second here (5 minutes in production) to keep the run short.
    // No change feed runs here: the orders keep their own polling.
    orders: {
      chainPolling: { initial: '1s', max: '4s', factor: 2 },
      changeFeed: { enabled: false },
      activityTimeout: '60s',
    },
    log: { level: 'warn' },
  };
  const config = parseConfig(configInput);
  const admin = createWooClient({ ...config.woo, url: shop.restUrl });
  const logger = pino({ level: 'warn' });
  const deps = buildActivityDeps(config, logger);
  let workers: RunningWorkers | undefined;
  const articles = await readSageArticles(config);
  const connector: RealShopConnector = {
    shop,
    proxy,
    config,
    configInput,
    temporal,
    sagePath,
    articles,
    admin,
    workers: () => workers,
    async startWorkers() {
      if (workers) return;
      workers = await startWorkers({
        connection: temporal.nativeConnection,
        namespace: temporal.server.namespace,
        roles: ['workflows', 'sage', 'woo'],
        deps: deps.deps,
        logger,
      });
    },
    async stopWorkers() {
      const running = workers;
      workers = undefined;
      await running?.shutdown();
    },
  };
  await connector.startWorkers();
  cleanup = async () => {
    await connector.stopWorkers();
    await deps.close();
    admin.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return connector;
}

export interface AgencyCatalog {
  /** Store ids by SKU of what the agency created. */
  ids: Map<string, number>;
  /** A simple product the agency did not create (update mode reports it, never creates it). */
  absentSku: string;
}

let agency: Promise<AgencyCatalog> | undefined;

/** The shop's catalog as its agency made it, created once per run (about 300 SKUs). */
export function agencyCatalog(connector: RealShopConnector): Promise<AgencyCatalog> {
  agency ??= (async () => {
    const products = prefillProductsOf(connector.articles, connector.config.catalog);
    const absentSku = products.find((p) => p.type === 'simple')!.sku;
    const ids = await createShopProducts(
      connector.admin,
      products.filter((p) => p.sku !== absentSku),
    );
    return { ids, absentSku };
  })();
  return agency;
}
