import { afterEach, describe, expect, it } from 'vitest';
import { statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../server/db/open-db.js';
import { applyMigrations } from '../../server/db/migrate.js';
import { loadSecretKey, parseSecretKey } from '../../server/services/secret-key.js';
import { createCipher } from '../../server/services/cipher.js';
import { tempDir } from '../helpers/temp-dir.js';

const dirs: { remove(): void }[] = [];
const temp = () => {
  const d = tempDir('stepwise-store-');
  dirs.push(d);
  return d.path;
};
afterEach(() => {
  while (dirs.length) dirs.pop()!.remove();
});

describe('the SQLite store', () => {
  it('opens in WAL mode with foreign keys and applies each migration once, in numeric order', () => {
    const path = temp();
    const db = openDb(join(path, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db
      .prepare('SELECT number FROM schema_migrations ORDER BY number')
      .pluck()
      .all() as number[];
    expect(applied[0]).toBe(1);
    expect(applied).toEqual([...applied].sort((a, b) => a - b));
    db.close();

    const migrations = join(path, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '002-second.sql'), 'CREATE TABLE second (x INTEGER);');
    writeFileSync(join(migrations, '010-tenth.sql'), 'INSERT INTO second VALUES (10);');
    writeFileSync(join(migrations, '001-first.sql'), 'CREATE TABLE first (x INTEGER);');
    writeFileSync(join(migrations, 'notes.txt'), 'not a migration');
    const db2 = new Database(join(path, 'b.db'));
    expect(applyMigrations(db2, migrations)).toEqual([
      '001-first.sql',
      '002-second.sql',
      '010-tenth.sql',
    ]);
    expect(applyMigrations(db2, migrations)).toEqual([]);
    expect(db2.prepare('SELECT x FROM second').pluck().all()).toEqual([10]);
    db2.close();
  });

  it('refuses two migrations with one number, naming both files', () => {
    const migrations = join(temp(), 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '070-runs.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '070-storage.sql'), 'CREATE TABLE b (x INTEGER);');
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, migrations)).toThrow(
      'Two migrations share number 70: 070-runs.sql and 070-storage.sql',
    );
    db.close();
  });

  it('rolls back a migration that fails, so it is tried again next time', () => {
    const path = temp();
    const migrations = join(path, 'migrations');
    mkdirSync(migrations);
    writeFileSync(
      join(migrations, '001-bad.sql'),
      'CREATE TABLE t (x INTEGER); INSERT INTO nope VALUES (1);',
    );
    const db = new Database(join(path, 'c.db'));
    expect(() => applyMigrations(db, migrations)).toThrow(/no such table: nope/);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('the secret key', () => {
  it('makes secret.key with mode 0600 on first start and reads the same key later', () => {
    const path = temp();
    const first = loadSecretKey({}, path);
    expect(first.source).toBe(join(path, 'secret.key'));
    expect(statSync(first.source).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.source, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSecretKey({}, path).key.equals(first.key)).toBe(true);
  });

  it('takes STEPWISE_SECRET_KEY as hex or base64, and names the setting when it is wrong', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey({ STEPWISE_SECRET_KEY: hex }, temp()).key.toString('hex')).toBe(hex);
    expect(
      parseSecretKey(Buffer.alloc(32, 7).toString('base64'), 'X').equals(Buffer.alloc(32, 7)),
    ).toBe(true);
    expect(() => loadSecretKey({ STEPWISE_SECRET_KEY: 'short' }, temp())).toThrow(
      'STEPWISE_SECRET_KEY must be 64 hex characters or the base64 of 32 bytes',
    );
  });

  it('encrypts with AES-256-GCM bound to the row id', () => {
    const cipher = createCipher(Buffer.alloc(32, 1));
    const a = cipher.encrypt('{"token":"abc"}', 'auth_1');
    const b = cipher.encrypt('{"token":"abc"}', 'auth_1');
    expect(a.equals(b)).toBe(false);
    expect(cipher.decrypt(a, 'auth_1')).toBe('{"token":"abc"}');
    expect(() => cipher.decrypt(a, 'auth_2')).toThrow();
    expect(() => createCipher(Buffer.alloc(32, 2)).decrypt(a, 'auth_1')).toThrow();
  });
});
