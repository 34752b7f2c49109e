import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../shared/config';
import { shopIdOf } from '../../shared/config/orders';
import {
  DRIFT_EXAMPLES,
  driftDetail,
  type AreaCheck,
  type DriftEntry,
} from '../../shared/drift/report';
import { orderWorkflowId } from '../../shared/orders/intake';
import { shopStatusOf, stageOf } from '../../shared/orders/stages';
import { OrderStates } from '../../shared/orders/states';
import { recordedPiecesOf } from '../../shared/orders/web-order';
import { OrderState } from '../../shared/search-attributes';
import type { Order } from '../../shared/woo/order';
import { refreshSignal } from '../../shared/orders/messages';
import { asActivity } from '../customers/sync-activities';
import { recordDrift } from '../drift/reports';
import type { ActivityDeps } from '../deps';
import type { SageDb } from '../sage/db';
import type { SnapshotStore } from '../state/snapshots';
import type { WooClient } from '../woo';
import { readChainProgress } from './sage-chain';

/**
 * Order statuses: the shop orders the connector imported (they carry the quote meta) whose shop
 * status differs from the one the Sage chain's current stage maps to (a status changed by hand
 * in the shop admin, or a stage the workflow has not looked at yet). One drift report per order.
 *
 * Healing goes through the order's own workflow while it runs: a `refresh` signal asking it to
 * show its stage again (`reshow`), so that status, meta and note are written by the one writer
 * of the order. A workflow that completed the order (its invoice delivered) is over: the status
 * is set here. Never touched: orders waiting for an operator (not checked at all: `reports
 * orders` lists them), orders whose shop status is not one the connector sets or imports from
 * (cancelled, refunded, a plugin's own), and orders whose workflow is gone or ended otherwise
 * (skipped or cancelled by an operator, failed, terminated): reported, left alone.
 */

export interface OrderStatusSystems {
  woo: WooClient;
  sage: SageDb;
  snapshots: SnapshotStore;
  client: Client;
  config: Config;
}

const WAITING: readonly string[] = [
  OrderStates.waitingOperator,
  OrderStates.waitingCancelledAfterValidation,
];

/** What the order's workflow is: running (and in which state), completed, or something else. */
type WorkflowView =
  { kind: 'running'; state: string } | { kind: 'completed' } | { kind: 'other'; why: string };

async function workflowOf(client: Client, workflowId: string): Promise<WorkflowView> {
  try {
    const info = await client.workflow.getHandle(workflowId).describe();
    const state = info.typedSearchAttributes.get(OrderState) ?? '';
    if (info.status.name === 'RUNNING') return { kind: 'running', state };
    if (info.status.name === 'COMPLETED' && state === OrderStates.completed) {
      return { kind: 'completed' };
    }
    return { kind: 'other', why: `workflow ${info.status.name.toLowerCase()} (${state})` };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { kind: 'other', why: 'no workflow' };
    throw err;
  }
}

/** The shop statuses the connector owns: those it sets along the chain, and the import ones. */
function ownedStatuses(config: Config): string[] {
  const { statuses, importStatuses } = config.orders;
  return [
    ...new Set([
      statuses.awaitingValidation,
      statuses.validated,
      statuses.inPreparation,
      statuses.beingDelivered,
      statuses.completed,
      ...importStatuses,
    ]),
  ];
}

export async function orderStatusDrift(
  sys: OrderStatusSystems,
  options: { heal: boolean },
): Promise<AreaCheck> {
  const { config } = sys;
  const { statuses, meta } = config.orders;
  const shopId = shopIdOf(config.orders, config.woo.url);
  const entries: DriftEntry[] = [];
  let checked = 0;
  let healed = 0;
  let waiting = 0;

  const check = async (order: Order): Promise<void> => {
    const recorded = recordedPiecesOf(order.meta_data, meta);
    if (!recorded.quote) return;
    checked += 1;
    // An invoice is final in Sage: a completed order with its invoice recorded needs no read.
    if (order.status === statuses.completed && recorded.invoice) return;
    const progress = await readChainProgress(sys.sage, recorded.quote);
    // A quote gone or refused is the workflow's business (it asks the operator, or cancels).
    if (!progress.quoteFound || progress.quoteLost) return;
    const wanted = shopStatusOf(stageOf(progress), statuses);
    if (order.status === wanted) return;
    const workflowId = orderWorkflowId(shopId, order.id);
    const workflow = await workflowOf(sys.client, workflowId);
    if (workflow.kind === 'running' && WAITING.includes(workflow.state)) {
      waiting += 1;
      return;
    }
    let note: string | undefined;
    if (workflow.kind === 'other') note = `left alone: ${workflow.why}`;
    else if (options.heal && workflow.kind === 'running') {
      await sys.client.workflow.getHandle(workflowId).signal(refreshSignal, { reshow: true });
      healed += 1;
      note = `healed: ${workflowId} asked to show its stage again`;
    } else if (options.heal) {
      await sys.woo.orders.update(order.id, { status: wanted });
      healed += 1;
      note = `healed: status set to ${wanted}`;
    }
    entries.push({
      key: order.number,
      detail: driftDetail(
        `order ${order.number} (shop id ${order.id}, quote ${recorded.quote})`,
        [{ field: 'status', shop: order.status, sage: wanted }],
        note,
      ),
    });
  };

  for await (const page of sys.woo.orders.listAll({
    status: ownedStatuses(config),
    per_page: 100,
  })) {
    for (const order of page.items) await check(order);
    heartbeat({ checked });
  }
  await recordDrift(sys.snapshots, 'orders', entries);
  return {
    checked,
    drifted: entries.length,
    healed,
    examples: entries.slice(0, DRIFT_EXAMPLES),
    ...(waiting > 0 ? { note: `${waiting} waiting for an operator: left to them` } : {}),
  };
}

/**
 * The drift reconciliation's order statuses check; on the `sage` queue (it reads the Sage chain,
 * the shop, and Temporal through the worker's client).
 */
export function createOrderDriftActivities(deps: ActivityDeps) {
  return {
    async checkOrderStatusDrift(input: { heal: boolean }): Promise<AreaCheck> {
      return asActivity(deps, async () =>
        orderStatusDrift(
          {
            woo: await deps.woo(),
            sage: await deps.sageDb(),
            snapshots: await deps.snapshots(),
            client: Context.current().client,
            config: deps.config,
          },
          input,
        ),
      );
    },
  };
}
