import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from './temporal-binary';
import { SEARCH_ATTRIBUTES } from '../shared/search-attributes';
import { PortInUseError, portHolder, portIsFree } from './embedded-ports';

export interface DevServerOptions {
  ip?: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  /** Web UI port; 0 picks a free one; `null` runs headless. */
  uiPort?: number | null;
  /** SQLite file for persistent history; in memory when absent. */
  dbFile?: string;
  namespace?: string;
  extraArgs?: string[];
  startTimeoutMs?: number;
  /** File that receives the server's own output (default: discarded). */
  logFile?: string;
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/**
 * The port answers a little before the namespace is served; wait for the latter. Connecting is
 * retried too (a server still starting can refuse a moment after its port first answered);
 * `exited` says when retrying is pointless.
 */
async function waitForNamespace(
  address: string,
  namespace: string,
  deadline: number,
  exited: () => boolean,
): Promise<void> {
  for (;;) {
    try {
      const connection = await Connection.connect({ address });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (exited() || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Starts `temporal server start-dev` as a child process with the connector's search attributes
 * registered, waits until its gRPC port answers, and returns a handle that stops it.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port || (await freePort(ip));
  const uiPort = options.uiPort === null ? null : options.uiPort || (await freePort(ip));
  // The CLI would take gRPC port + 1000 for its HTTP API, which another process may hold (the
  // server then exits at once): a free one is named instead.
  const httpPort = await freePort(ip);
  const namespace = options.namespace ?? 'default';
  // A port in use would only show as a server that exits at once, or worse, as the other
  // server answering in its place: refuse before starting anything.
  for (const [what, wanted] of [
    ['gRPC', port],
    ['UI', uiPort],
  ] as const) {
    if (wanted !== null && !(await portIsFree(ip, wanted))) {
      const holder = portHolder(wanted);
      throw new PortInUseError(
        `temporal dev server: ${what} port ${wanted} on ${ip} is already in use` +
          (holder ? ` by ${holder}` : ''),
      );
    }
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(port),
    '--http-port',
    String(httpPort),
    '--namespace',
    namespace,
  ];
  args.push(...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  args.push('--log-level', 'error', ...(options.extraArgs ?? []));

  let out: number | 'ignore' = 'ignore';
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    out = openSync(options.logFile, 'a');
  }
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', out, out] });
  if (typeof out === 'number') closeSync(out);
  let exited = false;
  // Whatever way this process ends (a second Ctrl-C exits at once), the server ends with it.
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`temporal dev server exited during start (code ${child.exitCode})`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`temporal dev server did not answer on ${ip}:${port} in time`);
    }
    if (await canConnect(ip, port)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    await waitForNamespace(`${ip}:${port}`, namespace, deadline, () => exited);
  } catch (err) {
    const died = exited;
    await stop();
    if (died) throw new Error(`temporal dev server exited during start (code ${child.exitCode})`);
    throw err;
  }
  return {
    address: `${ip}:${port}`,
    namespace,
    uiUrl: uiPort === null ? undefined : `http://${ip}:${uiPort}`,
    pid: child.pid ?? -1,
    stop,
  };
}
