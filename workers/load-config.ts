import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseConfig, type Config } from '../shared/config';

export const DEFAULT_CONFIG_FILE = 'sage-woo-sync.json';

/**
 * The configuration file: `--config PATH`, else `SWS_CONFIG`, else `./sage-woo-sync.json` when
 * present, else none (every default applies: the embedded default).
 */
export function configFilePath(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): string | undefined {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1]) return resolve(argv[flag + 1]);
  if (env.SWS_CONFIG) return resolve(env.SWS_CONFIG);
  return existsSync(DEFAULT_CONFIG_FILE) ? resolve(DEFAULT_CONFIG_FILE) : undefined;
}

export function loadConfig(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const path = configFilePath(argv, env);
  let content: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError([`cannot read configuration file ${path}: ${(err as Error).message}`]);
    }
    try {
      content = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError([`${path} is not valid JSON: ${(err as Error).message}`]);
    }
  }
  return parseConfig(content, env);
}

/** For entry points: a bad configuration prints every bad field and exits with status 2. */
export function loadConfigOrExit(argv: readonly string[] = process.argv): Config {
  try {
    return loadConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
