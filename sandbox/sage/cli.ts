/**
 * The demo company's command line: build it, play the sales rep, change stock and prices.
 *
 *   npx tsx sandbox/sage/cli.ts generate --size small --seed 42 --out data/sage-demo.sqlite
 *   npx tsx sandbox/sage/cli.ts transform DE00001 --to BC        (BC, PL, BL or FA)
 *   npx tsx sandbox/sage/cli.ts advance DE00001                  (whole chain one stage on)
 *   npx tsx sandbox/sage/cli.ts chain DE00001 | invoice FA00001
 *   npx tsx sandbox/sage/cli.ts auto --delay-ms 30000            (until Ctrl-C)
 *   npx tsx sandbox/sage/cli.ts mutate-stock --count 50 [--seed 1]
 *   npx tsx sandbox/sage/cli.ts mutate-prices --count 20 [--seed 1]
 *   npx tsx sandbox/sage/cli.ts hash | sqlserver-schema [--out file.sql]
 *
 * Every command takes --db PATH (default data/sage-demo.sqlite).
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DOCUMENT_TYPE_BY_CODE } from '../../shared/sage/documents';
import { openEmbeddedSageDb, type SageDb } from '../../activities/sage/db';
import { readDocumentChain, readInvoice } from '../../activities/sage/documents';
import { contentHash } from './content-hash';
import { generateDemoCompany } from './generator';
import { mutatePrices, mutateStock } from './mutations';
import { advanceChain, runAutoMode, transformDocument } from './simulator';
import { writeSqlServerSchema } from './write-sqlserver-schema';

const DEFAULT_DB = 'data/sage-demo.sqlite';
const SIZES = ['customer', 'small', 'tiny'] as const;

const USAGE = `usage: cli.ts <generate|transform|advance|chain|invoice|auto|mutate-stock|mutate-prices|hash|sqlserver-schema> [options]
  generate          --size customer|small|tiny (customer) --seed N (42) --out PATH [--force]
  transform PIECE   --to BC|PL|BL|FA [--from DE|BC|PL|BL]
  advance QUOTE     moves every document of the quote's chain one stage on
  chain QUOTE       prints the document chain of a quote
  invoice PIECE     prints an invoice with its lines and totals
  auto              --delay-ms N (30000) [--poll-ms N] [--all: not only web orders]
  mutate-stock      --count N (10) [--seed N]
  mutate-prices     --count N (10) [--seed N]
  hash              content hash of the company
  sqlserver-schema  [--out PATH] writes the SQL Server script of a test company
  common: --db PATH (${DEFAULT_DB})`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      out: { type: 'string' },
      size: { type: 'string', default: 'customer' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
      to: { type: 'string' },
      from: { type: 'string' },
      'delay-ms': { type: 'string', default: '30000' },
      'poll-ms': { type: 'string' },
      all: { type: 'boolean', default: false },
      count: { type: 'string', default: '10' },
      help: { type: 'boolean', default: false },
    },
  });
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return n;
}

function documentType(code: string | undefined, option: string): number {
  const type = code === undefined ? undefined : DOCUMENT_TYPE_BY_CODE[code.toUpperCase()];
  if (type === undefined) throw new Error(`--${option} must be one of DE, BC, PL, BL, FA`);
  return type;
}

async function withDb<T>(path: string, work: (db: SageDb) => Promise<T>): Promise<T> {
  if (!existsSync(path)) throw new Error(`no demo company at ${path}: run "generate" first`);
  const db = openEmbeddedSageDb(path);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, argument] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const db = values.db;
  switch (command) {
    case 'generate': {
      const size = values.size as (typeof SIZES)[number];
      if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(', ')}`);
      const out = values.out ?? db;
      if (values.force)
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true });
      const started = Date.now();
      const counts = generateDemoCompany({
        path: out,
        size,
        seed: integer(values.seed, 'seed') ?? 42,
      });
      print({ path: out, size, wallMs: Date.now() - started, ...counts });
      return;
    }
    case 'transform': {
      if (!argument) throw new Error('transform needs a document number');
      const toType = documentType(values.to, 'to');
      const fromType = values.from === undefined ? undefined : documentType(values.from, 'from');
      print(await withDb(db, (sage) => transformDocument(sage, argument, toType, { fromType })));
      return;
    }
    case 'advance':
      if (!argument) throw new Error('advance needs a quote number');
      print(await withDb(db, (sage) => advanceChain(sage, argument)));
      return;
    case 'chain':
      if (!argument) throw new Error('chain needs a quote number');
      print(await withDb(db, (sage) => readDocumentChain(sage, argument)));
      return;
    case 'invoice':
      if (!argument) throw new Error('invoice needs an invoice number');
      print((await withDb(db, (sage) => readInvoice(sage, argument))) ?? `no invoice ${argument}`);
      return;
    case 'auto': {
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      process.once('SIGTERM', () => controller.abort());
      const delayMs = integer(values['delay-ms'], 'delay-ms') ?? 30_000;
      console.error(`sales rep at work on ${db} (delay ${delayMs} ms); Ctrl-C to stop`);
      const done = await withDb(db, (sage) =>
        runAutoMode({
          db: sage,
          delayMs,
          pollMs: integer(values['poll-ms'], 'poll-ms'),
          webOnly: !values.all,
          signal: controller.signal,
          onTransform: (r) => console.log(`${r.fromPiece} → ${r.piece}`),
        }),
      );
      console.error(`${done} transformation(s)`);
      return;
    }
    case 'mutate-stock':
    case 'mutate-prices': {
      const options = {
        count: integer(values.count, 'count') ?? 10,
        seed: integer(values.seed, 'seed'),
      };
      print(
        await withDb(db, (sage): Promise<unknown> =>
          command === 'mutate-stock' ? mutateStock(sage, options) : mutatePrices(sage, options),
        ),
      );
      return;
    }
    case 'hash': {
      const database = new Database(db, { readonly: true, fileMustExist: true });
      try {
        console.log(contentHash(database));
      } finally {
        database.close();
      }
      return;
    }
    case 'sqlserver-schema':
      console.log(`wrote ${writeSqlServerSchema(values.out)}`);
      return;
    default:
      throw new Error(`unknown command "${command}"\n${USAGE}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
