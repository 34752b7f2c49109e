import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig, type Config } from '../../shared/config';
import { resolveSandboxWooConfig } from '../../shared/config/woo';
import { generateDemoCompany } from '../../sandbox/sage/generator';
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../../sandbox/woo';
import type { SandboxOptions } from '../../sandbox/woo/types';
import { buildActivityDeps } from '../../workers/deps';
import { startWorkers, type RunningWorkers } from '../../workers/run-workers';
import { testTemporal, type TestTemporal } from './temporal';

export interface ConnectorUnderTest {
  config: Config;
  temporal: TestTemporal;
  shop: RunningSandbox;
  workers: RunningWorkers;
  dir: string;
  stop(): Promise<void>;
}

/**
 * The whole connector on real parts: a generated demo company in a temporary SQLite file, the
 * shop sandbox on a free loopback port, the shared test Temporal dev server, and the three
 * workers of this process. Call stop() in `after`: the task queue names are fixed, so two
 * suites must not run workers at the same time.
 */
export async function startConnectorUnderTest(
  options: {
    size?: 'tiny' | 'small' | 'medium';
    config?: Record<string, unknown>;
    /** Options of the shop sandbox (e.g. `shopPlugin: false`: a store without the plugin). */
    sandbox?: SandboxOptions;
  } = {},
): Promise<ConnectorUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'sws-test-'));
  const sagePath = join(dir, 'sage.sqlite');
  generateDemoCompany({ path: sagePath, size: options.size ?? 'tiny', seed: 7 });
  const shop = await startSandbox(options.sandbox);
  const temporal = await testTemporal();
  const base = parseConfig({
    ...options.config,
    sage: {
      kind: 'embedded',
      embedded: { path: sagePath },
      demo: { size: options.size ?? 'tiny' },
    },
    stateStore: { kind: 'sqlite', sqlite: { path: join(dir, 'state.sqlite') } },
    temporal: { mode: 'external', address: temporal.server.address },
  });
  const config: Config = {
    ...base,
    woo: resolveSandboxWooConfig(base.woo, {
      url: shop.url,
      consumerKey: DEFAULT_CONSUMER_KEY,
      consumerSecret: DEFAULT_CONSUMER_SECRET,
    }),
  };
  const logger = pino({ level: 'warn' });
  const deps = buildActivityDeps(config, logger);
  const workers = await startWorkers({
    connection: temporal.nativeConnection,
    namespace: temporal.server.namespace,
    roles: ['workflows', 'sage', 'woo'],
    deps: deps.deps,
    logger,
  });
  return {
    config,
    temporal,
    shop,
    workers,
    dir,
    async stop() {
      await workers.shutdown();
      await deps.close();
      await shop.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
