// The group commit spreads big writes (multi-megabyte checkpoints) over several turns of the
// event loop, so the thread is never held for all of them at once (issue 12); order is kept,
// and flush() at shutdown still commits everything at once.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open-db.js';
import { createWriteBatcher } from '../../server/db/write-batch.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('stepwise-write-batch-');
afterAll(() => dir.remove());

describe('the group commit', () => {
  it('commits about 4 MB per turn, in order, and every write resolves after its commit', async () => {
    const db = openDb(join(dir.path, 'a.db'));
    db.exec('CREATE TABLE t (n INTEGER, body TEXT)');
    const batch = createWriteBatcher(db);
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const body = 'x'.repeat(3 * 1024 * 1024);
    const turns: number[] = [];
    let turn = 0;
    const ticker = setInterval(() => turn++, 0);
    const done = Array.from({ length: 4 }, (_, n) =>
      batch.write(() => insert.run(n, body), body.length).then(() => turns.push(turn)),
    );
    const small = batch.write(() => insert.run(99, 'small')).then(() => turns.push(turn));
    await Promise.all([...done, small]);
    clearInterval(ticker);
    // Four 3 MB writes: each its own commit (a second one would pass 4 MB), in order.
    expect(db.prepare('SELECT n FROM t ORDER BY rowid').pluck().all()).toEqual([0, 1, 2, 3, 99]);
    expect(new Set(turns.slice(0, 4)).size).toBeGreaterThan(1);
    db.close();
  });

  it('flush() commits everything that waits, at once (shutdown)', () => {
    const db = openDb(join(dir.path, 'b.db'));
    db.exec('CREATE TABLE t (n INTEGER, body TEXT)');
    const batch = createWriteBatcher(db);
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const body = 'y'.repeat(3 * 1024 * 1024);
    for (let n = 0; n < 3; n++) void batch.write(() => insert.run(n, body), body.length);
    batch.flush();
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
    db.close();
  });
});
