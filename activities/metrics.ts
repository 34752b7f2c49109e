/**
 * The connector's own Prometheus metrics: a small process-wide registry written in the text
 * exposition format (no dependency). Activities count into it; workers/metrics.ts serves it.
 * Counting costs a map update, whether or not the endpoint runs.
 */

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Serialized labels → value (counters and gauges). */
  values: Map<string, number>;
  /** Serialized labels → bucket counts, sum, count (histograms). */
  histograms: Map<string, { buckets: number[]; sum: number; count: number }>;
  bounds?: readonly number[];
}

/** Shop request latency buckets, in seconds. */
export const SHOP_LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

const families = new Map<string, Family>([
  [
    'sws_sync_items_total',
    {
      help: 'Items handled by the sync pages, by flow (catalog, stock, prices, customers) and outcome (pushed, unchanged, failed, skipped).',
      type: 'counter',
      values: new Map(),
      histograms: new Map(),
    },
  ],
  [
    'sws_sync_pages_total',
    {
      help: 'Sync pages completed, by flow.',
      type: 'counter',
      values: new Map(),
      histograms: new Map(),
    },
  ],
  [
    'sws_shop_requests_total',
    {
      help: 'Shop (WooCommerce) HTTP attempts, by method and status (the HTTP status, or timeout / network when none came back).',
      type: 'counter',
      values: new Map(),
      histograms: new Map(),
    },
  ],
  [
    'sws_shop_request_duration_seconds',
    {
      help: 'Shop (WooCommerce) HTTP attempt latency, by method.',
      type: 'histogram',
      values: new Map(),
      histograms: new Map(),
      bounds: SHOP_LATENCY_BUCKETS,
    },
  ],
  [
    'sws_orders_waiting_for_operator',
    {
      help: 'Orders waiting for an operator (set by setOrdersWaiting; absent until a value is known).',
      type: 'gauge',
      values: new Map(),
      histograms: new Map(),
    },
  ],
]);

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`).join(',')}}`;
}

function family(name: string): Family {
  const found = families.get(name);
  if (!found) throw new Error(`unknown metric ${name}`);
  return found;
}

function add(name: string, labels: Labels, by: number): void {
  const values = family(name).values;
  const key = labelText(labels);
  values.set(key, (values.get(key) ?? 0) + by);
}

/** What a sync page returns that is counted: its outcomes. */
export interface PageCounts {
  pushed: number;
  unchanged: number;
  failed: number;
  /** Customers only: accounts left out with a report (a bad e-mail, a rejected write). */
  skipped?: number;
}

/** Counts one sync page of `flow`. */
export function countSyncPage(flow: string, page: PageCounts): void {
  add('sws_sync_pages_total', { flow }, 1);
  for (const outcome of ['pushed', 'unchanged', 'failed'] as const) {
    add('sws_sync_items_total', { flow, outcome }, page[outcome]);
  }
  if (page.skipped !== undefined) {
    add('sws_sync_items_total', { flow, outcome: 'skipped' }, page.skipped);
  }
}

/** For `.then(…)` after a page activity: counts the page, passes its result on. */
export function countedPage<T extends PageCounts>(flow: string): (page: T) => T {
  return (page) => {
    countSyncPage(flow, page);
    return page;
  };
}

/** Counts one shop HTTP attempt: `status` is the HTTP status or `timeout` / `network`. */
export function observeShopRequest(method: string, status: number | string, ms: number): void {
  add('sws_shop_requests_total', { method, status: String(status) }, 1);
  const f = family('sws_shop_request_duration_seconds');
  const key = labelText({ method });
  const bounds = f.bounds ?? [];
  const h = f.histograms.get(key) ?? { buckets: bounds.map(() => 0), sum: 0, count: 0 };
  const seconds = ms / 1000;
  bounds.forEach((bound, i) => {
    if (seconds <= bound) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
  });
  h.sum += seconds;
  h.count += 1;
  f.histograms.set(key, h);
}

/** Sets the number of orders waiting for an operator (see docs/metrics.md). */
export function setOrdersWaiting(count: number): void {
  family('sws_orders_waiting_for_operator').values.set('', count);
}

function withLabel(labels: string, extra: string): string {
  return labels === '' ? `{${extra}}` : `${labels.slice(0, -1)},${extra}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Every metric in the Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(): string {
  const lines: string[] = [];
  for (const [name, f] of families) {
    lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
    for (const [labels, value] of f.values) lines.push(`${name}${labels} ${formatValue(value)}`);
    for (const [labels, h] of f.histograms) {
      (f.bounds ?? []).forEach((bound, i) => {
        lines.push(`${name}_bucket${withLabel(labels, `le="${bound}"`)} ${h.buckets[i] ?? 0}`);
      });
      lines.push(`${name}_bucket${withLabel(labels, 'le="+Inf"')} ${h.count}`);
      lines.push(`${name}_sum${labels} ${formatValue(h.sum)}`);
      lines.push(`${name}_count${labels} ${h.count}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Forgets every value (tests). */
export function resetMetrics(): void {
  for (const f of families.values()) {
    f.values.clear();
    f.histograms.clear();
  }
}
