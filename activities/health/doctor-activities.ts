import { Context } from '@temporalio/activity';
import { DOCTOR_FLOW, doctorReports, type DoctorCheck } from '../../shared/health/doctor';
import type { ActivityDeps } from '../deps';
import { sageDoctorChecks } from './doctor-sage';
import { shopDoctorChecks } from './doctor-shop';
import { temporalDoctorChecks } from './doctor-temporal';

/** The doctor's Sage checks, on the `sage` queue (the worker that reaches the company). */
export function createDoctorSageActivities(deps: ActivityDeps) {
  return {
    doctorSage: (): Promise<DoctorCheck[]> => sageDoctorChecks(deps.config, deps.sageDb),
  };
}

/** The doctor's shop and Temporal checks and its reports, on the `woo` queue. */
export function createDoctorWooActivities(deps: ActivityDeps) {
  return {
    async doctorShop(input: { fix?: boolean } = {}): Promise<DoctorCheck[]> {
      return shopDoctorChecks(deps.config, await deps.woo(), input.fix === true);
    },
    /**
     * Temporal as the workers see it: the activity's own client (the worker's connection and
     * namespace) instead of a second connection from `config.temporal`. No credentials handled
     * here, and the server checked is the one the workflows actually run on. That it answers at
     * all is proven by this activity running: what it finds wrong is a search attribute (or a
     * namespace the key may not read).
     */
    async doctorTemporal(): Promise<DoctorCheck[]> {
      const { client } = Context.current();
      return temporalDoctorChecks(client.connection, {
        address: 'reached from the woo worker',
        namespace: client.options.namespace,
      });
    },
    /**
     * One report per failing check (flow `doctor`); the reports of checks that pass again are
     * removed, so `npm run cli -- reports doctor` lists what the last run found wrong.
     */
    async recordDoctorReports(checks: DoctorCheck[]): Promise<void> {
      const store = await deps.snapshots();
      const failing = doctorReports(checks);
      const now = new Set(failing.map((r) => r.key));
      const stale = (await store.listReports(DOCTOR_FLOW, { limit: 10_000 }))
        .map((r) => r.key)
        .filter((key) => !now.has(key));
      await store.clearReports(DOCTOR_FLOW, stale);
      await store.putReports(DOCTOR_FLOW, failing);
    },
  };
}
