import type { ActivityDeps } from './deps';
import { createSageHealthActivities, createWooHealthActivities } from './health';
import { createDoctorSageActivities, createDoctorWooActivities } from './health/doctor-activities';
import { createCatalogActivities } from './catalog/activities';
import { createStockActivities } from './stock/activities';
import { createCustomerSyncActivities } from './customers/sync-activities';
import { createCustomerEditActivities } from './customers/edit-activities';
import { createPricingActivities } from './price-sync/activities';
import { createOrderSageActivities, createOrderWooActivities } from './orders/activities';
import { createRunActivities } from './runs/run-ahead';
import { createDriftReportActivities } from './drift/reports';
import { createCustomerLinkActivities } from './customers/link-drift';
import { createOrderDriftActivities } from './orders/status-drift';

/** Every activity served on the `sage` queue. */
export function createSageActivities(deps: ActivityDeps) {
  return {
    ...createSageHealthActivities(deps),
    ...createDoctorSageActivities(deps),
    ...createCatalogActivities(deps),
    ...createStockActivities(deps),
    ...createCustomerSyncActivities(deps),
    ...createCustomerEditActivities(deps),
    ...createPricingActivities(deps),
    ...createOrderSageActivities(deps),
    ...createRunActivities(),
    ...createDriftReportActivities(deps),
    ...createCustomerLinkActivities(deps),
    ...createOrderDriftActivities(deps),
  };
}

/** Every activity served on the `woo` queue. */
export function createWooActivities(deps: ActivityDeps) {
  return {
    ...createWooHealthActivities(deps),
    ...createDoctorWooActivities(deps),
    ...createOrderWooActivities(deps),
  };
}

export type SageActivities = ReturnType<typeof createSageActivities>;
export type WooActivities = ReturnType<typeof createWooActivities>;
