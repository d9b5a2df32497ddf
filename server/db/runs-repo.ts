// Runs and their debug records. Every write is a prepared statement executed synchronously,
// so a record is committed before the engine moves on to the next step.
import type Database from 'better-sqlite3';
import type { Db } from './open-db.js';
import type { RunStatus } from '../../engine/index.js';

export interface RunRow {
  id: string;
  workflowId: string;
  workflowVersion: number;
  triggerType: string;
  triggerOutput: string | null;
  startedBy: string | null;
  retryOf: string | null;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  stepCount: number;
  recordsOmitted: number;
  /** A waiting run parked by a delay: when it resumes (ISO). */
  resumeAt: string | null;
  /** A waiting run parked by a call step: the run it waits for. */
  waitingFor: string | null;
  /** JSON { runId, workflowId, stepId } of the call step that started this run. */
  calledBy: string | null;
  callDepth: number;
  /** JSON of the first respond step's answer { status, headers, body, stepId }. */
  response: string | null;
  checkpoint: string | null;
  /** The process that executes (or will execute) it; null once it has ended. */
  leaseOwner?: string | null;
}

/** What a run started by a call step also stores. */
export interface CallFields {
  calledBy: string | null;
  callKey: string | null;
  callDepth: number;
}

export interface RunSearch {
  workflowId?: string;
  status?: RunStatus;
  from?: string;
  to?: string;
  before?: string;
  limit: number;
}

