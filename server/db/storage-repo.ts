// The storage connector's values in SQLite. Every write is one IMMEDIATE transaction: the read
// of the current value and the write of the new one hold the database's write lock together, so
// concurrent runs (and several processes sharing the file) never lose an increment or an append.
import {
  appendedList,
  createMemoryStorage,
  encodeStoredValue,
  incrementedNumber,
  storageOwner,
  type StepStorage,
  type StorageScope,
  type StoredValue,
} from '../../engine/index.js';
import type { Db } from './open-db.js';

export interface StorageEntry {
  key: string;
  value: unknown;
  bytes: number;
  updatedAt: string;
}

/** The byte length of the JSON text (what the 1 MiB limit counts). */
const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

export function createStorageRepo(db: Db, now: () => number = Date.now) {
  const select = db.prepare<[string, string, string], { value: string }>(
    'SELECT value FROM storage WHERE scope = ? AND owner = ? AND key = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO storage (scope, owner, key, value, bytes, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, owner, key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM storage WHERE scope = ? AND owner = ? AND key = ?');
  const removeRun = db.prepare("DELETE FROM storage WHERE scope = 'run' AND owner = ?");
  // Keys by prefix: from the prefix on in the primary key's order, while the key starts with
  // it (not LIKE, whose % and _ would be wildcards inside a key).
  const PREFIX = 'scope = ? AND owner = ? AND key >= ? AND substr(key, 1, length(?)) = ?';
  const keys = db
    .prepare<[string, string, string, string, string], string>(
      `SELECT key FROM storage WHERE ${PREFIX} ORDER BY key`,
    )
    .pluck();
  type EntryRow = { key: string; value: string; bytes: number; updated_at: number };
  const entries = db.prepare<[string, string, string, string, string, string, number], EntryRow>(
    `SELECT key, value, bytes, updated_at FROM storage WHERE ${PREFIX} AND key > ? ORDER BY key LIMIT ?`,
  );
  const entry = db.prepare<[string, string, string], EntryRow>(
    'SELECT key, value, bytes, updated_at FROM storage WHERE scope = ? AND owner = ? AND key = ?',
  );
  const toEntry = (r: EntryRow): StorageEntry => ({
    key: r.key,
    value: JSON.parse(r.value) as unknown,
    bytes: r.bytes,
    updatedAt: new Date(r.updated_at).toISOString(),
  });

  const read = (scope: string, owner: string, key: string): StoredValue => {
    const row = select.get(scope, owner, key);
    return row ? { found: true, value: JSON.parse(row.value) } : { found: false, value: null };
  };
  const write = (scope: string, owner: string, key: string, text: string) =>
    upsert.run(scope, owner, key, text, bytesOf(text), now());

  /** `update(current)` computes the new value from the current one inside the write lock. */
  const readModifyWrite = db.transaction(
    (scope: string, owner: string, key: string, update: (current: StoredValue) => unknown) => {
      const next = update(read(scope, owner, key));
      write(scope, owner, key, encodeStoredValue(key, next));
      return next;
    },
  );

  return {
    /** One run's view: its run values, its workflow's, and the account's. */
    forRun(ids: { runId: string; workflowId: string | undefined }): StepStorage {
      const owner = (scope: StorageScope) => storageOwner(scope, ids);
      return {
        async get(scope, key) {
          return read(scope, owner(scope), key);
        },
        async set(scope, key, value) {
          write(scope, owner(scope), key, encodeStoredValue(key, value));
        },
        async append(scope, key, items) {
          const list = readModifyWrite.immediate(scope, owner(scope), key, (current) =>
            appendedList(key, current, items),
          ) as unknown[];
          return list.length;
        },
        async increment(scope, key, by) {
          return readModifyWrite.immediate(scope, owner(scope), key, (current) =>
            incrementedNumber(key, current, by),
          ) as number;
        },
        async delete(scope, key) {
          return remove.run(scope, owner(scope), key).changes > 0;
        },
        async listKeys(scope, prefix) {
          return keys.all(scope, owner(scope), prefix, prefix, prefix);
        },
      };
    },

    /**
     * For a replayed step: the workflow's and the account's values as in a run, but `run` values
     * in memory (the run has ended; rows written for it would never be cleared).
     */
    forReplay(ids: { runId: string; workflowId: string }): StepStorage {
      const stored = this.forRun(ids);
      const memory = createMemoryStorage().forRun(ids);
      const pick = (scope: StorageScope) => (scope === 'run' ? memory : stored);
      return {
        get: (scope, key) => pick(scope).get(scope, key),
        set: (scope, key, value) => pick(scope).set(scope, key, value),
        append: (scope, key, items) => pick(scope).append(scope, key, items),
        increment: (scope, key, by) => pick(scope).increment(scope, key, by),
        delete: (scope, key) => pick(scope).delete(scope, key),
        listKeys: (scope, prefix) => pick(scope).listKeys(scope, prefix),
      };
    },

    /** A run's `run` values go when it ends. */
    clearRun(runId: string): void {
      removeRun.run(runId);
    },

    /** The admin list: entries of one scope and owner starting with `prefix`, after the key `after`, sorted, at most `limit`. */
    list(
      scope: StorageScope,
      owner: string,
      q: { prefix: string; after: string; limit: number },
    ): StorageEntry[] {
      return entries.all(scope, owner, q.prefix, q.prefix, q.prefix, q.after, q.limit).map(toEntry);
    },

    /** One entry, for the admin API. */
    entry(scope: StorageScope, owner: string, key: string): StorageEntry | undefined {
      const row = entry.get(scope, owner, key);
      return row ? toEntry(row) : undefined;
    },

    /** The admin delete: whether there was a value. */
    delete(scope: StorageScope, owner: string, key: string): boolean {
      return remove.run(scope, owner, key).changes > 0;
    },
  };
}
export type StorageRepo = ReturnType<typeof createStorageRepo>;
