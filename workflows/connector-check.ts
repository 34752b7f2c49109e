import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SageActivities, WooActivities } from '../activities/registry';
import { TASK_QUEUES } from '../shared/task-queues';
import { SyncKind } from '../shared/search-attributes';

const sage = proxyActivities<SageActivities>({
  taskQueue: TASK_QUEUES.sage,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});
const woo = proxyActivities<WooActivities>({
  taskQueue: TASK_QUEUES.woo,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

export interface ConnectorCheckResult {
  sage: Awaited<ReturnType<SageActivities['sageHealth']>>;
  woo: Awaited<ReturnType<WooActivities['wooHealth']>>;
  startedAt: string;
}

/**
 * Proves the whole chain: a workflow on the `sync` queue reaches a Sage activity worker and a
 * shop activity worker, each of which reads its system. Cheap enough to schedule as a heartbeat.
 */
export async function connectorCheck(): Promise<ConnectorCheckResult> {
  upsertSearchAttributes([{ key: SyncKind, value: 'check' }]);
  const [sageResult, wooResult] = await Promise.all([sage.sageHealth(), woo.wooHealth()]);
  return {
    sage: sageResult,
    woo: wooResult,
    startedAt: workflowInfo().startTime.toISOString(),
  };
}
