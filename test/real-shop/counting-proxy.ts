import http from 'node:http';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query string, e.g. `/wp-json/wc/v3/products/batch`. */
  path: string;
  query: string;
  status: number;
  ms: number;
  /** The JSON body of a write, parsed (undefined for reads and non-JSON bodies). */
  body?: unknown;
}

export interface CountingProxy {
  url: string;
  requests: ProxiedRequest[];
  reset(): void;
  /** Writes (POST/PUT/PATCH/DELETE) to the WooCommerce REST API or the plugin since the last reset. */
  writes(): ProxiedRequest[];
  /** Reads (GET) of the WooCommerce REST API since the last reset. */
  reads(): ProxiedRequest[];
  close(): Promise<void>;
}

/** WooCommerce's REST API and the shop plugin's routes (its bulk writes count as writes). */
const REST = /^\/wp-json\/(wc\/v3|wc-sage-woo-sync\/v1)\//;

/**
 * A loopback HTTP proxy in front of the real store that records every request the connector
 * makes: the sandbox counts requests itself, a real WooCommerce does not.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const started = Date.now();
      const [path, query = ''] = (req.url ?? '/').split('?', 2);
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
          agent,
        },
        (answer) => {
          let body: unknown;
          if (req.method !== 'GET' && raw.length > 0) {
            try {
              body = JSON.parse(raw.toString('utf8'));
            } catch {
              body = undefined;
            }
          }
          requests.push({
            method: req.method ?? 'GET',
            path: path ?? '/',
            query,
            status: answer.statusCode ?? 0,
            ms: Date.now() - started,
            body,
          });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${err.message}`);
      });
      forward.end(raw);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const rest = (r: ProxiedRequest) => REST.test(r.path);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reset: () => void requests.splice(0),
    writes: () => requests.filter((r) => rest(r) && r.method !== 'GET'),
    reads: () => requests.filter((r) => rest(r) && r.method === 'GET'),
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
