import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { WorkerRole } from '../shared/config';
import { TASK_QUEUES } from '../shared/task-queues';
import type { ActivityDeps } from '../activities/deps';
import { createSageActivities, createWooActivities } from '../activities/registry';
import { workflowBundle } from './workflow-bundle';

export interface WorkerSetOptions {
  connection: NativeConnection;
  namespace: string;
  roles: readonly WorkerRole[];
  deps: ActivityDeps;
  logger: Logger;
}

export interface RunningWorkers {
  /** Resolves when every worker has stopped (after shutdown()). Rejects if one fails. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Creates the workers of the requested roles in this process and runs them:
 * `workflows` polls the `sync` queue, `sage` and `woo` poll their activity queues with the
 * configured concurrency (small for Sage, which runs on the customer's server).
 */
export async function startWorkers(options: WorkerSetOptions): Promise<RunningWorkers> {
  const { connection, namespace, roles, deps } = options;
  // Each role's own options; the connection, namespace and grace time are the same for all.
  const queues: Omit<WorkerOptions, 'connection' | 'namespace'>[] = [];
  if (roles.includes('workflows')) {
    queues.push({ taskQueue: TASK_QUEUES.workflows, workflowBundle: await workflowBundle() });
  }
  if (roles.includes('sage')) {
    queues.push({
      taskQueue: TASK_QUEUES.sage,
      activities: createSageActivities(deps),
      maxConcurrentActivityTaskExecutions: deps.config.workers.sageConcurrency,
    });
  }
  if (roles.includes('woo')) {
    queues.push({
      taskQueue: TASK_QUEUES.woo,
      activities: createWooActivities(deps),
      maxConcurrentActivityTaskExecutions: deps.config.workers.wooConcurrency,
    });
  }
  const workers: Worker[] = [];
  try {
    for (const queue of queues) {
      workers.push(
        await Worker.create({ connection, namespace, shutdownGraceTime: '10s', ...queue }),
      );
    }
  } catch (error) {
    // A worker is registered with the server's task queue from its creation: the ones made
    // before the failure are run and stopped at once, so this process can start them again.
    await Promise.allSettled(workers.map((w) => w.runUntil(Promise.resolve())));
    throw error;
  }
  options.logger.info({ roles, namespace }, 'workers started');
  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  return {
    done,
    async shutdown() {
      for (const worker of workers) {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      }
      await done;
    },
  };
}
