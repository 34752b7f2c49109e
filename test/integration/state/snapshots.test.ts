import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openSnapshotStore, type SnapshotStore } from '../../../activities/state/snapshots';
import { openStateStore } from '../../../activities/state/store';
import type { StateStoreConfig } from '../../../shared/config';

// PostgreSQL runs on the development and CI machines (trust auth on 127.0.0.1).
const PG_URL = process.env.SWS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function behavesAsASnapshotStore(
  name: string,
  setup: () => { config: StateStoreConfig; cleanup: () => Promise<void> },
) {
  describe(`snapshot and report tables on ${name}`, () => {
    let store: SnapshotStore;
    let config: StateStoreConfig;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ config, cleanup } = setup());
      store = await openSnapshotStore(config);
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('stores snapshots per kind, replaces them, in bulk beyond one statement', async () => {
      const entries = Array.from({ length: 250 }, (_, i) => ({
        key: `CL${i}`,
        data: { wooId: i, fields: { email: `c${i}@x.fr`, 'billing.city': 'Lyon' } },
      }));
      await store.putSnapshots('customer', entries);
      await store.putSnapshots('other', [{ key: 'CL1', data: { wooId: -1, fields: {} } }]);
      await store.putSnapshots('customer', [
        { key: 'CL1', data: { wooId: 1, fields: { email: 'new@x.fr' } } },
      ]);
      const found = await store.getSnapshots<{ wooId: number; fields: Record<string, string> }>(
        'customer',
        [...entries.map((e) => e.key), 'CL1', 'NOPE'],
      );
      assert.equal(found.size, 250);
      assert.deepEqual(found.get('CL1'), { wooId: 1, fields: { email: 'new@x.fr' } });
      assert.equal(found.get('CL249')?.fields['billing.city'], 'Lyon');
    });

    it('keeps one report per key and problem, counts repeats, clears resolved ones', async () => {
      await store.putReports('customers', [
        { key: 'CL1', problem: 'invalid-email', detail: 'a@' },
        { key: 'CL1', problem: 'conflict', detail: 'billing.city' },
        { key: 'CL2', problem: 'missing-email' },
      ]);
      await store.putReports('customers', [{ key: 'CL1', problem: 'invalid-email', detail: 'b@' }]);
      await store.putReports('orders', [{ key: 'CL1', problem: 'other' }]);
      let reports = await store.listReports('customers');
      assert.deepEqual(
        reports.map((r) => [r.key, r.problem, r.detail, r.times]),
        [
          ['CL1', 'conflict', 'billing.city', 1],
          ['CL1', 'invalid-email', 'b@', 2],
          ['CL2', 'missing-email', '', 1],
        ],
      );
      await store.clearReports('customers', ['CL1', 'CL2'], ['conflict']);
      reports = await store.listReports('customers');
      assert.deepEqual(
        reports.map((r) => [r.key, r.problem]),
        [['CL1', 'conflict']],
      );
      assert.equal((await store.listReports('orders')).length, 1);
      assert.equal((await store.listReports('customers', { problem: 'missing-email' })).length, 0);
    });

    it('lives next to the state store and survives a reopen (tables created idempotently)', async () => {
      const state = await openStateStore(config);
      await state.putWatermark('customers.accounts', 'W');
      await state.close();
      const again = await openSnapshotStore(config);
      assert.equal((await again.getSnapshots('customer', ['CL1'])).size, 1);
      await again.close();
    });
  });
}

behavesAsASnapshotStore('SQLite (embedded file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sws-snapshots-'));
  return {
    config: { kind: 'sqlite', sqlite: { path: join(dir, 'state.sqlite') } },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

behavesAsASnapshotStore('PostgreSQL', () => {
  const schema = `sws_snap_${process.pid}_${Date.now()}`;
  return {
    config: { kind: 'postgres', postgres: { connectionString: PG_URL, schema } },
    cleanup: async () => {
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
});