/** What a list of workflows shows of each one's newest run. */
export interface LastRun {
  id: string;
  workflowId: string;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RecordRow {
  runId: string;
  seq: number;
  stepId: string;
  place: string;
  status: string;
  attempt: number;
  input: string | null;
  output: string | null;
  error: string | null;
  startedAt: string;
  durationMs: number;
}

const runColumns = `id, workflow_id AS workflowId, workflow_version AS workflowVersion, trigger_type AS triggerType,
  trigger_output AS triggerOutput, started_by AS startedBy, retry_of AS retryOf, status, created_at AS createdAt,
  started_at AS startedAt, finished_at AS finishedAt, error, step_count AS stepCount,
  records_omitted AS recordsOmitted, resume_at AS resumeAt, waiting_for AS waitingFor,
  called_by AS calledBy, call_depth AS callDepth, response, lease_owner AS leaseOwner, (SELECT checkpoint FROM run_checkpoints c WHERE c.run_id = runs.id) AS checkpoint`;
const recordColumns = `run_id AS runId, seq, step_id AS stepId, place, status, attempt, input, output, error,
  started_at AS startedAt, duration_ms AS durationMs`;

export function createRunsRepo(db: Db) {
  const s = {
    insert:
      db.prepare(`INSERT INTO runs (id, workflow_id, workflow_version, trigger_type, trigger_output, started_by, retry_of,
      status, created_at, called_by, call_key, call_depth, lease_owner) VALUES (@id, @workflowId, @workflowVersion, @triggerType,
      @triggerOutput, @startedBy, @retryOf, 'queued', @createdAt, @calledBy, @callKey, @callDepth, @leaseOwner)`),
    byId: db.prepare(`SELECT ${runColumns} FROM runs WHERE id = ?`),
    // Without the checkpoint (megabytes for a run with large outputs): for status reads.
    byIdLight: db.prepare(
      `SELECT ${runColumns.replace(/, \(SELECT checkpoint FROM run_checkpoints[^)]*\) AS checkpoint$/, ', NULL AS checkpoint')} FROM runs WHERE id = ?`,
    ),
    markRunning: db.prepare(
      "UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), in_flight = in_flight + 1 WHERE id = ? AND status IN ('queued', 'running')",
    ),
    finish:
      db.prepare(`UPDATE runs SET status = @status, finished_at = @finishedAt, error = @error, step_count = @stepCount,
      records_omitted = @recordsOmitted, resume_at = NULL, waiting_for = NULL, response = COALESCE(@response, response),
      in_flight = 0, lease_owner = NULL WHERE id = @id`),
    park: db.prepare(`UPDATE runs SET status = 'waiting', resume_at = @resumeAt, waiting_for = @waitingFor,
      step_count = @stepCount, records_omitted = @recordsOmitted, response = COALESCE(@response, response),
      in_flight = 0, lease_owner = NULL WHERE id = @id AND status IN ('queued', 'running')`),
    // Atomic: whoever wakes (or cancels) a waiting run first is the only one who does.
    wake: db.prepare(
      "UPDATE runs SET status = 'queued', resume_at = NULL, waiting_for = NULL, lease_owner = ? WHERE id = ? AND status = 'waiting'",
    ),
    cancelWaiting: db.prepare(
      "UPDATE runs SET status = 'cancelled', finished_at = ?, error = ?, resume_at = NULL, waiting_for = NULL WHERE id = ? AND status = 'waiting'",
    ),
    due: db
      .prepare(
        "SELECT id FROM runs WHERE status = 'waiting' AND resume_at IS NOT NULL AND resume_at <= ? ORDER BY resume_at",
      )
      .pluck(),
    nextResumeAt: db
      .prepare("SELECT MIN(resume_at) FROM runs WHERE status = 'waiting' AND resume_at IS NOT NULL")
      .pluck(),
    callersOf: db
      .prepare("SELECT id FROM runs WHERE waiting_for = ? AND status = 'waiting'")
      .pluck(),
    // Callers whose called run ended while nobody was there to wake them (a restart between the two).
    callersOfEnded: db
      .prepare(`SELECT w.id FROM runs w JOIN runs c ON c.id = w.waiting_for
      WHERE w.status = 'waiting' AND c.status IN ('succeeded', 'failed', 'cancelled')`)
      .pluck(),
    byCallKey: db.prepare('SELECT id FROM runs WHERE call_key = ?').pluck(),
    setResponse: db.prepare('UPDATE runs SET response = ? WHERE id = ? AND response IS NULL'),
    cancelQueued: db.prepare(
      "UPDATE runs SET status = 'cancelled', finished_at = ?, error = ? WHERE id = ? AND status = 'queued'",
    ),
    // An upsert updates the row in place (REPLACE would delete and insert it again).
    checkpoint: db.prepare(
      'INSERT INTO run_checkpoints (checkpoint, run_id) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET checkpoint = excluded.checkpoint',
    ),
    // Whose run it is, for the per-person share of run slots.
    ownerOf: db
      .prepare(
        'SELECT COALESCE(r.started_by, w.owner_id) FROM runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.id = ?',
      )
      .pluck(),
    // The crash-loop guard (migration 070): executions begun and not ended cleanly.
    inFlight: db.prepare('SELECT in_flight FROM runs WHERE id = ?').pluck(),
    // A clean shutdown hands back the runs it could not wait for: their stop was not a crash.
    handBack: db.prepare(
      "UPDATE runs SET in_flight = MAX(in_flight - 1, 0) WHERE status = 'running' AND in_flight > 0",
    ),
    lastPlace: db
      .prepare('SELECT place FROM run_records WHERE run_id = ? ORDER BY seq DESC LIMIT 1')
      .pluck(),
    dropCheckpoint: db.prepare('DELETE FROM run_checkpoints WHERE run_id = ?'),
    unfinished: db.prepare(
      `SELECT ${runColumns} FROM runs WHERE status IN ('queued', 'running') ORDER BY rowid`,
    ),
    activeOf: db
      .prepare(
        "SELECT COUNT(*) FROM runs WHERE workflow_id = ? AND status IN ('queued', 'running', 'waiting')",
      )
      .pluck(),
    maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM run_records WHERE run_id = ?').pluck(),
    insertRecord:
      db.prepare(`INSERT OR REPLACE INTO run_records (run_id, seq, step_id, place, status, attempt, input, output, error,
      started_at, duration_ms) VALUES (@runId, @seq, @stepId, @place, @status, @attempt, @input, @output, @error, @startedAt, @durationMs)`),
    page: db.prepare(
      `SELECT ${recordColumns} FROM run_records WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    recordsUpTo: db.prepare(
      `SELECT ${recordColumns} FROM run_records WHERE run_id = ? AND seq <= ? ORDER BY seq`,
    ),
    recordOf: db.prepare(
      `SELECT ${recordColumns} FROM run_records WHERE run_id = ? AND step_id = ? ORDER BY seq DESC LIMIT 1`,
    ),
    recordBySeq: db.prepare(
      `SELECT ${recordColumns} FROM run_records WHERE run_id = ? AND seq = ?`,
    ),
    recordByPlace: db.prepare(
      `SELECT ${recordColumns} FROM run_records WHERE run_id = ? AND place = ? ORDER BY seq DESC LIMIT 1`,
    ),
    // The newest run of every workflow: one index lookup per workflow (runs_by_workflow holds rowids).
    lastPerWorkflow: db.prepare(
      `SELECT id, workflow_id AS workflowId, status, created_at AS createdAt, started_at AS startedAt,
        finished_at AS finishedAt FROM runs WHERE rowid IN (SELECT MAX(rowid) FROM runs GROUP BY workflow_id)`,
    ),
    rowidOf: db.prepare('SELECT rowid FROM runs WHERE id = ?').pluck(),
    // The newest ok output per step id among the workflow's last runs (for validate). With
    // MAX() SQLite answers the other columns from the row holding the maximum, so a loop's
    // thousands of records come back as one row per step, not one JSON text each.
    lastOutputs:
      db.prepare(`SELECT r.step_id AS stepId, r.output AS output, MAX(x.rid * 1000000000 + r.seq) AS newest
      FROM run_records r
      JOIN (SELECT id, rowid AS rid FROM runs WHERE workflow_id = ? ORDER BY rowid DESC LIMIT 20) x ON x.id = r.run_id
      WHERE r.status = 'ok' GROUP BY r.step_id`),
  };
  const history = (status: boolean, before: boolean) =>
    db.prepare(`SELECT ${runColumns} FROM runs WHERE workflow_id = @workflowId
      ${status ? 'AND status = @status' : ''} ${before ? 'AND rowid < @before' : ''} ORDER BY rowid DESC LIMIT @limit`);
  // One prepared statement per combination of filters (at most 32), made when first asked for.
  const searchStatements = new Map<string, Database.Statement>();
  const historyStatements = [
    history(false, false),
    history(true, false),
    history(false, true),
    history(true, true),
  ];

  return {
    insert(
      run: Pick<
        RunRow,
        | 'id'
        | 'workflowId'
        | 'workflowVersion'
        | 'triggerType'
        | 'triggerOutput'
        | 'startedBy'
        | 'retryOf'
        | 'createdAt'
        | 'checkpoint'
      > &
        Partial<CallFields> & { leaseOwner?: string | null },
    ): void {
      const { checkpoint, ...row } = run;
      s.insert.run({ calledBy: null, callKey: null, callDepth: 0, leaseOwner: null, ...row });
      if (checkpoint !== null) s.checkpoint.run(checkpoint, run.id);
    },
    byId: (id: string) => s.byId.get(id) as RunRow | undefined,
    /** The run without its checkpoint (`checkpoint` is null): what status reads need. */
    byIdLight: (id: string) => s.byIdLight.get(id) as RunRow | undefined,
    markRunning: (id: string, at: string) => s.markRunning.run(at, id).changes > 0,
    finish(run: {
      id: string;
      status: RunStatus;
      finishedAt: string;
      error: string | null;
      stepCount: number;
      recordsOmitted: number;
      /** JSON of the first respond step's answer, when one ran. */
      response?: string | null;
    }): void {
      s.finish.run({ response: null, ...run });
    },
    /** Park a run: false when it is no longer queued or running (it was cancelled meanwhile). */
    park: (run: {
      id: string;
      resumeAt: string | null;
      waitingFor: string | null;
      stepCount: number;
      recordsOmitted: number;
      response: string | null;
    }) => s.park.run(run).changes > 0,
    /** A waiting run is due: back to "queued". False when someone else woke or cancelled it first. */
    /** Queue a waiting run again, for `owner` (the process that woke it executes it). */
    wake: (id: string, owner: string) => s.wake.run(owner, id).changes > 0,
    cancelWaiting: (id: string, at: string, error: string) =>
      s.cancelWaiting.run(at, error, id).changes > 0,
    /** Waiting runs whose resume time has come (ISO `now`). */
    due: (now: string) => s.due.all(now) as string[],
    nextResumeAt: () => s.nextResumeAt.get() as string | null,
    callersOf: (runId: string) => s.callersOf.all(runId) as string[],
    callersOfEnded: () => s.callersOfEnded.all() as string[],
    byCallKey: (key: string) => s.byCallKey.get(key) as string | undefined,
    /** The first respond step's answer (a later one never replaces it). */
    setResponse: (id: string, response: string) => void s.setResponse.run(response, id),
    cancelQueued: (id: string, at: string, error: string) =>
      s.cancelQueued.run(at, error, id).changes > 0,
    saveCheckpoint(id: string, checkpoint: string): void {
      s.checkpoint.run(checkpoint, id);
    },
    dropCheckpoint(id: string): void {
      s.dropCheckpoint.run(id);
    },
    unfinished: () => s.unfinished.all() as RunRow[],
    /** Who started the run, else its workflow's owner (a webhook's or a schedule's run). */
    ownerOf: (id: string) => (s.ownerOf.get(id) as string | null | undefined) ?? null,
    /** Executions of the run that began and did not end cleanly (0 after it finished or parked). */
    inFlight: (id: string) => (s.inFlight.get(id) as number | undefined) ?? 0,
    /** At a clean shutdown: the runs still executing were stopped on purpose, not by a crash. */
    handBackRunning: () => void s.handBack.run(),
    /** The place of the run's last stored record (`loop-1[3] > slack-1`), or undefined. */
    lastPlace: (id: string) => s.lastPlace.get(id) as string | undefined,
    activeCount: (workflowId: string) => s.activeOf.get(workflowId) as number,
    maxSeq: (runId: string) => s.maxSeq.get(runId) as number,
    insertRecord(record: RecordRow): void {
      s.insertRecord.run(record);
    },
    /** Copy records (a retry from the failed step keeps the records of the steps it reuses). */
    copyRecords: db.transaction((rows: RecordRow[], runId: string) => {
      for (const row of rows) s.insertRecord.run({ ...row, runId });
    }),
    page: (runId: string, after: number, limit: number) =>
      s.page.all(runId, after, limit) as RecordRow[],
    recordsUpTo: (runId: string, seq: number) => s.recordsUpTo.all(runId, seq) as RecordRow[],
    lastRecordOf: (runId: string, stepId: string) =>
      s.recordOf.get(runId, stepId) as RecordRow | undefined,
    recordBySeq: (runId: string, seq: number) =>
      s.recordBySeq.get(runId, seq) as RecordRow | undefined,
    recordByPlace: (runId: string, place: string) =>
      s.recordByPlace.get(runId, place) as RecordRow | undefined,
    history(q: {
      workflowId: string;
      status?: RunStatus;
      before?: string;
      limit: number;
    }): RunRow[] | null {
      let before: number | undefined;
      if (q.before !== undefined) {
        before = s.rowidOf.get(q.before) as number | undefined;
        if (before === undefined) return null;
      }
      const stmt = historyStatements[(q.status ? 1 : 0) + (before !== undefined ? 2 : 0)];
      return stmt.all({
        workflowId: q.workflowId,
        status: q.status,
        before,
        limit: q.limit,
      }) as RunRow[];
    },
    /** The newest run of each workflow that has one, by workflow id. */
    lastPerWorkflow(): Map<string, LastRun> {
      return new Map((s.lastPerWorkflow.all() as LastRun[]).map((r) => [r.workflowId, r]));
    },
    /**
     * Runs across workflows, newest first (GET /api/runs). `from` (inclusive) and `to`
     * (exclusive) are ISO times compared with created_at; `before` is a run id (the cursor).
     * null when `before` names no run.
     */
    search(q: RunSearch): RunRow[] | null {
      let before: number | undefined;
      if (q.before !== undefined) {
        before = s.rowidOf.get(q.before) as number | undefined;
        if (before === undefined) return null;
      }
      const where = [
        q.workflowId !== undefined ? 'workflow_id = @workflowId' : '',
        q.status !== undefined ? 'status = @status' : '',
        q.from !== undefined ? 'created_at >= @from' : '',
        q.to !== undefined ? 'created_at < @to' : '',
        before !== undefined ? 'rowid < @before' : '',
      ].filter(Boolean);
      const key = where.join(' AND ');
      let stmt = searchStatements.get(key);
      if (!stmt) {
        stmt = db.prepare(
          `SELECT ${runColumns} FROM runs ${key ? `WHERE ${key}` : ''} ORDER BY rowid DESC LIMIT @limit`,
        );
        searchStatements.set(key, stmt);
      }
      const params: Record<string, unknown> = { limit: q.limit };
      if (q.workflowId !== undefined) params.workflowId = q.workflowId;
      if (q.status !== undefined) params.status = q.status;
      if (q.from !== undefined) params.from = q.from;
      if (q.to !== undefined) params.to = q.to;
      if (before !== undefined) params.before = before;
      return stmt.all(params) as RunRow[];
    },
    lastOutputs(workflowId: string): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const row of s.lastOutputs.all(workflowId) as {
        stepId: string;
        output: string | null;
      }[]) {
        out[row.stepId] = row.output === null ? null : JSON.parse(row.output);
      }
      return out;
    },
  };
}
export type RunsRepo = ReturnType<typeof createRunsRepo>;
