import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { wooConfigSchema, type WooConfig } from '../../../../shared/config/woo';

/** A tiny scripted HTTP server standing in for a shop in unit tests. */

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Client port of the connection, to see connection reuse. */
  remotePort: number | undefined;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object/array is sent as JSON; a string as is. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface FakeShop {
  url: string;
  requests: RecordedRequest[];
  /** Highest number of requests in progress at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeShop(handler: Handler): Promise<FakeShop> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const shop: FakeShop = {
    url: '',
    requests,
    maxInFlight: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight += 1;
      shop.maxInFlight = Math.max(shop.maxInFlight, inFlight);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://fake'),
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort,
      };
      requests.push(recorded);
      void Promise.resolve(handler(recorded, requests.length - 1)).then(async (reply) => {
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        inFlight -= 1;
        if (res.destroyed) return;
        const body =
          typeof reply.body === 'string'
            ? reply.body
            : reply.body === undefined
              ? ''
              : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          'Content-Type': 'application/json; charset=UTF-8',
          ...(reply.headers ?? {}),
        });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  shop.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return shop;
}

export const TEST_KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
export const TEST_SECRET = 'cs_fedcba9876543210fedcba9876543210fedcba98';

/** A remote configuration pointing at `url`, with fast retries. */
export function testConfig(url: string, overrides: Record<string, unknown> = {}): WooConfig {
  return wooConfigSchema.parse({
    kind: 'remote',
    url,
    consumerKey: TEST_KEY,
    consumerSecret: TEST_SECRET,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 },
    ...overrides,
  });
}

export function decodeBasic(header: string | undefined): string {
  assertString(header);
  return Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
}

function assertString(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${String(value)}`);
}
