import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { durationToMs, type Config } from '../../shared/config';
import { TASK_QUEUES } from '../../shared/task-queues';
import {
  CUSTOMER_EDITS_WORKFLOW_ID,
  customerEdits,
  customersChanged,
  type CustomerEditsInput,
} from '../../workflows/customer-edits';
import { CUSTOMER_UPDATED_TOPIC } from '../../shared/woo/webhook-topics';
import type { WebhookHandler } from './server';

export { CUSTOMER_UPDATED_TOPIC };

/** The edits workflow's input from the configuration (polling interval, retry backoff). */
export function customerEditsInput(config: Config): CustomerEditsInput {
  const { pollingInterval, editsRetry } = config.customers;
  return {
    pollEveryMs: durationToMs(pollingInterval),
    retry: {
      initialIntervalMs: durationToMs(editsRetry.initialInterval),
      maximumIntervalMs: durationToMs(editsRetry.maximumInterval),
    },
  };
}

/** A polling interval alone (tests) or the whole input. */
type EditsSettings = number | CustomerEditsInput;
const inputOf = (settings: EditsSettings): CustomerEditsInput =>
  typeof settings === 'number' ? { pollEveryMs: settings } : settings;

/**
 * Starts the edits workflow unless it is running (idempotent by its fixed workflow id: a running
 * one is kept as is, with the input it was started with). Called at start by every process of
 * the `workflows` role (`npm start`, `npm run worker`), and by each `customer.updated` delivery.
 */
export async function ensureCustomerEdits(client: Client, settings: EditsSettings): Promise<void> {
  await client.workflow.start(customerEdits, {
    workflowId: CUSTOMER_EDITS_WORKFLOW_ID,
    taskQueue: TASK_QUEUES.workflows,
    args: [inputOf(settings)],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/** At most this many ids in one signal (a few KB of history). */
const MAX_IDS_PER_SIGNAL = 500;

/**
 * `customer.updated`: signals the customer's id to the edits workflow, starting it when needed.
 * Only the id travels: the activity reads the customer from the shop, so the workflow history
 * holds no personal data and several deliveries for one customer cost one read.
 *
 * Group commit: the ids of the deliveries that arrive while a signal is in flight go together in
 * the next one, and each delivery is answered once the signal carrying its id is recorded (a
 * failed signal fails those deliveries, which the shop sends again). One signal per delivery
 * made a sync's echo of 3,000 customers 3,000 history events; the server then failed the
 * workflow's tasks for too many buffered events and the worker replayed ever longer histories.
 */
export function customerUpdatedHandler(client: Client, settings: EditsSettings): WebhookHandler {
  type Waiter = { id: number; done: (err?: unknown) => void };
  let queued: Waiter[] = [];
  let inFlight = false;
  const send = async (): Promise<void> => {
    inFlight = true;
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_IDS_PER_SIGNAL);
      queued = queued.slice(batch.length);
      try {
        await client.workflow.signalWithStart(customerEdits, {
          workflowId: CUSTOMER_EDITS_WORKFLOW_ID,
          taskQueue: TASK_QUEUES.workflows,
          args: [inputOf(settings)],
          signal: customersChanged,
          signalArgs: [[...new Set(batch.map((w) => w.id))]],
        });
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.done(err);
      }
    }
    inFlight = false;
  };
  return async ({ payload }) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return;
    await new Promise<void>((resolve, reject) => {
      queued.push({ id, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!inFlight) void send();
    });
  };
}
