import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../shared/config';
import { resolveSandboxWooConfig } from '../shared/config/woo';
import { startDevServer } from './dev-server';
import { startEmbeddedShop } from './embedded-shop';
import { ensureEmbeddedSage } from './embedded-sage';

export interface EmbeddedParts {
  /** The configuration with what the embedded parts decided filled in (shop URL and keys). */
  config: Config;
  temporalAddress: string;
  urls: { temporalUi?: string; shop?: string; sage: string };
  stop(): Promise<void>;
}

/**
 * Starts whatever the configuration leaves to the embedded default: the Temporal dev server
 * (temporal.mode "embedded"), the Sage demo company (sage.kind "embedded") and the WooCommerce
 * sandbox (woo.kind "sandbox"). Parts configured as real systems are left alone.
 */
export async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedParts> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  try {
    let temporalAddress = config.temporal.address;
    let temporalUi = config.temporal.uiUrl;
    if (config.temporal.mode === 'embedded') {
      const { embedded } = config.temporal;
      const server = await startDevServer({
        ip: embedded.ip,
        port: embedded.port,
        uiPort: embedded.uiPort,
        dbFile: embedded.dbFile,
        namespace: config.temporal.namespace,
        logFile: join(config.dataDir, 'temporal.log'),
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
      logger.info(
        { address: server.address, ui: server.uiUrl, pid: server.pid },
        'temporal dev server started',
      );
    }

    const sage = ensureEmbeddedSage(config, logger);

    let woo = config.woo;
    let shopUrl = config.woo.kind === 'remote' ? config.woo.url : undefined;
    if (config.woo.kind === 'sandbox') {
      const shop = await startEmbeddedShop(config, logger);
      stops.push(shop.close);
      woo = resolveSandboxWooConfig(config.woo, shop);
      shopUrl = shop.url;
    }
    return {
      config: { ...config, woo },
      temporalAddress,
      urls: { temporalUi, shop: shopUrl, sage: sage.description },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
