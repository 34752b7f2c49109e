/**
 * `npm run screenshots`: pictures of what an operator sees in the Temporal UI when a web order
 * waits for them, for the README. It installs Debian's chromium when missing
 * (scripts/install-chromium.sh), runs the embedded default (`npm start`) on free ports in a
 * temporary folder, places a web order whose third line has a SKU Sage does not know, waits
 * until the order's workflow waits for an operator, and has headless Chromium photograph
 * (a) the namespace's workflow list and (b) the order's workflow page into docs/screenshots/.
 * Everything it started is stopped at the end. Not part of `npm test`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import Big from 'big.js';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { Client, Connection } from '@temporalio/client';
import { parseConfig } from '../shared/config';
import { resolveSandboxWooConfig } from '../shared/config/woo';
import { DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from '../sandbox/woo';
import { createWooClient, type WooClient } from '../activities/woo';
import { orderStateQuery } from '../shared/orders/messages';
import { freePort } from '../workers/dev-server';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1600, height: 900 };
const NAMESPACE = 'default';
/** A product the shop sells but Sage does not know: the order waits for an operator. */
const UNKNOWN = { sku: 'HYD-00042', name: 'Joint torique 12 mm', price: '4.80' };

/**
 * Columns of the workflow list. The list has no summary column (Temporal UI 2.54): the order's
 * search attributes (number, state `waiting-operator`) take the place of the run id.
 */
const LIST_COLUMNS = ['Status', 'Workflow ID', 'State', 'OrderProblem'];

function say(line: string): void {
  process.stderr.write(`screenshots: ${line}\n`);
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Debian's chromium, installed by the project's script when missing. */
function chromiumPath(): string {
  const install = spawnSync('bash', [join(ROOT, 'scripts', 'install-chromium.sh')], {
    stdio: 'inherit',
  });
  if (install.status !== 0) throw new Error('chromium is not installed (see above)');
  const found = spawnSync('bash', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  return found.stdout.trim();
}

interface Connector {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The main command in a child process; resolves once it printed that it is ready. */
async function startConnector(configPath: string): Promise<Connector> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SWS_CONFIG: configPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM lets the main command stop the dev server and the sandbox it started.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  let banner = '';
  await new Promise<void>((ready, fail) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('sage-woo-sync: ready')) ready();
    });
    child.once('exit', (code) =>
      fail(new Error(`the main command exited (${code}) before it was ready:\n${banner}`)),
    );
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { child, stop };
}

/** A shop customer the customer sync linked to a Sage account. */
async function mappedCustomer(woo: WooClient, accountMeta: string): Promise<number> {
  return eventually('a shop customer linked to a Sage account', async () => {
    const page = await woo.customers.list({ per_page: 20 });
    return page.items.find((c) => c.meta_data?.some((m) => m.key === accountMeta && m.value))?.id;
  });
}

/** Two products Sage knows (the shop sells them) and one it does not, priced by the shop. */
async function orderLines(woo: WooClient) {
  const known = await eventually('two priced simple products in the shop', async () => {
    const page = await woo.products.list({ per_page: 20, type: 'simple', status: 'publish' });
    const priced = page.items.filter((p) => p.sku && p.price && new Big(p.price).gt(0));
    return priced.length >= 2 ? priced.slice(0, 2) : undefined;
  });
  await woo.products.create({
    name: UNKNOWN.name,
    sku: UNKNOWN.sku,
    type: 'simple',
    status: 'publish',
    regular_price: UNKNOWN.price,
  });
  const lines = [
    { sku: known[0].sku, price: known[0].price, quantity: 4 },
    { sku: known[1].sku, price: known[1].price, quantity: 2 },
    { sku: UNKNOWN.sku, price: UNKNOWN.price, quantity: 10 },
  ];
  return lines.map((l) => {
    const total = new Big(l.price).times(l.quantity).toFixed(2);
    return { sku: l.sku, quantity: l.quantity, total, subtotal: total };
  });
}

/**
 * The text the page shows, its frames included: the UI renders markdown (summary, details) in
 * sandboxed iframes. Evaluated as text: this project compiles without the DOM types.
 */
async function shownText(page: Page): Promise<string> {
  const texts = await Promise.all(
    page
      .frames()
      .map((f) => f.evaluate('document.body ? document.body.innerText : ""').catch(() => '')),
  );
  return texts.join('\n');
}

