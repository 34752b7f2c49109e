import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalConfig } from '../shared/config';

export interface TemporalTarget {
  address: string;
  namespace: string;
  apiKey?: string;
  tls?: boolean;
}

export function targetOf(config: TemporalConfig, address = config.address): TemporalTarget {
  return { address, namespace: config.namespace, apiKey: config.apiKey, tls: config.tls };
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
