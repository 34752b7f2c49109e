import type { Config } from './schema';

/** Paths of configuration values that are secrets. */
export const SECRET_PATHS = [
  'temporal.apiKey',
  'sage.sqlserver.password',
  'woo.consumerKey',
  'woo.consumerSecret',
  'woo.webhookSecret',
  'woo.media.applicationPassword',
  'stateStore.postgres.connectionString',
] as const;

const MASK = '********';

function maskUrlPassword(value: string): string {
  return value.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, `$1${MASK}@`);
}

/** A deep copy of the configuration with every secret replaced, safe to print or log. */
export function maskSecrets(config: Config): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    const keys = path.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) {
      const next: unknown = node?.[key];
      node =
        typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    const last = keys[keys.length - 1];
    const value = node?.[last];
    if (node && typeof value === 'string' && value.length > 0) {
      node[last] = path.endsWith('connectionString') ? maskUrlPassword(value) : MASK;
    }
  }
  return copy;
}

/** Every secret value of a configuration, to scrub from text that may leave the process. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const path of SECRET_PATHS) {
    let node: unknown = config;
    for (const key of path.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined;
    }
    if (typeof node === 'string' && node.length > 0) values.push(node);
  }
  return values;
}
