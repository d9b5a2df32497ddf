// This process as an owner of runs: a fresh id per start, with its pid and host so that another
// process can name it and, on the same host, tell at once whether it is still alive.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { OwnedRun } from '../../db/leases-repo.js';

export interface Owner {
  id: string;
  pid: number;
  host: string;
}

export function newOwner(): Owner {
  return { id: `own_${randomBytes(9).toString('base64url')}`, pid: process.pid, host: hostname() };
}

/** A process that still holds its runs: its heartbeat is fresh and, on this host, its pid lives. */
export function ownerAlive(
  row: Pick<OwnedRun, 'pid' | 'host' | 'heartbeatAt'>,
  me: Owner,
  leaseMs: number,
  now: number,
): boolean {
  if (row.heartbeatAt === null || row.pid === null) return false;
  if (row.heartbeatAt + leaseMs <= now) return false;
  // A SIGKILLed process on this machine is known dead at once; elsewhere its lease must run out.
  if (row.host === me.host && !pidAlive(row.pid)) return false;
  return true;
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
