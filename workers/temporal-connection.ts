import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalConfig } from '../shared/config';

export interface TemporalTarget {
  address: string;
  namespace: string;
  apiKey?: string;
  tls?: boolean;
}

/**
 * The address of the Temporal server the configuration runs: in `embedded` mode the dev server
 * the main command starts (`temporal.embedded.ip:port`), else `temporal.address`. An embedded
 * server on port 0 (any free port) cannot be known in advance: `temporal.address` then.
 */
export function temporalAddressOf(config: TemporalConfig): string {
  if (config.mode === 'embedded' && config.embedded.port > 0) {
    return `${config.embedded.ip}:${config.embedded.port}`;
  }
  return config.address;
}

export function targetOf(
  config: TemporalConfig,
  address = temporalAddressOf(config),
): TemporalTarget {
  return { address, namespace: config.namespace, apiKey: config.apiKey, tls: config.tls };
}

/** The Temporal server the configuration runs, for the CLI and the workers. */
export function temporalTargetOf(config: { temporal: TemporalConfig }): TemporalTarget {
  return targetOf(config.temporal);
}

export async function connectClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    apiKey: target.apiKey,
    tls: target.tls || undefined,
  });
  return new Client({ connection, namespace: target.namespace });
}

export function connectWorkerConnection(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: target.address,
    apiKey: target.apiKey,
    tls: target.tls || undefined,
  });
}
