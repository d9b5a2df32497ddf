import type { StepErrorJson } from '../errors/step-error.js';

/** One per step execution (WORKFLOW-FORMAT.md, "Debug record"). */
export interface DebugRecord {
  runId: string;
  /** Counts from 1 within a run, in the order records are emitted. */
  seq: number;
  stepId: string;
  /** Where the step ran: `loop-1[3] > slack-1`; a top-level step is just its id. */
  place: string;
  status: 'ok' | 'error' | 'skipped';
  attempt: number;
  input: unknown;
  output: unknown;
  error: StepErrorJson | null;
  startedAt: string;
  durationMs: number;
}

/** `waiting`: parked by a delay (until `resumeAt`) or by a call step waiting for the run it called. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface RunError {
  code: string;
  message: string;
  stepId: string | null;
}
