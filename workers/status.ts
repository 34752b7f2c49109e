import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Config } from '../shared/config';
import { OrderStates } from '../shared/orders/states';
import {
  SyncFailed,
  SyncKind,
  SyncPagesDone,
  SyncPagesTotal,
  SyncPushed,
  SyncState,
  SyncUnchanged,
  WooOrderNumber,
} from '../shared/search-attributes';
import { collectItems, createWooClient } from '../activities/woo';
import { orderStateQuery, type OrderProblemView } from '../shared/orders/messages';
import { orderHeadline, orderResumeCommands } from '../shared/orders/operator-view';

/**
 * What the operator's day starts with (`npm run cli -- status`, `reports orders`): the last run
 * of every sync kind, the orders waiting for an operator with their problem and the command that
 * resumes them, and the shop's webhooks. Read from Temporal visibility, the order workflows'
 * `state` query and the shop; nothing is changed.
 */

/** `SyncKind` values the workflows set (workflows/*.ts). */
export const SYNC_KINDS = [
  'catalog',
  'stock',
  'customers',
  'customer-edits',
  'prices',
  'orders',
  'check',
  // The doctor workflow: `failed` when a check failed, its counts from its result.
  'doctor',
  // The drift reconciliation: `drifted` from its result (the list: `reports drift`).
  'drift',
] as const;

/** Orders in these states wait for a `retry`, `skip` or `cancel` signal. */
const WAITING_STATES = [OrderStates.waitingOperator, OrderStates.waitingCancelledAfterValidation];
export const WAITING_ORDERS_QUERY =
  `(${WAITING_STATES.map((s) => `State = '${s}'`).join(' OR ')}) ` +
  `AND ExecutionStatus = 'Running' AND WorkflowType = 'orderLifecycle'`;

export interface SyncRun {
  kind: string;
  workflowId: string;
  type: string;
  /** Execution status: RUNNING, COMPLETED, FAILED, … */
  status: string;
  startTime: Date;
  closeTime?: Date;
  /** `SyncState` and counters the sync set as search attributes (when it sets them). */
  state?: string;
  counts: Record<string, number>;
}

export interface WaitingOrder {
  workflowId: string;
  orderNumber: string;
  state: string;
  since: Date;
  problem: OrderProblemView | null;
  /** One line: order, customer, quote, problem. */
  headline: string;
  commands: string[];
}

export interface WebhookHealth {
  checked: boolean;
  /** Why not checked, or the error reading them. */
  note?: string;
  webhooks: { id: number; topic: string; status: string; deliveryUrl: string }[];
}

/** The progress query of the syncs that do not count in search attributes. */
const PROGRESS_QUERIES: Partial<Record<string, string>> = {
  customers: 'customerSyncProgress',
  'customer-edits': 'customerEditsProgress',
  prices: 'progress',
};

/**
 * The latest run of each sync kind (visibility lists newest first), with its counts: the
 * search attributes a paged sync sets, else the progress query (running) or the result.
 */
export async function lastSyncRuns(client: Client): Promise<SyncRun[]> {
  const runs: SyncRun[] = [];
  for (const kind of SYNC_KINDS) {
    for await (const info of client.workflow.list({ query: `SyncKind = '${kind}'` })) {
      const run = syncRunOf(kind, info);
      if (Object.keys(run.counts).length === 0) {
        run.counts = numbersOf(await countsOf(client, kind, info).catch(() => undefined));
      }
      runs.push(run);
      break;
    }
  }
  return runs;
}

async function countsOf(client: Client, kind: string, info: WorkflowExecutionInfo) {
  const handle = client.workflow.getHandle(info.workflowId, info.runId);
  const query = PROGRESS_QUERIES[kind];
  if (info.status.name === 'RUNNING') {
    return query ? await withTimeout(handle.query<unknown>(query)) : undefined;
  }
  return info.status.name === 'COMPLETED' ? ((await handle.result()) as unknown) : undefined;
}

