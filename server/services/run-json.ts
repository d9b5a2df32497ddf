// The API shapes of a run and a debug record, made from their rows.
import type { DebugRecord, RunError, RunStatus } from '../../engine/index.js';
import type { RecordRow, RunRow } from '../db/runs-repo.js';

export interface RunJson {
  id: string;
  workflowId: string;
  workflowVersion: number;
  /** How the run started and its trigger output (`$.trigger`). */
  trigger: { type: string; output: unknown };
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: RunError | null;
  stepCount: number;
  recordsOmitted: number;
  retryOf: string | null;
  startedBy: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toRunJson(row: Omit<RunRow, 'checkpoint'>, liveStepCount?: number): RunJson {
  return {
    id: row.id,
    workflowId: row.workflowId,
    workflowVersion: row.workflowVersion,
    trigger: { type: row.triggerType, output: parse(row.triggerOutput) ?? {} },
    status: row.status,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: parse(row.error) as RunError | null,
    stepCount: liveStepCount ?? row.stepCount,
    recordsOmitted: row.recordsOmitted,
    retryOf: row.retryOf,
    startedBy: row.startedBy,
  };
}

export function toRecord(row: RecordRow): DebugRecord {
  return {
    runId: row.runId,
    seq: row.seq,
    stepId: row.stepId,
    place: row.place,
    status: row.status as DebugRecord['status'],
    attempt: row.attempt,
    input: parse(row.input),
    output: parse(row.output),
    error: parse(row.error) as DebugRecord['error'],
    startedAt: row.startedAt,
    durationMs: row.durationMs,
  };
}

export function toRecordRow(record: DebugRecord): RecordRow {
  return {
    runId: record.runId,
    seq: record.seq,
    stepId: record.stepId,
    place: record.place,
    status: record.status,
    attempt: record.attempt,
    input: record.input === undefined ? null : JSON.stringify(record.input),
    output: record.output === undefined ? null : JSON.stringify(record.output),
    error: record.error ? JSON.stringify(record.error) : null,
    startedAt: record.startedAt,
    durationMs: Math.round(record.durationMs),
  };
}
