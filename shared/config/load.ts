import { z } from 'zod';
import { configSchema, type Config } from './schema';
import { findUnknownKeys, type UnknownKey } from './unknown-keys';

/** Environment variables that configure the connector start with this prefix. */
export const ENV_PREFIX = 'SWS_';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `[`/`{` values are JSON (lists such as schedules); everything else stays a string. */
function envValue(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return raw;
    }
  }
  return raw;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The top-level settings (`dataDir`, `woo`, …): what a single-level variable may name. */
const ROOT_KEYS = new Set(Object.keys(configSchema.shape));

/**
 * Turns `SWS_WOO__CONSUMER_KEY=ck` into `{ woo: { consumerKey: 'ck' } }`:
 * `__` separates levels, single `_` separates words of a camelCase key. A variable without
 * `__` is a setting only when it names a top-level one (`SWS_DATA_DIR`); others with the
 * prefix (`SWS_CONFIG`, the test scripts' `SWS_REAL_SHOP_*`) are not the configuration's.
 */
export function configFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__').map(camelCase);
    if (path.length === 1 && !ROOT_KEYS.has(path[0])) continue;
    let node = out;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = envValue(raw);
  }
  return out;
}

/** Deep merge where `override` wins; arrays are replaced, not merged. */
export function mergeConfig(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] =
      isPlainObject(value) && isPlainObject(out[key])
        ? mergeConfig(out[key] as Record<string, unknown>, value)
        : value;
  }
  return out;
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  // A union reports one branch per member; name the fields of the closest branch.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    return best.flatMap((inner) =>
      formatIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue),
    );
  }
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return [`${path}: ${issue.message}`];
}

/**
 * Validates a configuration assembled from a file's content and the environment (which wins).
 * Pure: reading the file is the caller's job. Throws a ConfigError naming every bad field.
 */
export function parseConfig(
  fileContent: Record<string, unknown>,
  env: Record<string, string | undefined> = {},
): Config {
  const fromEnv = configFromEnv(env);
  const merged = mergeConfig(fileContent, fromEnv);
  const unknown = findUnknownKeys(configSchema, merged).map((key) =>
    unknownKeyProblem(key, fromEnv),
  );
  const result = configSchema.safeParse(merged);
  const problems = [
    ...unknown,
    ...(result.success ? [] : result.error.issues.flatMap(formatIssue)),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** `SWS_` spelling of a setting's path: `['woo', 'consumerKey']` → `SWS_WOO__CONSUMER_KEY`. */
export function envNameOf(path: string[]): string {
  return (
    ENV_PREFIX +
    path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__')
  );
}

function hasPath(tree: Record<string, unknown>, path: string[]): boolean {
  let node: unknown = tree;
  for (const key of path) {
    if (!isPlainObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** Names the unknown setting the way the user wrote it (file path or variable) and the fix. */
function unknownKeyProblem(key: UnknownKey, fromEnv: Record<string, unknown>): string {
  const parent = key.path.slice(0, -1);
  if (hasPath(fromEnv, key.path)) {
    const hint = key.suggestion
      ? `did you mean ${envNameOf([...parent, key.suggestion])}?`
      : `known here: ${key.known.map((k) => envNameOf([...parent, k])).join(', ')}`;
    return `${envNameOf(key.path)}: unknown setting ${key.path.join('.')}; ${hint}`;
  }
  const hint = key.suggestion
    ? `did you mean ${[...parent, key.suggestion].join('.')}?`
    : `known here: ${key.known.join(', ')}`;
  return `${key.path.join('.')}: unknown setting; ${hint}`;
}
