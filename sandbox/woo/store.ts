import Database from 'better-sqlite3';
import type { CustomerDoc, MediaDoc, NoteDoc, OrderDoc, ProductDoc, WebhookDoc } from './types';

/**
 * A small document store: every document lives in memory (Maps plus the lookup indexes the API
 * needs) and is written through to SQLite, so a file database survives restarts and ':memory:'
 * keeps tests fast. Ids come from sequences, like WordPress auto-increment columns.
 */

type Kinds = {
  product: ProductDoc;
  customer: CustomerDoc;
  order: OrderDoc;
  note: NoteDoc;
  webhook: WebhookDoc;
  media: MediaDoc;
};
export type DocKind = keyof Kinds;

/** posts (products, variations, orders, media) share one id sequence as in WordPress */
export type SequenceName = 'post' | 'user' | 'comment' | 'webhook' | 'meta' | 'order_item';

const KINDS: DocKind[] = ['product', 'customer', 'order', 'note', 'webhook', 'media'];

export class SandboxStore {
  private readonly db: Database.Database;
  private readonly docs: { [K in DocKind]: Map<number, Kinds[K]> } = {
    product: new Map(),
    customer: new Map(),
    order: new Map(),
    note: new Map(),
    webhook: new Map(),
    media: new Map(),
  };
  private readonly sequences = new Map<SequenceName, number>();
  /** lower-cased SKU -> id of the live (not trashed) product or variation holding it */
  private readonly skuIndex = new Map<string, number>();
  private readonly emailIndex = new Map<string, number>();
  private readonly usernameIndex = new Map<string, number>();
  private readonly childrenIndex = new Map<number, Set<number>>();
  /** slug -> id of products (not variations), for unique slugs */
  private readonly slugIndex = new Map<string, number>();
  private readonly options = new Map<string, unknown>();
  private readonly stmts: {
    upsert: Database.Statement;
    remove: Database.Statement;
    setSeq: Database.Statement;
    setOption: Database.Statement;
    putFile: Database.Statement;
    getFile: Database.Statement;
  };

