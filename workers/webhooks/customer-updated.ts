import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUES } from '../../shared/task-queues';
import {
  CUSTOMER_EDITS_WORKFLOW_ID,
  customerChanged,
  customerEdits,
} from '../../workflows/customer-edits';
import type { WebhookHandler } from './server';

export const CUSTOMER_UPDATED_TOPIC = 'customer.updated';

/** Starts the edits workflow if it is not running (it then polls on this interval). */
export async function ensureCustomerEdits(client: Client, pollEveryMs: number): Promise<void> {
  await client.workflow.start(customerEdits, {
    workflowId: CUSTOMER_EDITS_WORKFLOW_ID,
    taskQueue: TASK_QUEUES.workflows,
    args: [{ pollEveryMs }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/**
 * `customer.updated`: signals the customer's id to the edits workflow, starting it when needed.
 * Only the id travels: the activity reads the customer from the shop, so the workflow history
 * holds no personal data and several deliveries for one customer cost one read.
 */
export function customerUpdatedHandler(client: Client, pollEveryMs: number): WebhookHandler {
  return async ({ payload }) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return;
    await client.workflow.signalWithStart(customerEdits, {
      workflowId: CUSTOMER_EDITS_WORKFLOW_ID,
      taskQueue: TASK_QUEUES.workflows,
      args: [{ pollEveryMs }],
      signal: customerChanged,
      signalArgs: [id],
    });
  };
}
