import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP endpoint recording what it receives (webhook deliveries). */

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export class Receiver {
  readonly requests: Received[] = [];
  /** the status to answer with */
  status = 200;
  url = '';
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.writeHead(this.status).end();
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  deliveries(topic?: string): Received[] {
    return this.requests.filter(
      (r) =>
        r.headers['x-wc-webhook-topic'] !== undefined &&
        (!topic || r.headers['x-wc-webhook-topic'] === topic),
    );
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
