// The API shapes of a run and a debug record, made from their rows.
import type { DebugRecord, RunError } from '../../engine/index.js';
import type { RecordRow, RunRow } from '../db/runs-repo.js';
import type { DebugRecord as WireRecord, Run as WireRun } from '../../wire/index.js';

/** A run as the API answers it: wire/run.ts's schema (the editor parses it with the same one). */
export type RunJson = WireRun;

type WaitFields = 'resumeAt' | 'waitingFor' | 'calledBy' | 'callDepth' | 'response';
/** A run row, with or without the fields of waiting and called runs (older shapes have none). */
export type RunRowLike = Omit<RunRow, 'checkpoint' | WaitFields> &
  Partial<Pick<RunRow, WaitFields>>;

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toRunJson(row: RunRowLike, liveStepCount?: number): RunJson {
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
    resumeAt: row.status === 'waiting' ? (row.resumeAt ?? null) : null,
    waitingFor: row.status === 'waiting' ? (row.waitingFor ?? null) : null,
    calledBy: (parse(row.calledBy ?? null) as RunJson['calledBy']) ?? null,
  };
}

export function toRecord(row: RecordRow): DebugRecord & WireRecord {
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
