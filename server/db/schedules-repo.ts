// The schedule tables of migration 010 (per-workflow state and the fire history); the
// scheduler in server/schedules reaches them only through this repo.
import type { Database } from 'better-sqlite3';
import type { Schedule } from '../../engine/index.js';

/** Fires kept per workflow; older ones are deleted as new ones are recorded. */
const FIRES_KEPT = 200;

export interface ScheduleStateRow {
  workflowId: string;
  schedule: Schedule;
  scheduleJson: string;
  enabled: boolean;
  nextDueAt: number | null;
  problem: string | null;
}

export interface FireRow {
  workflowId: string;
  dueAt: number;
  startedAt: number | null;
  runId: string | null;
  error: string | null;
}

interface RawState {
  workflow_id: string;
  schedule_json: string;
  enabled: number;
  next_due_at: number | null;
  problem: string | null;
}

interface RawFire {
  workflow_id: string;
  due_at: number;
  started_at: number | null;
  run_id: string | null;
  error: string | null;
}

function toState(raw: RawState): ScheduleStateRow {
  return {
    workflowId: raw.workflow_id,
    schedule: JSON.parse(raw.schedule_json) as Schedule,
    scheduleJson: raw.schedule_json,
    enabled: raw.enabled === 1,
    nextDueAt: raw.next_due_at,
    problem: raw.problem,
  };
}

/** JSON with sorted keys, so the same schedule always compares equal whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;

export function createScheduleStore(db: Database) {
  const hasTables = db
    .prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schedule_state', 'schedule_fires')",
    )
    .pluck()
    .get() as number;
  if (hasTables !== 2) {
    throw new Error(
      'The schedule tables are missing: apply server/db/migrations/010-schedules.sql before creating the scheduler',
    );
  }

  const getState = db.prepare('SELECT * FROM schedule_state WHERE workflow_id = ?');
  const putState = db.prepare(
    `INSERT INTO schedule_state (workflow_id, schedule_json, enabled, next_due_at, problem, updated_at)
     VALUES (@workflowId, @scheduleJson, @enabled, @nextDueAt, @problem, @now)
     ON CONFLICT (workflow_id) DO UPDATE SET schedule_json = excluded.schedule_json, enabled = excluded.enabled,
       next_due_at = excluded.next_due_at, problem = excluded.problem, updated_at = excluded.updated_at`,
  );
  const deleteState = db.prepare('DELETE FROM schedule_state WHERE workflow_id = ?');
  const allStates = db.prepare('SELECT * FROM schedule_state');
  const dueStates = db.prepare(
    'SELECT * FROM schedule_state WHERE enabled = 1 AND next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at',
  );
  const earliestDue = db
    .prepare('SELECT min(next_due_at) FROM schedule_state WHERE enabled = 1')
    .pluck();
  // Compare-and-set: only the process that still sees the old slot moves it on.
  const advance = db.prepare(
    'UPDATE schedule_state SET next_due_at = ?, updated_at = ? WHERE workflow_id = ? AND next_due_at = ?',
  );
  const setNext = db.prepare(
    'UPDATE schedule_state SET next_due_at = ?, updated_at = ? WHERE workflow_id = ?',
  );
  const claim = db.prepare(
    'INSERT OR IGNORE INTO schedule_fires (workflow_id, due_at, claimed_at) VALUES (?, ?, ?)',
  );
  const started = db.prepare(
    'UPDATE schedule_fires SET started_at = ?, run_id = ? WHERE workflow_id = ? AND due_at = ?',
  );
  const failed = db.prepare(
    'UPDATE schedule_fires SET started_at = ?, error = ? WHERE workflow_id = ? AND due_at = ?',
  );
  // History is for people reading the list: keep the newest FIRES_KEPT per workflow.
  const prune = db.prepare(
    `DELETE FROM schedule_fires WHERE workflow_id = @workflowId AND due_at < (
       SELECT due_at FROM schedule_fires WHERE workflow_id = @workflowId ORDER BY due_at DESC LIMIT 1 OFFSET @keep)`,
  );
  const fires = db.prepare(
    'SELECT workflow_id, due_at, started_at, run_id, error FROM schedule_fires WHERE workflow_id = ? ORDER BY due_at DESC LIMIT ?',
  );

  return {
    get(workflowId: string): ScheduleStateRow | null {
      const raw = getState.get(workflowId) as RawState | undefined;
      return raw ? toState(raw) : null;
    },
    all(): ScheduleStateRow[] {
      return (allStates.all() as RawState[]).map(toState);
    },
    put(
      row: {
        workflowId: string;
        schedule: Schedule;
        enabled: boolean;
        nextDueAt: number | null;
        problem: string | null;
      },
      now: number,
    ): void {
      putState.run({
        workflowId: row.workflowId,
        scheduleJson: canonicalJson(row.schedule),
        enabled: row.enabled ? 1 : 0,
        nextDueAt: row.nextDueAt,
        problem: row.problem,
        now,
      });
    },
    remove(workflowId: string): void {
      deleteState.run(workflowId);
    },
    due(now: number): ScheduleStateRow[] {
      return (dueStates.all(now) as RawState[]).map(toState);
    },
    earliestDue(): number | null {
      return (earliestDue.get() as number | null) ?? null;
    },
    /** Move a slot on if it is still `from`; false when another process already did. */
    advance(workflowId: string, from: number, to: number | null, now: number): boolean {
      return advance.run(to, now, workflowId, from).changes === 1;
    },
    setNext(workflowId: string, next: number | null, now: number): void {
      setNext.run(next, now, workflowId);
    },
    /** Claim a slot; true for exactly one caller per (workflow, due time). */
    claim(workflowId: string, dueAt: number, now: number): boolean {
      return claim.run(workflowId, dueAt, now).changes === 1;
    },
    markStarted(workflowId: string, dueAt: number, startedAt: number, runId: string): void {
      started.run(startedAt, runId, workflowId, dueAt);
    },
    /** Forget all but the newest `keep` fires of a workflow. */
    prune(workflowId: string, keep = FIRES_KEPT): void {
      prune.run({ workflowId, keep: keep - 1 });
    },
    markFailed(workflowId: string, dueAt: number, startedAt: number, error: string): void {
      failed.run(startedAt, error, workflowId, dueAt);
    },
    fires(workflowId: string, limit: number): FireRow[] {
      return (fires.all(workflowId, limit) as RawFire[]).map((raw) => ({
        workflowId: raw.workflow_id,
        dueAt: raw.due_at,
        startedAt: raw.started_at,
        runId: raw.run_id,
        error: raw.error,
      }));
    },
  };
}
