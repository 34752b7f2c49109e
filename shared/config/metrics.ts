import { z } from 'zod';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;
const LISTEN_MESSAGE = 'must be host:port, e.g. 127.0.0.1:9464 (port 0: any free port)';

/** `host:port` (IPv6 in brackets), port 0–65535. */
const hostPort = z
  .string()
  .trim()
  .refine((v) => HOST_PORT.test(v) && Number(HOST_PORT.exec(v)?.[2]) <= 65535, {
    message: LISTEN_MESSAGE,
  });

/**
 * Prometheus endpoints of the worker process (docs/metrics.md). Both are off by default.
 * - `listen`: the connector's own metrics (sync pages, shop requests, orders waiting), served
 *   at `http://<listen>/metrics` by the process that runs the workers.
 * - `temporalListen`: the Temporal SDK's runtime metrics (workers, pollers, task latencies),
 *   served by the SDK's own exporter at `http://<temporalListen>/metrics`. The Temporal runtime
 *   is installed once per process, so a change needs a restart.
 */
export const metricsConfigSchema = z
  .object({
    listen: hostPort.optional(),
    temporalListen: hostPort.optional(),
  })
  .prefault({});

export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

/** `host:port` split; the host unbracketed. */
export function splitHostPort(listen: string): { host: string; port: number } {
  const match = HOST_PORT.exec(listen);
  if (!match) throw new Error(`metrics listen address ${listen}: ${LISTEN_MESSAGE}`);
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}
