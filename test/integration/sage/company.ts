import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoSize } from '../../../shared/config/sage';
import { openEmbeddedSageDb, type SageDb } from '../../../activities/sage/db';
import { generateDemoCompany, type DemoCounts } from '../../../sandbox/sage/generator';

/** A demo company in a temporary file, removed by dispose(). */
export interface TestCompany {
  path: string;
  db: SageDb;
  counts: DemoCounts;
  /** Another connection to the same file (for concurrency tests). */
  connect(): SageDb;
  dispose(): Promise<void>;
}

export function createTestCompany(size: DemoSize = 'tiny', seed = 7): TestCompany {
  const dir = mkdtempSync(join(tmpdir(), 'sage-test-'));
  const path = join(dir, 'company.sqlite');
  const counts = generateDemoCompany({ path, size, seed });
  const connections: SageDb[] = [];
  const connect = () => {
    const db = openEmbeddedSageDb(path);
    connections.push(db);
    return db;
  };
  return {
    path,
    db: connect(),
    counts,
    connect,
    async dispose() {
      for (const db of connections) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits a few milliseconds so that the next write gets a later cbModification. */
export function tick(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
