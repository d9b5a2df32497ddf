// Opens the SQLite store and brings its schema up to date. One file, WAL, foreign keys on.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from './migrate.js';

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a killed process (the kill test relies on that);
  // only an OS crash can lose the last few commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Several API processes may share one file (queue mode): wait for a lock instead of failing.
  db.pragma('busy_timeout = 5000');
  applyMigrations(db);
  return db;
}
