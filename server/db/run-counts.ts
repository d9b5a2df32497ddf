// Counts of runs for the status page and /metrics. Only the waiting runs are counted in SQLite
// (from the covering index runs_waiting: no table scan); runs queued and running are counted
// where they are, the in-process queue or Redis, since no index holds the status (001-init.sql).
import type { Db } from './open-db.js';

const statements = new WeakMap<Db, { waiting: () => number }>();

/** Runs parked by a delay or a call step now. */
export function waitingRunCount(db: Db): number {
  let s = statements.get(db);
  if (!s) {
    const stmt = db.prepare("SELECT count(*) FROM runs WHERE status = 'waiting'").pluck();
    s = { waiting: () => stmt.get() as number };
    statements.set(db, s);
  }
  return s.waiting();
}