/** A query waits for a workflow worker: without one, give up instead of hanging the CLI. */
const QUERY_TIMEOUT_MS = 5_000;
function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${QUERY_TIMEOUT_MS / 1000} s (no worker?)`)),
      QUERY_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Top-level numbers of a progress or result, and those one level down (`totals.pushed`). */
function numbersOf(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number') out[key] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'number') out[k2] = v2;
    }
  }
  return out;
}

function syncRunOf(kind: string, info: WorkflowExecutionInfo): SyncRun {
  const attrs = info.typedSearchAttributes;
  const counts: Record<string, number> = {};
  const numbers = [
    ['pages', SyncPagesDone],
    ['pagesTotal', SyncPagesTotal],
    ['pushed', SyncPushed],
    ['unchanged', SyncUnchanged],
    ['failed', SyncFailed],
  ] as const;
  for (const [name, key] of numbers) {
    const value = attrs.get(key);
    if (typeof value === 'number') counts[name] = value;
  }
  return {
    kind: attrs.get(SyncKind) ?? kind,
    workflowId: info.workflowId,
    type: info.type,
    status: info.status.name,
    startTime: info.startTime,
    closeTime: info.closeTime,
    state: attrs.get(SyncState),
    counts,
  };
}

/** Running orders waiting for an operator, each with its problem from the `state` query. */
export async function waitingOrders(client: Client): Promise<WaitingOrder[]> {
  const out: WaitingOrder[] = [];
  for await (const info of client.workflow.list({ query: WAITING_ORDERS_QUERY })) {
    const orderNumber = info.typedSearchAttributes.get(WooOrderNumber) ?? info.workflowId;
    try {
      const view = await withTimeout(
        client.workflow.getHandle(info.workflowId).query(orderStateQuery),
      );
      out.push({
        workflowId: info.workflowId,
        orderNumber: view.orderNumber,
        state: view.state,
        since: info.startTime,
        problem: view.problem,
        headline: orderHeadline(view),
        commands: orderResumeCommands(info.workflowId, view.problem?.type),
      });
    } catch (err) {
      // No workflow worker answering: the order still waits, its problem is unknown here.
      out.push({
        workflowId: info.workflowId,
        orderNumber,
        state: OrderStates.waitingOperator,
        since: info.startTime,
        problem: null,
        headline: `Order ${orderNumber} — waiting for operator (state query failed: ${(err as Error).message})`,
        commands: orderResumeCommands(info.workflowId),
      });
    }
  }
  return out.sort((a, b) => a.since.getTime() - b.since.getTime());
}

/** The connector's webhooks registered in the shop (one REST call). */
export async function webhookHealth(config: Config): Promise<WebhookHealth> {
  if (!config.woo.url || !config.woo.consumerKey || !config.woo.consumerSecret) {
    return { checked: false, note: 'embedded sandbox shop (not running here)', webhooks: [] };
  }
  const woo = createWooClient(config.woo);
  try {
    const all = await collectItems(woo.webhooks.listAll());
    return {
      checked: true,
      webhooks: all
        .filter((w) => w.name.startsWith('sage-woo-sync '))
        .map((w) => ({ id: w.id, topic: w.topic, status: w.status, deliveryUrl: w.delivery_url })),
    };
  } catch (err) {
    return { checked: false, note: `shop unreachable: ${(err as Error).message}`, webhooks: [] };
  } finally {
    woo.close();
  }
}

const BAD_RUN = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED', 'CANCELLED']);

/** The `status` report, and whether something needs the operator (exit code 1). */
export function formatStatus(input: {
  runs: SyncRun[];
  orders: WaitingOrder[];
  webhooks: WebhookHealth;
}): { text: string; attention: string[] } {
  const attention: string[] = [];
  const lines: string[] = [
    'Syncs (last run of each kind)',
    'kind\tstatus\tstate\tstarted\tclosed\tcounts\tworkflow id',
  ];
  const seen = new Set(input.runs.map((r) => r.kind));
  for (const r of input.runs) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(
      [
        r.kind,
        r.status,
        r.state ?? '-',
        r.startTime.toISOString(),
        r.closeTime?.toISOString() ?? '-',
        counts || '-',
        r.workflowId,
      ].join('\t'),
    );
    if (r.kind === 'doctor' && r.state === 'failed') {
      const list = 'npm run cli -- reports doctor';
      attention.push(`last doctor run found problems (${r.workflowId}): ${list}`);
    } else if (BAD_RUN.has(r.status) || r.state === 'failed') {
      attention.push(`last ${r.kind} run ${r.status.toLowerCase()} (${r.workflowId})`);
    }
  }
  for (const kind of SYNC_KINDS.filter((k) => !seen.has(k))) lines.push(`${kind}\tnever ran`);

  lines.push('', `Orders waiting for an operator: ${input.orders.length}`);
  for (const o of input.orders) {
    lines.push(`- ${o.headline}`, `  workflow ${o.workflowId}, started ${o.since.toISOString()}`);
    lines.push('  resume once fixed / skip / cancel:', ...o.commands.map((c) => `    ${c}`));
    attention.push(`order ${o.orderNumber} waits for an operator`);
  }

  lines.push('', 'Webhooks');
  if (!input.webhooks.checked) {
    lines.push(`not checked: ${input.webhooks.note ?? ''}`);
    if (input.webhooks.note?.startsWith('shop unreachable')) attention.push('shop unreachable');
  } else if (input.webhooks.webhooks.length === 0) {
    lines.push('none registered (the connector registers them when it starts)');
    attention.push('no webhook registered in the shop');
  } else {
    for (const w of input.webhooks.webhooks) {
      lines.push(`${w.topic}\t${w.status}\t${w.deliveryUrl}\t#${w.id}`);
      if (w.status !== 'active') attention.push(`webhook ${w.topic} is ${w.status}`);
    }
  }

  lines.push(
    '',
    attention.length === 0
      ? 'All good.'
      : `Needs attention (${attention.length}):\n${attention.map((a) => `- ${a}`).join('\n')}`,
  );
  return { text: `${lines.join('\n')}\n`, attention };
}
