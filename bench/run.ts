/**
 * `npm run bench [-- NAME…]`: runs every benchmark of this folder (each `bench/NAME.ts` exports
 * one or more `run…Bench()` functions that write `bench/results/*.json`), or only those named;
 * `NAME:PART` runs only the runners of NAME whose name contains PART (`pricing:incremental`).
 * Benchmarks measure speed and memory; tests never do.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

type Runner = () => Promise<unknown> | unknown;

async function main(only: string[]): Promise<void> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .sort();
  const wanted = only.map((name) => {
    const [file, part] = name.split(':');
    return { file, part: part?.toLowerCase() };
  });
  const parts = (file: string) => wanted.filter((w) => w.file === basename(file, '.ts'));
  const chosen = only.length > 0 ? files.filter((f) => parts(f).length > 0) : files;
  if (chosen.length === 0)
    throw new Error(`no benchmark named ${only.join(', ')} in ${files.join(', ')}`);
  for (const file of chosen) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found at run time
    const module = require(join(__dirname, file)) as Record<string, unknown>;
    const runners = Object.entries(module).filter(
      (entry): entry is [string, Runner] =>
        /^run\w*Bench$/.test(entry[0]) &&
        typeof entry[1] === 'function' &&
        (only.length === 0 ||
          parts(file).some((w) => w.part === undefined || entry[0].toLowerCase().includes(w.part))),
    );
    for (const [name, run] of runners) {
      process.stderr.write(`== ${file}: ${name}\n`);
      const result = await run();
      if (result !== undefined) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
