/** Helpers of the tests that run the main command (`npm start`) as a process. */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '../../../workers/dev-server';

export const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Live pids of a process group, as `ps` sees them. Zombies are left out: a child that outlived
 * its parent for a moment is reaped by init (or stays "defunct" where the sandbox's init does not
 * reap), and holds nothing, neither port nor file.
 */
export function groupPids(pgid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=']).toString();
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

export function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

export function waitFor(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolveWait, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(output())) {
        clearInterval(timer);
        resolveWait();
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`no ${pattern} in output:\n${output()}`));
      }
    }, 200);
    const deadline = Date.now() + timeoutMs;
  });
}

export function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

/** The exit of `child`, or null when it has not exited within `ms`. */
export async function exitWithin(
  child: ChildProcess,
  ms: number,
): Promise<{ code: number | null; signal: string | null } | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)));
  try {
    return await Promise.race([exitOf(child), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The environment of an embedded default in `dir`, on free ports, with the tiny company. */
export async function embeddedEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const [port, uiPort] = [await freePort(), await freePort()];
  return {
    ...process.env,
    SWS_DATA_DIR: dir,
    SWS_TEMPORAL__EMBEDDED__PORT: String(port),
    SWS_TEMPORAL__EMBEDDED__UI_PORT: String(uiPort),
    SWS_TEMPORAL__EMBEDDED__DB_FILE: join(dir, 'temporal.sqlite'),
    SWS_SAGE__EMBEDDED__PATH: join(dir, 'sage.sqlite'),
    SWS_SAGE__DEMO__SIZE: 'tiny',
    SWS_WOO__SANDBOX__DB_PATH: join(dir, 'woo.sqlite'),
    SWS_WOO__SANDBOX__PORT: '0',
    SWS_STATE_STORE__SQLITE__PATH: join(dir, 'state.sqlite'),
  };
}
