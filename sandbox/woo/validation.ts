import { invalidParams, type ParamProblem } from './errors';

/**
 * Argument validation as WordPress core does it on single-item routes (`rest_validate_value_from_schema`):
 * every invalid field is listed in one `rest_invalid_param` error. Batch sub-requests skip this
 * validation in WooCommerce, so `lenient` mode coerces instead of failing, as the model setters do.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';

export interface FieldRule {
  type: FieldType;
  enum?: readonly string[];
  nullable?: boolean;
}

export type Schema = Record<string, FieldRule>;

/** "a, b, and c" as WordPress' `wp_sprintf_l` writes lists */
export function humanList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

const INTEGER_STRING = /^[+-]?\d+$/;
const NUMBER_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function coerce(rule: FieldRule, value: unknown): { ok: boolean; value: unknown } {
  if (value === null && rule.nullable) return { ok: true, value };
  switch (rule.type) {
    case 'string':
      return { ok: typeof value === 'string', value };
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return { ok: true, value };
      if (typeof value === 'string' && INTEGER_STRING.test(value.trim()))
        return { ok: true, value: parseInt(value, 10) };
      return { ok: false, value };
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
      if (typeof value === 'string' && NUMBER_STRING.test(value.trim()))
        return { ok: true, value: Number(value) };
      return { ok: false, value };
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === '1' || value === 1) return { ok: true, value: true };
      if (value === 'false' || value === '0' || value === 0 || value === '')
        return { ok: true, value: false };
      return { ok: false, value };
    case 'array':
      return { ok: Array.isArray(value), value };
    case 'object':
      return {
        ok: typeof value === 'object' && value !== null && !Array.isArray(value),
        value,
      };
    default:
      return { ok: true, value };
  }
}

/** What the model setters make of a value that did not pass validation (batch items). */
function lenientCoerce(rule: FieldRule, value: unknown): unknown {
  switch (rule.type) {
    case 'string':
      return value === null || value === undefined ? '' : String(value);
    case 'integer': {
      const n = parseInt(String(value), 10);
      return Number.isNaN(n) ? 0 : n;
    }
    case 'number': {
      const n = Number(value);
      return Number.isNaN(n) ? 0 : n;
    }
    case 'boolean':
      return value === true || value === 'yes' || value === 'true' || value === '1' || value === 1;
    case 'array':
      return Array.isArray(value) ? value : [];
    default:
      return value;
  }
}

/**
 * Validates the known fields of `body` (unknown fields are ignored, as WordPress does) and returns
 * the coerced values. Throws `rest_invalid_param` when `lenient` is false.
 */
export function validateFields(
  body: Record<string, unknown>,
  schema: Schema,
  lenient: boolean,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const problems: ParamProblem[] = [];
  for (const [key, raw] of Object.entries(body)) {
    const rule = schema[key];
    if (!rule) continue;
    const { ok, value } = coerce(rule, raw);
    if (!ok) {
      if (lenient) values[key] = lenientCoerce(rule, raw);
      else
        problems.push({
          param: key,
          code: 'rest_invalid_type',
          message: `${key} is not of type ${rule.type}.`,
        });
      continue;
    }
    if (rule.enum && typeof value === 'string' && !rule.enum.includes(value)) {
      if (lenient) values[key] = value;
      else
        problems.push({
          param: key,
          code: 'rest_not_in_enum',
          message: `${key} is not one of ${humanList(rule.enum)}.`,
        });
      continue;
    }
    values[key] = value;
  }
  if (problems.length) throw invalidParams(problems);
  return values;
}

/** The request body as an object (`{}` for an empty body). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
