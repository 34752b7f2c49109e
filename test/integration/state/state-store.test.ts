import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStateStore, type StateStore } from '../../../activities/state/store';
import type { StateStoreConfig } from '../../../shared/config';

// PostgreSQL runs on the development and CI machines (trust auth on 127.0.0.1).
const PG_URL = process.env.SWS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function behavesAsAStateStore(
  name: string,
  open: () => Promise<{ store: StateStore; cleanup: () => Promise<void> }>,
) {
  describe(`state store on ${name}`, () => {
    let store: StateStore;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ store, cleanup } = await open());
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('remembers mappings both ways and updates them in place', async () => {
      await store.putMappings('product', [
        { sageKey: 'REF-1', wooId: '101' },
        { sageKey: 'REF-2', wooId: '102' },
      ]);
      await store.putMappings('product', [{ sageKey: 'REF-2', wooId: '202' }]);
      const found = await store.getMappings('product', ['REF-1', 'REF-2', 'REF-3']);
      assert.deepEqual([...found.entries()].sort(), [
        ['REF-1', '101'],
        ['REF-2', '202'],
      ]);
      assert.equal(await store.findSageKey('product', '202'), 'REF-2');
      assert.equal(await store.findSageKey('customer', '202'), undefined);
    });

    it('stores content hashes per kind, in bulk beyond one statement', async () => {
      const entries = Array.from({ length: 1_234 }, (_, i) => ({ key: `A${i}`, hash: `h${i}` }));
      await store.putHashes('product', entries);
      await store.putHashes('stock', [{ key: 'A1', hash: 'other' }]);
      const hashes = await store.getHashes(
        'product',
        entries.map((e) => e.key),
      );
      assert.equal(hashes.size, 1_234);
      assert.equal(hashes.get('A1'), 'h1');
      await store.putHashes('product', [{ key: 'A1', hash: 'changed' }]);
      assert.equal((await store.getHashes('product', ['A1'])).get('A1'), 'changed');
      assert.equal(await store.clearHashes('product'), 1_234);
      assert.equal((await store.getHashes('product', ['A1'])).size, 0);
      assert.equal((await store.getHashes('stock', ['A1'])).get('A1'), 'other');
    });

    it('keeps watermarks', async () => {
      assert.equal(await store.getWatermark('catalog'), undefined);
      await store.putWatermark('catalog', '2026-01-01T00:00:00.000Z|42');
      await store.putWatermark('catalog', '2026-01-02T00:00:00.000Z|43');
      assert.equal(await store.getWatermark('catalog'), '2026-01-02T00:00:00.000Z|43');
    });
  });
}

behavesAsAStateStore('SQLite (embedded file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sws-state-'));
  const config: StateStoreConfig = { kind: 'sqlite', sqlite: { path: join(dir, 'state.sqlite') } };
  const store = await openStateStore(config);
  return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

behavesAsAStateStore('PostgreSQL', async () => {
  const schema = `sws_test_${process.pid}_${Date.now()}`;
  const store = await openStateStore({
    kind: 'postgres',
    postgres: { connectionString: PG_URL, schema },
  });
  return {
    store,
    cleanup: async () => {
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
});

describe('state store persistence', () => {
  it('keeps what was written across a reopen of the embedded file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sws-state-'));
    const config: StateStoreConfig = {
      kind: 'sqlite',
      sqlite: { path: join(dir, 'state.sqlite') },
    };
    try {
      const first = await openStateStore(config);
      await first.putWatermark('stock', 'W1');
      await first.close();
      const second = await openStateStore(config);
      assert.equal(await second.getWatermark('stock'), 'W1');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