  constructor(dbPath = ':memory:', firstPostId = 10) {
    this.db = new Database(dbPath);
    if (dbPath !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
      CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS options (name TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mime TEXT NOT NULL, data BLOB NOT NULL);
    `);
    this.stmts = {
      upsert: this.db.prepare('INSERT OR REPLACE INTO docs (kind, id, json) VALUES (?, ?, ?)'),
      remove: this.db.prepare('DELETE FROM docs WHERE kind = ? AND id = ?'),
      setSeq: this.db.prepare('INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)'),
      setOption: this.db.prepare('INSERT OR REPLACE INTO options (name, json) VALUES (?, ?)'),
      putFile: this.db.prepare('INSERT OR REPLACE INTO files (path, mime, data) VALUES (?, ?, ?)'),
      getFile: this.db.prepare('SELECT mime, data FROM files WHERE path = ?'),
    };
    this.load(firstPostId);
  }

  private load(firstPostId: number): void {
    const defaults: Record<SequenceName, number> = {
      post: firstPostId - 1,
      user: 1, // user 1 is the administrator
      comment: 0,
      webhook: 0,
      meta: 0,
      order_item: 0,
    };
    for (const [name, value] of Object.entries(defaults))
      this.sequences.set(name as SequenceName, value);
    for (const row of this.db.prepare('SELECT name, value FROM sequences').all() as {
      name: SequenceName;
      value: number;
    }[]) {
      this.sequences.set(row.name, row.value);
    }
    for (const row of this.db.prepare('SELECT kind, json FROM docs ORDER BY id').all() as {
      kind: DocKind;
      json: string;
    }[]) {
      if (!KINDS.includes(row.kind)) continue;
      const doc = JSON.parse(row.json) as { id: number };
      (this.docs[row.kind] as Map<number, unknown>).set(doc.id, doc);
      this.index(row.kind, undefined, doc);
    }
    for (const row of this.db.prepare('SELECT name, json FROM options').all() as {
      name: string;
      json: string;
    }[]) {
      this.options.set(row.name, JSON.parse(row.json));
    }
  }

  nextId(seq: SequenceName): number {
    const value = (this.sequences.get(seq) ?? 0) + 1;
    this.sequences.set(seq, value);
    this.stmts.setSeq.run(seq, value);
    return value;
  }

  /** Runs `fn` in one SQLite transaction (a batch request writes once). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }

  get<K extends DocKind>(kind: K, id: number): Kinds[K] | undefined {
    return this.docs[kind].get(id) as Kinds[K] | undefined;
  }

  all<K extends DocKind>(kind: K): Kinds[K][] {
    return [...(this.docs[kind].values() as IterableIterator<Kinds[K]>)];
  }

  count(kind: DocKind): number {
    return this.docs[kind].size;
  }

  put<K extends DocKind>(kind: K, doc: Kinds[K]): void {
    const map = this.docs[kind] as Map<number, Kinds[K]>;
    const previous = map.get(doc.id);
    map.set(doc.id, doc);
    this.index(kind, previous, doc);
    this.stmts.upsert.run(kind, doc.id, JSON.stringify(doc));
  }

  remove(kind: DocKind, id: number): void {
    const map = this.docs[kind] as Map<number, unknown>;
    const previous = map.get(id) as { id: number } | undefined;
    if (!previous) return;
    map.delete(id);
    this.index(kind, previous, undefined);
    this.stmts.remove.run(kind, id);
  }

  findIdBySku(sku: string): number | undefined {
    return this.skuIndex.get(sku.toLowerCase());
  }

  isSlugTaken(slug: string, selfId: number): boolean {
    const holder = this.slugIndex.get(slug);
    return holder !== undefined && holder !== selfId;
  }

  findCustomerIdByEmail(email: string): number | undefined {
    return this.emailIndex.get(email.toLowerCase());
  }

  findCustomerIdByUsername(username: string): number | undefined {
    return this.usernameIndex.get(username.toLowerCase());
  }

  childrenOf(parentId: number): ProductDoc[] {
    const ids = this.childrenIndex.get(parentId);
    if (!ids) return [];
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => this.docs.product.get(id))
      .filter((d): d is ProductDoc => d !== undefined);
  }

  getOption<T>(name: string, fallback: T): T {
    return this.options.has(name) ? (this.options.get(name) as T) : fallback;
  }

  setOption(name: string, value: unknown): void {
    this.options.set(name, value);
    this.stmts.setOption.run(name, JSON.stringify(value));
  }

  putFile(path: string, mime: string, data: Buffer): void {
    this.stmts.putFile.run(path, mime, data);
  }

  getFile(path: string): { mime: string; data: Buffer } | undefined {
    return this.stmts.getFile.get(path) as { mime: string; data: Buffer } | undefined;
  }

  close(): void {
    this.db.close();
  }

  private index(kind: DocKind, previous: unknown, next: unknown): void {
    if (kind === 'product') {
      const before = previous as ProductDoc | undefined;
      const after = next as ProductDoc | undefined;
      if (before) {
        const key = before.sku.toLowerCase();
        if (key && this.skuIndex.get(key) === before.id) this.skuIndex.delete(key);
        if (before.parent_id) this.childrenIndex.get(before.parent_id)?.delete(before.id);
        if (this.slugIndex.get(before.slug) === before.id) this.slugIndex.delete(before.slug);
      }
      if (after) {
        if (after.sku && after.status !== 'trash')
          this.skuIndex.set(after.sku.toLowerCase(), after.id);
        if (after.type !== 'variation' && after.slug) this.slugIndex.set(after.slug, after.id);
        if (after.parent_id) {
          let set = this.childrenIndex.get(after.parent_id);
          if (!set) this.childrenIndex.set(after.parent_id, (set = new Set()));
          set.add(after.id);
        }
      }
    } else if (kind === 'customer') {
      const before = previous as CustomerDoc | undefined;
      const after = next as CustomerDoc | undefined;
      if (before) {
        this.emailIndex.delete(before.email.toLowerCase());
        this.usernameIndex.delete(before.username.toLowerCase());
      }
      if (after) {
        this.emailIndex.set(after.email.toLowerCase(), after.id);
        this.usernameIndex.set(after.username.toLowerCase(), after.id);
      }
    }
  }
}
