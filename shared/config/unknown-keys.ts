import type { z } from 'zod';

/**
 * Finds the keys of a configuration that its schema does not know (`woo.concurency`), each with
 * the nearest known key at the same level. The schema's objects stay permissive (their parsed
 * output drops extra keys); this walk is what turns a typo into an error instead of a default.
 */
export interface UnknownKey {
  /** Path of the unknown key, e.g. `['woo', 'concurency']`. */
  path: string[];
  /** The nearest known key at that level, when one is close enough to be a likely typo. */
  suggestion?: string;
  /** Every key known at that level (for the message when nothing is close). */
  known: string[];
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  catchall?: z.ZodType;
  element?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** The object schemas a value at this point may be checked against (several for a union). */
function objectShapes(schema: z.ZodType, value: Record<string, unknown>): SchemaDef[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return [def];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return def.innerType ? objectShapes(def.innerType, value) : [];
    case 'pipe': {
      // `z.preprocess` is a pipe from a transform into the real schema; `.transform` is the
      // reverse. The keys a user writes belong to whichever side is not a transform.
      const side = def.in && defOf(def.in).type !== 'transform' ? def.in : def.out;
      return side ? objectShapes(side, value) : [];
    }
    case 'union': {
      const options = def.options ?? [];
      const chosen =
        def.discriminator && def.discriminator in value
          ? options.filter((o) =>
              discriminatorValues(o, def.discriminator!).includes(value[def.discriminator!]),
            )
          : options;
      return (chosen.length > 0 ? chosen : options).flatMap((o) => objectShapes(o, value));
    }
    default:
      return [];
  }
}

function discriminatorValues(option: z.ZodType, key: string): unknown[] {
  const [shape] = objectShapes(option, {});
  const field = shape?.shape?.[key];
  if (!field) return [];
  let def = defOf(field);
  while (def.innerType) def = defOf(def.innerType);
  return def.values ?? [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Levenshtein distance, small inputs only (configuration keys). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length];
}

export function nearestKey(key: string, known: string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  // A typo, not a different word: at most a third of the key's letters differ.
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

/** The schema of a list's items (through optional/default wrappers), if this is a list. */
function elementSchema(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === 'array') return def.element;
  if (def.innerType) return elementSchema(def.innerType);
  if (def.type === 'pipe') {
    const side = def.in && defOf(def.in).type !== 'transform' ? def.in : def.out;
    return side ? elementSchema(side) : undefined;
  }
  return undefined;
}

export function findUnknownKeys(
  schema: z.ZodType,
  value: unknown,
  path: string[] = [],
): UnknownKey[] {
  if (Array.isArray(value)) {
    const element = elementSchema(schema);
    return element
      ? value.flatMap((item, index) => findUnknownKeys(element, item, [...path, String(index)]))
      : [];
  }
  if (!isPlainObject(value)) return [];
  const shapes = objectShapes(schema, value);
  // Not an object schema here (a record, a free-form value): its keys are data, not settings.
  if (shapes.length === 0 || shapes.some((s) => s.catchall || !s.shape)) return [];
  const found: UnknownKey[] = [];
  const known = [...new Set(shapes.flatMap((s) => Object.keys(s.shape!)))];
  for (const [key, child] of Object.entries(value)) {
    const fields = shapes.map((s) => s.shape![key]).filter((f): f is z.ZodType => !!f);
    if (fields.length === 0) {
      found.push({ path: [...path, key], suggestion: nearestKey(key, known), known });
      continue;
    }
    // Where several union members know the key, a key unknown to all of them is reported once.
    const nested = fields.map((f) => findUnknownKeys(f, child, [...path, key]));
    const shortest = nested.reduce((a, b) => (b.length < a.length ? b : a));
    found.push(...shortest);
  }
  return found;
}
