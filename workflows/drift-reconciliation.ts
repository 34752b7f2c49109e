import {
  ChildWorkflowFailure,
  executeChild,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SageActivities } from '../activities/registry';
import {
  summaryLine,
  type AreaCheck,
  type AreaSummary,
  type DriftArea,
  type DriftReconciliationResult,
} from '../shared/drift/report';
import { SyncKind, SyncState } from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';
import { catalogSync } from './catalog-sync';
import { priceSync } from './price-sync';
import { stockSync } from './stock-sync';

const reports = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** The links and statuses checks read every shop customer or order: long, heartbeating. */
const checks = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 5 },
});

export interface DriftReconciliationInput {
  /** Write again what drifted (catalog, stock, prices, customer links, order statuses). */
  heal?: boolean;
}

/**
 * What the shop holds against what Sage says now, area by area, one after the other: catalog,
 * stock and prices as full runs of their syncs (child workflows; dry runs unless `heal`), then
 * customer links and order statuses. Every drifted entity is one operator report (flow `drift`,
 * problem the area: `npm run cli -- reports drift`), earlier reports of an area not seen again
 * are forgotten. Returns per area what was checked, drifted and healed, with a few examples.
 * Scheduled nightly without `heal` (`drift-nightly`); `npm run cli -- reconcile [--heal]`.
 */
export async function driftReconciliation(
  input: DriftReconciliationInput = {},
): Promise<DriftReconciliationResult> {
  const heal = input.heal ?? false;
  const parentId = workflowInfo().workflowId;
  const areas: AreaSummary[] = [];
  const mode = heal ? 'heal' : 'report only';
  const show = (doing?: string) =>
    setCurrentDetails(
      [
        `Drift reconciliation (${mode})${doing ? ` — ${doing}` : ''}`,
        ...areas.map((a) => `- ${summaryLine(a)}`),
      ].join('\n'),
    );
  upsertSearchAttributes([
    { key: SyncKind, value: 'drift' },
    { key: SyncState, value: 'running' },
  ]);

  /** One area: mark, check, then settle its reports (unless skipped or failed). */
  async function area(name: DriftArea, check: () => Promise<AreaCheck | string>): Promise<void> {
    show(`checking ${name}`);
    const since = await reports.driftMark();
    let outcome: AreaCheck | string;
    try {
      outcome = await check();
    } catch (err) {
      // One area failing does not hide the others' drift: it is said, and the run goes on.
      const cause = err instanceof ChildWorkflowFailure ? (err.cause ?? err) : err;
      areas.push({ ...empty(name), state: 'failed', note: (cause as Error).message });
      return;
    }
    if (typeof outcome === 'string') {
      areas.push({ ...empty(name), state: 'skipped', note: outcome });
      return;
    }
    const settled = await reports.settleDrift({ area: name, since });
    areas.push({
      area: name,
      state: 'done',
      checked: outcome.checked,
      drifted: outcome.drifted,
      healed: outcome.healed,
      examples: outcome.examples.length > 0 ? outcome.examples : settled.examples,
      ...(outcome.note ? { note: outcome.note } : {}),
    });
  }

  const child = (name: string) => ({
    workflowId: `${parentId}-${name}`,
    staticSummary: `Drift reconciliation ${parentId}: ${name} (${heal ? 'full run' : 'dry run'})`,
  });
  for (const [name, workflow] of [
    ['catalog', catalogSync],
    ['stock', stockSync],
  ] as const) {
    await area(name, async () => {
      const result = await executeChild(workflow, {
        ...child(name),
        args: [{ mode: 'full', dryRun: !heal }],
      });
      if (result.state === 'skipped') return result.skipped ?? 'another run in progress';
      return {
        checked: result.totals.entities,
        drifted: result.totals.drift,
        healed: heal ? result.totals.drift : 0,
        examples: [],
      };
    });
  }
  await area('prices', async () => {
    const result = await executeChild(priceSync, {
      ...child('prices'),
      args: [{ compareShop: true, dryRun: !heal }],
    });
    if (result.state === 'skipped') return result.skipped ?? 'another run in progress';
    return {
      checked: result.articles + result.customers,
      drifted: result.totals.drift,
      healed: heal ? result.totals.drift : 0,
      examples: [],
    };
  });
  await area('customers', () => checks.checkCustomerLinkDrift({ heal }));
  await area('orders', () => checks.checkOrderStatusDrift({ heal }));

  const result: DriftReconciliationResult = {
    heal,
    areas,
    drifted: areas.reduce((sum, a) => sum + a.drifted, 0),
  };
  show(`done: ${result.drifted} drifted`);
  upsertSearchAttributes([{ key: SyncState, value: 'done' }]);
  return result;
}

function empty(area: DriftArea): AreaSummary {
  return { area, state: 'done', checked: 0, drifted: 0, healed: 0, examples: [] };
}
