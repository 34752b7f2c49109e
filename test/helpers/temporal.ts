import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer, type RunningDevServer } from '../../workers/dev-server';

export interface TestTemporal {
  server: RunningDevServer;
  client: Client;
  nativeConnection: NativeConnection;
}

let shared: Promise<TestTemporal> | undefined;

/**
 * One real Temporal dev server (the `temporal` CLI, in memory, headless, free port) for the
 * whole test run, started on first use and stopped by the root hook after the last test.
 */
export function testTemporal(): Promise<TestTemporal> {
  shared ??= (async () => {
    const server = await startDevServer({
      uiPort: null,
      // Small continue-as-new suggestions make long-loop tests exercise it quickly.
      extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=200'],
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: server.namespace });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    return { server, client, nativeConnection };
  })();
  return shared;
}

export async function stopTestTemporal(): Promise<void> {
  if (!shared) return;
  const { server, client, nativeConnection } = await shared;
  shared = undefined;
  await nativeConnection.close();
  await client.connection.close();
  await server.stop();
}
