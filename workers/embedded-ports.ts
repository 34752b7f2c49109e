import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Config } from '../shared/config';
import { DEFAULT_WEBHOOK_PORT } from '../shared/config/webhooks';
import { WEBHOOK_ROLE } from './webhooks/plan';

export interface WantedPort {
  /** What listens there, and the configuration key that moves it. */
  what: string;
  host: string;
  port: number;
}

/**
 * The fixed ports the main command is about to listen on: the embedded Temporal server's gRPC
 * and web UI ports, the shop sandbox's and the webhook server's. Port 0 (any free port) is left
 * out: it cannot be in use.
 */
export function portsToListenOn(config: Config): WantedPort[] {
  const ports: WantedPort[] = [];
  if (config.temporal.mode === 'embedded') {
    const { ip, port, uiPort } = config.temporal.embedded;
    ports.push({ what: 'Temporal gRPC (temporal.embedded.port)', host: ip, port });
    ports.push({ what: 'Temporal UI (temporal.embedded.uiPort)', host: ip, port: uiPort });
  }
  if (config.woo.kind === 'sandbox') {
    ports.push({
      what: 'shop sandbox (woo.sandbox.port)',
      host: '127.0.0.1',
      port: config.woo.sandbox.port,
    });
  }
  // As webhookPlan decides it, before the sandbox has given the shop its URL.
  const { webhooks } = config;
  if (webhooks.enabled && config.workers.roles.includes(WEBHOOK_ROLE)) {
    const port =
      webhooks.listen.port ?? (webhooks.publicUrl === undefined ? 0 : DEFAULT_WEBHOOK_PORT);
    ports.push({ what: 'webhooks (webhooks.listen.port)', host: webhooks.listen.host, port });
  }
  return ports.filter((p) => p.port > 0);
}

/** Whether `host:port` can be listened on now (tried, then released at once). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolveFree(true)));
  });
}

/**
 * Best effort, Linux only: the process listening on `port`, as "pid 123 (command line)", read
 * from /proc/net/tcp{,6} (socket inode) and /proc/PID/fd (who holds that inode). Undefined when
 * it cannot be told (another user's process, no /proc).
 */
export function portHolder(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is the 10th column.
        if (cols.length < 10 || cols[3] !== '0A') continue;
        if (parseInt(cols[1].split(':')[1] ?? '', 16) === port) inodes.add(cols[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
            .split('\0')
            .filter(Boolean)
            .join(' ');
          const shown = cmdline.length > 120 ? `${cmdline.slice(0, 117)}...` : cmdline;
          return `pid ${pid} (${shown})`;
        }
      }
    }
  } catch {
    // best effort only
  }
  return undefined;
}

/**
 * Fails before anything starts when a port the main command listens on is taken, e.g. by a
 * main command already running: names each such port and, when it can be told, its holder.
 */
export async function assertPortsFree(config: Config): Promise<void> {
  const taken: string[] = [];
  for (const wanted of portsToListenOn(config)) {
    if (await portIsFree(wanted.host, wanted.port)) continue;
    const holder = portHolder(wanted.port);
    taken.push(
      `port ${wanted.port} on ${wanted.host} for the ${wanted.what} is already in use` +
        (holder ? ` by ${holder}` : ''),
    );
  }
  if (taken.length > 0) {
    throw new PortInUseError(
      `${taken.join('; ')}. Is another sage-woo-sync already running? Stop it, or move the port.`,
    );
  }
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}
