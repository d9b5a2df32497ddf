// Opens the SQLite store and brings its schema up to date. One file, WAL, foreign keys on.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from './migrate.js';

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    createPrivately(file);
  }
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

/**
 * The database holds run records and encrypted secrets: it, and the -wal and -shm files SQLite
 * makes with the same mode, are readable by the server's account only (0600), not by the
 * umask's usual 0644. An existing file is tightened too.
 */
function createPrivately(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(path)) chmodSync(path, 0o600);
}
