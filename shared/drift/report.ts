/**
 * Drift: what the shop holds against what Sage says now, found by the drift reconciliation
 * (and by the full catalog and stock runs). Every drifted entity is one operator report in the
 * flow `drift`, its problem the area, its detail naming the entity and each field with both
 * values: `npm run cli -- reports drift`.
 */

export const DRIFT_FLOW = 'drift';

export const DRIFT_AREAS = ['catalog', 'stock', 'prices', 'customers', 'orders'] as const;
export type DriftArea = (typeof DRIFT_AREAS)[number];

/** One field the shop holds otherwise than Sage (or the state store, for links) wants. */
export interface DriftField {
  field: string;
  shop: unknown;
  sage: unknown;
  /** Who holds the `sage` value when it is not Sage itself (`state store` for links). */
  source?: string;
}

/** One drifted entity as reported: its key in the area, and the operator's line. */
export interface DriftEntry {
  key: string;
  detail: string;
}

const shown = (value: unknown): string =>
  value === undefined || value === null || value === ''
    ? '(none)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * `product RAC-12: regular_price shop 0.01, Sage 12.40; meta:sage_stock shop …, Sage …`, with a
 * note after the fields when there is one (`— left alone: …`).
 */
export function driftDetail(entity: string, fields: readonly DriftField[], note?: string): string {
  const parts = fields.map(
    (f) => `${f.field} shop ${shown(f.shop)}, ${f.source ?? 'Sage'} ${shown(f.sage)}`,
  );
  return `${entity}: ${parts.join('; ')}${note ? ` — ${note}` : ''}`;
}

/** What the reconciliation says of one area. */
export interface AreaSummary {
  area: DriftArea;
  /** `skipped`: another run of the same sync was in progress (`note` says which). */
  state: 'done' | 'skipped' | 'failed';
  /** Entities compared. */
  checked: number;
  drifted: number;
  /** Drifted entities written again (0 without `heal`). */
  healed: number;
  /** The first drift reports of the area (all of them: `reports drift --problem <area>`). */
  examples: DriftEntry[];
  note?: string;
}

export interface DriftReconciliationResult {
  heal: boolean;
  areas: AreaSummary[];
  /** Drifted entities over every area. */
  drifted: number;
}

/** How many examples an area carries in the workflow result. */
export const DRIFT_EXAMPLES = 5;

/** One line per area, for the current details and the CLI. */
export function summaryLine(area: AreaSummary): string {
  if (area.state !== 'done')
    return `${area.area}: ${area.state}: ${area.note ?? 'no reason given'}`;
  const healed = area.drifted > 0 ? `, ${area.healed} healed` : '';
  const note = area.note ? ` (${area.note})` : '';
  return `${area.area}: ${area.checked} checked, ${area.drifted} drifted${healed}${note}`;
}

/** The CLI's report: one line per area, then its examples. */
export function formatReconciliation(result: DriftReconciliationResult): string {
  const lines = [
    `drift reconciliation (${result.heal ? 'heal' : 'report only'}): ${result.drifted} drifted`,
  ];
  for (const area of result.areas) {
    lines.push(`  ${summaryLine(area)}`);
    for (const example of area.examples) lines.push(`    ${example.key}\t${example.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What an area's check activity returns (the workflow adds the area and its state). */
export interface AreaCheck {
  checked: number;
  drifted: number;
  healed: number;
  examples: DriftEntry[];
  note?: string;
}
