import type { WorkerRole } from '../../shared/config';

/*
 * The shared test server refuses a second worker on a task queue this process already polls. A
 * suite that left its connector's workers running (a clean-up that never ran, or a start that
 * finished after its hook timed out) would make every later suite fail to start. Leftovers are
 * stopped when the next connector starts, and the run fails once, at its end, naming the file.
 */

interface Stoppable {
  stop(): Promise<void>;
}

const live = new Map<Stoppable, { roles: readonly WorkerRole[]; startedBy: string }>();
const leftRunningBy: string[] = [];

/** A connector whose workers of `roles` now poll the shared server. */
export function rememberLiveConnector(connector: Stoppable, roles: readonly WorkerRole[]): void {
  live.set(connector, { roles, startedBy: testFileOfCaller() });
}

/** Its stop() began: no longer a leftover. */
export function forgetLiveConnector(connector: Stoppable): void {
  live.delete(connector);
}

/** Before workers of `roles` start: stops the live connectors that poll any of their queues. */
export async function stopLeftoversOverlapping(roles: readonly WorkerRole[]): Promise<void> {
  for (const [connector, { roles: theirs, startedBy }] of [...live]) {
    if (!theirs.some((role) => roles.includes(role))) continue;
    leftRunningBy.push(startedBy);
    await connector.stop().catch(() => undefined);
  }
}

/** After the last test: stops what still runs, and throws if a test file left a connector running. */
export async function stopConnectorsLeftRunning(): Promise<void> {
  for (const [connector, { startedBy }] of [...live]) {
    leftRunningBy.push(startedBy);
    await connector.stop().catch(() => undefined);
  }
  const files = [...new Set(leftRunningBy.splice(0))];
  if (files.length > 0) {
    throw new Error(
      `test files left the connector's workers running on the shared Temporal server ` +
        `(their stop() never ran or did not finish): ${files.join(', ')}`,
    );
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