/** Opens a UI page, waits until it shows every one of `texts`, and photographs it. */
async function shoot(page: Page, url: string, texts: string[], file: string): Promise<void> {
  // A running workflow's page polls the server: the network never goes idle.
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  try {
    await eventually(
      `the page to show ${JSON.stringify(texts)}`,
      async () => {
        const shown = await shownText(page);
        return texts.every((t) => shown.includes(t)) || undefined;
      },
      60_000,
    );
  } catch (err) {
    // What the page showed instead, kept outside the repository for a look.
    const shown = join(tmpdir(), `failed-${basename(file)}`);
    await page.screenshot({ path: shown });
    throw new Error(`${url} never showed ${JSON.stringify(texts)}: see ${shown}`, { cause: err });
  }
  // Fonts and late layout (badges, code blocks) settle after the text is there.
  await new Promise((r) => setTimeout(r, 1_000));
  await page.screenshot({ path: file });
  say(`wrote ${relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const executablePath = chromiumPath();
  const dir = mkdtempSync(join(tmpdir(), 'sws-screenshots-'));
  const [grpcPort, uiPort, shopPort] = [await freePort(), await freePort(), await freePort()];
  const fileConfig = {
    dataDir: dir,
    temporal: {
      namespace: NAMESPACE,
      embedded: { port: grpcPort, uiPort, dbFile: join(dir, 'temporal.sqlite') },
    },
    // The small demo company: the first syncs finish in seconds.
    sage: { embedded: { path: join(dir, 'sage-demo.sqlite') }, demo: { size: 'small' } },
    woo: { sandbox: { port: shopPort, dbPath: join(dir, 'woo-sandbox.sqlite') } },
    stateStore: { sqlite: { path: join(dir, 'state.sqlite') } },
    log: { level: 'warn' },
  };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(fileConfig, null, 2));
  const config = parseConfig(fileConfig);
  const uiUrl = `http://127.0.0.1:${uiPort}`;

  const stops: (() => Promise<unknown>)[] = [async () => rmSync(dir, { recursive: true })];
  try {
    say(`starting the embedded default in ${dir}`);
    const connector = await startConnector(configPath);
    stops.push(connector.stop);
    const connection = await Connection.connect({ address: `127.0.0.1:${grpcPort}` });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: NAMESPACE });
    const woo = createWooClient(
      resolveSandboxWooConfig(config.woo, {
        url: `http://127.0.0.1:${shopPort}`,
        consumerKey: DEFAULT_CONSUMER_KEY,
        consumerSecret: DEFAULT_CONSUMER_SECRET,
      }),
    );
    stops.push(async () => woo.close());

    const customer = await mappedCustomer(woo, config.customers.meta.account);
    const order = await woo.orders.create({
      customer_id: customer,
      status: 'processing',
      line_items: await orderLines(woo),
    });
    say(`placed web order ${order.number} with unknown SKU ${UNKNOWN.sku} on line 3`);

    // Visible in the list (search attribute State) and answering its query as waiting.
    const execution = await eventually(
      'the order waiting for an operator in the list',
      async () => {
        const query = `WorkflowType = 'orderLifecycle' AND WooOrderNumber = '${order.number}' AND State = 'waiting-operator'`;
        for await (const run of client.workflow.list({ query })) return run;
        return undefined;
      },
    );
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    const view = await eventually('the order waiting for an operator', async () => {
      const v = await handle.query(orderStateQuery);
      return v.state === 'waiting-operator' ? v : undefined;
    });
    const problem = view.problem?.message ?? '';
    say(`order ${order.number} waits for an operator: ${problem}`);

    mkdirSync(OUT_DIR, { recursive: true });
    const browser: Browser = await puppeteer.launch({
      executablePath,
      headless: true,
      // Chromium will not run as root with its sandbox; the only page is our own local UI.
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=en-US'],
      defaultViewport: VIEWPORT,
    });
    stops.push(() => browser.close());
    const page = await browser.newPage();
    // The UI keeps the list's columns per namespace in local storage; set them before it loads.
    const columns = JSON.stringify({ [NAMESPACE]: LIST_COLUMNS.map((label) => ({ label })) });
    await page.evaluateOnNewDocument(
      `localStorage.setItem('namespace-workflow-table-columns', ${JSON.stringify(columns)})`,
    );

    await shoot(
      page,
      `${uiUrl}/namespaces/${NAMESPACE}/workflows`,
      [execution.workflowId, 'waiting-operator', 'UnknownSku: SKU HYD-00042'],
      join(OUT_DIR, 'temporal-workflow-list.png'),
    );
    await shoot(
      page,
      `${uiUrl}/namespaces/${NAMESPACE}/workflows/${encodeURIComponent(execution.workflowId)}/${execution.runId}/user-metadata`,
      // The UI renders the details as markdown (typographic quotes): match plain parts only.
      ['waiting for operator', UNKNOWN.sku, '[UnknownSku, import]', 'Fix the data'],
      join(OUT_DIR, 'temporal-order-waiting.png'),
    );
    say(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => say(`while stopping: ${String(err)}`));
    }
  }
}

main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
