import type { WorkerRole } from '../../shared/config';

/*
 * The shared test server refuses a second worker on a task queue this process already polls. A
 * suite that left its connector's workers running (a clean-up that never ran, a stop still under
 * way after its hook timed out, a start that finished after its hook gave up) would make every
 * later suite fail to start. The next start waits for stops under way and stops leftovers; a
 * run with leftovers fails once, at its end, naming the file.
 */

interface Stoppable {
  stop(): Promise<void>;
}

interface Live {
  roles: readonly WorkerRole[];
  startedBy: string;
  /** Its stop() under way. */
  stopping?: Promise<void>;
}

const live = new Map<Stoppable, Live>();
const leftRunningBy: string[] = [];

/** A connector whose workers of `roles` now poll the shared server. */
export function rememberLiveConnector(connector: Stoppable, roles: readonly WorkerRole[]): void {
  live.set(connector, { roles, startedBy: testFileOfCaller() });
}

/** Runs a connector's stop once; the connector stays known until its stop has ended. */
export function stopLiveConnector(connector: Stoppable, stop: () => Promise<void>): Promise<void> {
  const entry = live.get(connector);
  if (!entry) return stop();
  entry.stopping ??= stop().finally(() => live.delete(connector));
  return entry.stopping;
}

/**
 * Before workers of `roles` start: waits for the stops under way and stops the connectors left
 * running, of those that poll any of the same queues.
 */
export function stopLeftoversOverlapping(roles: readonly WorkerRole[]): Promise<void> {
  return stopLive((entry) => entry.roles.some((role) => roles.includes(role)));
}

/** After the last test: stops what still runs, and throws if a test file left a connector running. */
export async function stopConnectorsLeftRunning(): Promise<void> {
  await stopLive(() => true);
  const files = [...new Set(leftRunningBy.splice(0))];
  if (files.length > 0) {
    throw new Error(
      `test files left the connector's workers running on the shared Temporal server ` +
        `(their stop() never ran): ${files.join(', ')}`,
    );
  }
}

/** Stops the live connectors `which` picks (waits for those already stopping), noting leftovers. */
async function stopLive(which: (entry: Live) => boolean): Promise<void> {
  for (const [connector, entry] of [...live]) {
    if (!which(entry)) continue;
    if (!entry.stopping) leftRunningBy.push(entry.startedBy);
    await connector.stop().catch(() => undefined);
  }
}

/** The test file in the caller's (async) stack, else the first project file outside the helpers. */
function testFileOfCaller(): string {
  const files = (new Error().stack ?? '')
    .split('\n')
    .map((frame) => frame.match(/((?:test|bench)\/[^:)]+)/)?.[1])
    .filter((file): file is string => file !== undefined && !file.startsWith('test/helpers/'));
  return files.find((file) => file.endsWith('.test.ts')) ?? files[0] ?? 'an unknown file';
}
