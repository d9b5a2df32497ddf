// Counters of failed sign-ins (services/login-limits.ts holds the rules).
import type { Db } from './open-db.js';

export interface LoginLimitRow {
  key: string;
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

export function createLoginLimitsRepo(db: Db) {
  const s = {
    get: db.prepare(
      'SELECT key, failures, window_start AS windowStart, locked_until AS lockedUntil FROM login_limits WHERE key = ?',
    ),
    put: db.prepare(
      `INSERT INTO login_limits (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
         window_start = excluded.window_start, locked_until = excluded.locked_until`,
    ),
    remove: db.prepare('DELETE FROM login_limits WHERE key = ?'),
    prune: db.prepare('DELETE FROM login_limits WHERE window_start < ? AND locked_until < ?'),
  };
  return {
    get: (key: string) => s.get.get(key) as LoginLimitRow | undefined,
    put(row: LoginLimitRow): void {
      s.put.run(row.key, row.failures, row.windowStart, row.lockedUntil);
    },
    remove(key: string): void {
      s.remove.run(key);
    },
    /** Forget counters whose window started before `windowStartBefore` and whose lock is over. */
    prune(windowStartBefore: number, now: number): number {
      return s.prune.run(windowStartBefore, now).changes;
    },
  };
}
export type LoginLimitsRepo = ReturnType<typeof createLoginLimitsRepo>;
