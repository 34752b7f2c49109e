import pino, { type Logger } from 'pino';
import { createRedactor } from '../activities/woo/redact';
import {
  DefaultLogger,
  Runtime,
  makeTelemetryFilterString,
  type LogEntry,
} from '@temporalio/worker';

/**
 * JSON logs on stdout. Every known secret value (and anything shaped like a shop key) is
 * replaced before a line is written, so a password that slips into an error never reaches logs.
 */
export function createLogger(level: string, secrets: readonly string[] = []): Logger {
  const redact = createRedactor(secrets);
  return pino({
    level,
    base: { service: 'sage-woo-sync' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: redact },
  });
}

const LEVELS = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const;

let installed = false;

/**
 * Installs the Temporal runtime once per process, forwarding SDK and core logs to `logger`.
 * Workflow and activity loggers of the SDK add their context (workflowId, runId, activityType…)
 * to each entry's metadata, which becomes JSON fields here.
 */
export function installTemporalRuntime(logger: Logger, shutdownSignals?: NodeJS.Signals[]): void {
  if (installed) return;
  installed = true;
  const level = logger.level.toUpperCase() === 'TRACE' ? 'TRACE' : logger.level.toUpperCase();
  Runtime.install({
    logger: new DefaultLogger(level as 'INFO', (entry: LogEntry) => {
      const method = LEVELS[entry.level as keyof typeof LEVELS] ?? 'info';
      logger[method]({ ...entry.meta }, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
    },
    ...(shutdownSignals ? { shutdownSignals } : {}),
  });
}
