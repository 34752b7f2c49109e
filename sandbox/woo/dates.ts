/** Dates as WooCommerce shows them: naive ISO 8601 to the second, the shop's timezone being UTC. */

export function toWooDate(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 19);
}

export function nowIso(): string {
  return new Date().toISOString();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a date filter like WordPress' `rest_parse_date`; a naive date is taken as UTC. Null if invalid. */
export function parseFilterDate(value: string): number | null {
  if (!ISO_DATE.test(value)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const ms = Date.parse(hasZone ? value : value + 'Z');
  return Number.isNaN(ms) ? null : ms;
}
