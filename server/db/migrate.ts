// Numbered migrations (NNN-name.sql) applied in numeric order, each exactly once. Other
// owners add files in their own number ranges (010-019 schedules, 020-029 files/notify);
// this runner just applies whatever is there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ROOT_DIR } from '../root-dir.js';

const MIGRATIONS_DIR = join(ROOT_DIR, 'server', 'db', 'migrations');

export interface Migration {
  number: number;
  name: string;
  sql: string;
}

function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d+)-(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ number: Number(m[1]), name: m[0], sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.number - b.number)
    .map((migration, i, all) => {
      // Two files with one number would each be applied or skipped by chance of order: refuse.
      const twin = all[i - 1];
      if (twin && twin.number === migration.number) {
        throw new Error(
          `Two migrations share number ${migration.number}: ${twin.name} and ${migration.name}`,
        );
      }
      return migration;
    });
}

/** Apply the migrations not yet recorded in schema_migrations; returns the names applied. */
export function applyMigrations(db: Database.Database, dir = MIGRATIONS_DIR): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const done = new Set(
    db.prepare('SELECT number FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (done.has(migration.number)) continue;
    // A migration that edits a table's stored SQL (SQLite's documented way to loosen a CHECK
    // constraint in place) needs the defensive mode off while it runs, and the schema version
    // bumped so that this connection reads the new schema.
    const editsSchema = /PRAGMA\s+writable_schema\s*=\s*ON/i.test(migration.sql);
    if (editsSchema) db.unsafeMode(true);
    try {
      // Each migration and its bookkeeping row commit together, so a crash never half-applies one.
      db.transaction(() => {
        db.exec(migration.sql);
        if (editsSchema) {
          const version = db.pragma('schema_version', { simple: true }) as number;
          db.pragma(`schema_version = ${version + 1}`);
        }
        record.run(migration.number, migration.name, new Date().toISOString());
      })();
    } finally {
      if (editsSchema) db.unsafeMode(false);
    }
    applied.push(migration.name);
  }
  return applied;
}
