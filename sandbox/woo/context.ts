import type { IncomingHttpHeaders } from 'node:http';

/** Who made the request, once authentication ran. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'api-key'; permissions: 'read' | 'write' | 'read_write' }
  | { kind: 'app-password'; username: string };

export interface RequestContext {
  method: string;
  /** full path, e.g. /wp-json/wc/v3/products */
  path: string;
  query: Record<string, string>;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** parsed JSON body (undefined when there is none) */
  body: unknown;
  /** route parameters, e.g. { id: '10' } */
  params: Record<string, string>;
  /** scheme and host the client used, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  principal: Principal;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** a non-JSON answer (served files, HTML) */
  raw?: { contentType: string; data: Buffer | string };
}

export function ok(body: unknown, headers?: Record<string, string>): HandlerResult {
  return { status: 200, body, headers };
}

export function created(body: unknown, headers?: Record<string, string>): HandlerResult {
  return { status: 201, body, headers };
}

export function isForced(query: Record<string, string>): boolean {
  return query.force === 'true' || query.force === '1';
}
