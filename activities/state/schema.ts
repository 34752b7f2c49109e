import type { Kysely } from 'kysely';

/**
 * The sync state store: what the connector remembers between runs.
 * - mappings: a Sage key (article ref, account number, quote piece) ↔ a shop id.
 * - content_hashes: the hash of the last projection pushed for an entity (push only what changed).
 * - watermarks: change-tracking positions (e.g. the last cbModification/cbMarq read).
 */
export interface StateTables {
  sws_mappings: {
    kind: string;
    sage_key: string;
    woo_id: string;
    updated_at: string;
  };
  sws_content_hashes: {
    kind: string;
    entity_key: string;
    hash: string;
    updated_at: string;
  };
  sws_watermarks: {
    name: string;
    value: string;
    updated_at: string;
  };
}

/** Creates the tables if missing; portable across SQLite and PostgreSQL. */
export async function migrateStateStore(db: Kysely<StateTables>): Promise<void> {
  await db.schema
    .createTable('sws_mappings')
    .ifNotExists()
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('sage_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('woo_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sws_mappings_pk', ['kind', 'sage_key'])
    .execute();
  await db.schema
    .createIndex('sws_mappings_woo')
    .ifNotExists()
    .on('sws_mappings')
    .columns(['kind', 'woo_id'])
    .execute();
  await db.schema
    .createTable('sws_content_hashes')
    .ifNotExists()
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sws_content_hashes_pk', ['kind', 'entity_key'])
    .execute();
  await db.schema
    .createTable('sws_watermarks')
    .ifNotExists()
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
