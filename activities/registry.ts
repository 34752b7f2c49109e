import type { ActivityDeps } from './deps';
import { createSageHealthActivities, createWooHealthActivities } from './health';

/** Every activity served on the `sage` queue. */
export function createSageActivities(deps: ActivityDeps) {
  return {
    ...createSageHealthActivities(deps),
  };
}

/** Every activity served on the `woo` queue. */
export function createWooActivities(deps: ActivityDeps) {
  return {
    ...createWooHealthActivities(deps),
  };
}

export type SageActivities = ReturnType<typeof createSageActivities>;
export type WooActivities = ReturnType<typeof createWooActivities>;
