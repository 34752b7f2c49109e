import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function cli(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'workers/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('cli reports', function () {
  this.timeout(60_000);
  let dir: string;
  let configPath: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sws-cli-'));
    configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        stateStore: { kind: 'sqlite', sqlite: { path: join(dir, 'state.sqlite') } },
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 on an unknown flow, naming the known ones', () => {
    const out = cli(['reports', 'bogus', '--config', configPath]);
    assert.equal(out.code, 2, out.stderr);
    assert.match(
      out.stderr,
      /unknown flow bogus: one of catalog, stock, customers, prices, orders/,
    );
  });

  it('prints a header row and one count per flow of the state store', () => {
    const out = cli(['reports', 'catalog', '--config', configPath]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'flow\tkey\tproblem\tdetail\tlast seen\ttimes\n');
    assert.match(out.stderr, /0 report\(s\) for catalog/);
  });
});
