import pino, { type Logger } from 'pino';
import { createRedactor } from '../activities/woo/redact';
import {
  DefaultLogger,
  Runtime,
  makeTelemetryFilterString,
  type LogEntry,
} from '@temporalio/worker';

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** `pretty`: one human line per entry; `json`: one JSON object per line. */
  format?: LogFormat;
  /** Where lines go (default: stdout). */
  stream?: NodeJS.WritableStream;
}

/**
 * Fields never written at any level: the activity task token (a ~200-character opaque blob the
 * SDK adds to every activity log line) is of no use to an operator.
 */
const DROPPED_FIELDS = ['taskToken'];

/** `pretty` on a terminal, `json` otherwise; `SWS_LOG_FORMAT` overrides. */
export function logFormatFor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): LogFormat {
  const forced = env.SWS_LOG_FORMAT;
  if (forced === 'json' || forced === 'pretty') return forced;
  return stream.isTTY ? 'pretty' : 'json';
}

/**
 * Logs: JSON lines (for a log collector), or on a terminal one short human line per entry.
 * Every known secret value (and anything shaped like a shop key) is replaced before a line is
 * written, so a password that slips into an error never reaches logs.
 */
export function createLogger(
  level: string,
  secrets: readonly string[] = [],
  options: LoggerOptions = {},
): Logger {
  const redact = createRedactor(secrets);
  const stream = options.stream ?? process.stdout;
  const format = options.format ?? logFormatFor(stream as { isTTY?: boolean });
  const destination =
    format === 'pretty'
      ? { write: (line: string) => void stream.write(prettyLine(line)) }
      : { write: (line: string) => void stream.write(line) };
  return pino(
    {
      level,
      base: { service: 'sage-woo-sync' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...DROPPED_FIELDS, ...DROPPED_FIELDS.map((f) => `*.${f}`)], remove: true },
      hooks: { streamWrite: redact },
    },
    destination,
  );
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const OMITTED = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

function shortValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** One JSON line of pino as `12:00:01.234 INFO  message key=value …`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = LEVEL_NAMES[Number(entry.level)] ?? String(entry.level);
  const parts = [time, level, String(entry.msg ?? '')];
  for (const [key, value] of Object.entries(entry)) {
    if (OMITTED.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') {
      parts.push(`err=${shortValue((value as { message?: string }).message ?? '')}`);
      continue;
    }
    parts.push(`${key}=${shortValue(value)}`);
  }
  return `${parts.filter(Boolean).join(' ').replace(/\n/g, '\\n')}\n`;
}

const LEVELS = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const;

/**
 * SDK messages that are expected in this connector and say nothing to an operator: a worker of
 * the `sage` or `woo` role polls no workflow queue, the `workflows` worker runs no activity, and
 * none serves Nexus.
 */
const QUIET_SDK_MESSAGES = [
  /^No activities registered/,
  /^No workflows registered/,
  /^No Nexus services registered/,
];

/** The level a Temporal SDK/core entry is written at, and its metadata without task tokens. */
export function forwardedEntry(entry: LogEntry): {
  method: (typeof LEVELS)[keyof typeof LEVELS];
  meta: Record<string, unknown>;
} {
  let method: (typeof LEVELS)[keyof typeof LEVELS] =
    LEVELS[entry.level as keyof typeof LEVELS] ?? 'info';
  if (QUIET_SDK_MESSAGES.some((re) => re.test(entry.message))) method = 'debug';
  const meta: Record<string, unknown> = { ...entry.meta };
  for (const field of DROPPED_FIELDS) delete meta[field];
  return { method, meta };
}

let installed = false;

/**
 * Installs the Temporal runtime once per process, forwarding SDK and core logs to `logger`.
 * Workflow and activity loggers of the SDK add their context (workflowId, runId, activityType…)
 * to each entry's metadata, which becomes fields here (the activity task token is dropped).
 */
export function installTemporalRuntime(
  logger: Logger,
  shutdownSignals?: NodeJS.Signals[],
  /** `metrics.temporalListen`: the SDK's Prometheus exporter binds there (docs/metrics.md). */
  metricsBindAddress?: string,
): void {
  if (installed) return;
  installed = true;
  const level = logger.level.toUpperCase() === 'TRACE' ? 'TRACE' : logger.level.toUpperCase();
  Runtime.install({
    logger: new DefaultLogger(level as 'INFO', (entry: LogEntry) => {
      const { method, meta } = forwardedEntry(entry);
      logger[method](meta, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(metricsBindAddress
        ? { metrics: { prometheus: { bindAddress: metricsBindAddress } } }
        : {}),
    },
    ...(shutdownSignals ? { shutdownSignals } : {}),
  });
}
