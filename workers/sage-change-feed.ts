import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { durationToMs, type Config } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import {
  SAGE_CHANGE_FEED_WORKFLOW_ID,
  changeFeedSettingsSignal,
  sageChangeFeed,
  type SageChangeFeedSettings,
} from '../workflows/sage-change-feed';

/** The feed's settings from the configuration (`orders.changeFeed`). */
export function changeFeedSettingsOf(config: Config): SageChangeFeedSettings {
  const feed = config.orders.changeFeed;
  return { everyMs: durationToMs(feed.every), overlapMs: durationToMs(feed.overlap) };
}

/**
 * Makes the installation's change feed match the configuration, at the start of every process
 * of the `workflows` role (and `npm start`): enabled, it is started unless it runs, and a
 * running one gets this configuration's interval and overlap (signal-with-start: one call,
 * idempotent, so any number of processes may do it); disabled, a running feed is cancelled.
 * Returns what it did.
 */
export async function ensureSageChangeFeed(
  client: Client,
  config: Config,
): Promise<'running' | 'stopped' | 'off'> {
  if (!config.orders.changeFeed.enabled) {
    try {
      await client.workflow.getHandle(SAGE_CHANGE_FEED_WORKFLOW_ID).cancel();
      return 'stopped';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'off';
      throw err;
    }
  }
  const settings = changeFeedSettingsOf(config);
  await client.workflow.signalWithStart(sageChangeFeed, {
    workflowId: SAGE_CHANGE_FEED_WORKFLOW_ID,
    taskQueue: TASK_QUEUES.workflows,
    args: [settings],
    signal: changeFeedSettingsSignal,
    signalArgs: [settings],
  });
  return 'running';
}
