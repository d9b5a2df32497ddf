// Who may execute which run (server/runs/leases): the processes using this data folder with
// their heartbeats, and each unfinished run's owner.
import type { Db } from './open-db.js';

export interface ProcessRow {
  owner: string;
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
  shared: number;
}

/** An unfinished run and what is known of its owner (null fields: no such process row). */
export interface OwnedRun {
  id: string;
  owner: string | null;
  pid: number | null;
  host: string | null;
  heartbeatAt: number | null;
}

const processColumns =
  'owner, pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt, shared';

export function createLeasesRepo(db: Db) {
  const s = {
    processes: db.prepare(`SELECT ${processColumns} FROM stepwise_processes`),
    register: db.prepare(
      'INSERT OR REPLACE INTO stepwise_processes (owner, pid, host, started_at, heartbeat_at, shared) VALUES (@owner, @pid, @host, @startedAt, @heartbeatAt, @shared)',
    ),
    beat: db.prepare('UPDATE stepwise_processes SET heartbeat_at = ? WHERE owner = ?'),
    forget: db.prepare('DELETE FROM stepwise_processes WHERE owner = ?'),
    // Every unfinished run, at start (older rows may have no owner).
    unfinished:
      db.prepare(`SELECT r.id, r.lease_owner AS owner, p.pid, p.host, p.heartbeat_at AS heartbeatAt
      FROM runs r LEFT JOIN stepwise_processes p ON p.owner = r.lease_owner
      WHERE r.status IN ('queued', 'running') ORDER BY r.rowid`),
    claim: db.prepare(
      "UPDATE runs SET lease_owner = @owner WHERE id = @id AND lease_owner IS @was AND status IN ('queued', 'running')",
    ),
    mine: db.prepare('SELECT id FROM runs WHERE lease_owner = ?').pluck(),
  };
  return {
    processes: () => s.processes.all() as ProcessRow[],
    register(row: ProcessRow): void {
      s.register.run(row);
    },
    /** Renew this process's heartbeat; false when its row is gone (another process forgot it). */
    beat: (owner: string, at: number) => s.beat.run(at, owner).changes > 0,
    forget(owner: string): void {
      s.forget.run(owner);
    },
    unfinished: () => s.unfinished.all() as OwnedRun[],
    /** Take a run over from `was` (its owner as last read): false when someone else was quicker. */
    claim: (id: string, owner: string, was: string | null) =>
      s.claim.run({ id, owner, was }).changes > 0,
    /** Ids of the unfinished runs this owner holds. */
    mine: (owner: string) => s.mine.all(owner) as string[],
  };
}
export type LeasesRepo = ReturnType<typeof createLeasesRepo>;
