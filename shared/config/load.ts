import { z } from 'zod';
import { configSchema, type Config } from './schema';

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

/**
 * Turns `SWS_WOO__CONSUMER_KEY=ck` into `{ woo: { consumerKey: 'ck' } }`:
 * `__` separates levels, single `_` separates words of a camelCase key.
 */
export function configFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined || name === `${ENV_PREFIX}CONFIG`) {
      continue;
    }
    const path = name.slice(ENV_PREFIX.length).split('__').map(camelCase);
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
  const merged = mergeConfig(fileContent, configFromEnv(env));
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap(formatIssue));
  }
  return result.data;
}
