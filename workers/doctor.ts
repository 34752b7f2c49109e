import type { Client } from '@temporalio/client';
import pino, { type Logger } from 'pino';
import type { Config } from '../shared/config';
import { errorMessage as message, type DoctorCheck } from '../shared/health/doctor';
import { shopDoctorChecks } from '../activities/health/doctor-shop';
import { sageDoctorChecks } from '../activities/health/doctor-sage';
import { temporalDoctorChecks } from '../activities/health/doctor-temporal';
import { buildActivityDeps } from './deps';
import { connectClient, targetOf } from './temporal-connection';

/**
 * `npm run cli -- doctor`: everything the connector needs from the shop, Sage and Temporal,
 * checked from the configuration, one line per check with the fix of each failure. Nothing is
 * changed, except with `fix`: the connector's webhooks the shop disabled (or paused) are
 * re-enabled, like `npm start` does. The checks themselves live in activities/health/doctor-*.ts,
 * shared with the scheduled doctor workflow (workflows/doctor.ts); here they run in the CLI's
 * process, without workers.
 */

export { formatDoctor, type DoctorCheck, type DoctorLevel } from '../shared/health/doctor';
export { WEBHOOK_TOPICS } from '../shared/woo/webhook-topics';

export interface DoctorOptions {
  /** Re-enable the connector's webhooks the shop disabled or paused. */
  fix?: boolean;
  logger?: Logger;
  /** A connected client (tests); else one is connected from `config.temporal` and closed. */
  client?: Client;
  /** How long connecting to Temporal may take; default 10 s. */
  connectTimeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function temporalChecks(config: Config, options: DoctorOptions): Promise<DoctorCheck[]> {
  const target = targetOf(config.temporal);
  let client = options.client;
  try {
    client ??= await withTimeout(
      connectClient(target),
      options.connectTimeoutMs ?? 10_000,
      `connecting to ${target.address}`,
    );
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'temporal',
        detail: `${message(err)}: start it (npm start runs the embedded one) or set temporal.address / apiKey / tls`,
      },
    ];
  }
  try {
    return await temporalDoctorChecks(client.connection, target);
  } finally {
    if (!options.client) await client.connection.close();
  }
}

/** Runs every check; never throws for a failing system (its check fails). */
export async function runDoctor(
  config: Config,
  options: DoctorOptions = {},
): Promise<DoctorCheck[]> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const { deps, close } = buildActivityDeps(config, logger);
  const checks: DoctorCheck[] = [];
  try {
    if (!config.woo.url || !config.woo.consumerKey || !config.woo.consumerSecret) {
      checks.push({
        level: 'warn',
        check: 'shop',
        detail: 'the embedded sandbox shop runs inside `npm start` only: nothing to check here',
      });
    } else {
      checks.push(...(await shopDoctorChecks(config, await deps.woo(), options.fix === true)));
    }
    checks.push(...(await sageDoctorChecks(config, deps.sageDb)));
    checks.push(...(await temporalChecks(config, options)));
  } finally {
    await close();
  }
  return checks;
}
