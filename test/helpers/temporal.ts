import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer, type RunningDevServer } from '../../workers/dev-server';

export interface TestTemporal {
  server: RunningDevServer;
  client: Client;
  nativeConnection: NativeConnection;
}

let runtimeInstalled = false;

/**
 * Installs this process's Temporal runtime (warnings only, no signal handlers of its own: the
 * process ends its workers itself). It can be installed once, before any worker or connection:
 * a later call, or one after the SDK made its default runtime, leaves it as it is.
 */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Already made (the SDK's default runtime): kept.
  }
}

/**
 * A Temporal dev server of its own (the `temporal` CLI, in memory, headless, free port) with a
 * client and a worker connection to it; stop() closes both and ends the server. Benchmarks use
 * one with the server's default settings; tests share testTemporal().
 */
export async function startTemporal(
  extraArgs: string[] = [],
): Promise<TestTemporal & { stop(): Promise<void> }> {
  installTestRuntime();
  const server = await startDevServer({ uiPort: null, extraArgs });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  return {
    server,
    client,
    nativeConnection,
    async stop() {
      await nativeConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}

let shared: ReturnType<typeof startTemporal> | undefined;

/**
 * One real Temporal dev server for the whole test run, started on first use and stopped by the
 * root hook after the last test.
 */
export function testTemporal(): Promise<TestTemporal> {
  // Small continue-as-new suggestions make long-loop tests exercise it quickly.
  shared ??= startTemporal([
    '--dynamic-config-value',
    'limit.historyCount.suggestContinueAsNew=200',
  ]);
  return shared;
}

export async function stopTestTemporal(): Promise<void> {
  if (!shared) return;
  const temporal = await shared;
  shared = undefined;
  await temporal.stop();
}
