// The seam between the executor and the store (ARCHITECTURE.md, "The run core"): everything a
// run reports while it executes goes through a RunSink. Embedded mode writes it to SQLite in the
// same process (sqlite-run-sink.ts); a queue worker writes it to Redis and the API process
// drains it into SQLite. The executor never knows which one it talks to.
import type {
  Checkpoint,
  DebugRecord,
  RunError,
  RunResponse,
  RunStatus,
  RunWait,
  StepStartInfo,
} from '../../engine/index.js';

/** What a run is, as the executor and a sink see it (a run row without its checkpoint). */
export interface RunInfo {
  id: string;
  workflowId: string;
  workflowVersion: number;
  triggerType: string;
  /** JSON text of `$.trigger`, as stored. */
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
  /** How deep the run is in a chain of call steps (0 unless a call step started it). */
  callDepth?: number;
  resumeAt?: string | null;
  waitingFor?: string | null;
  /** JSON { runId, workflowId, stepId } of the call step that started the run. */
  calledBy?: string | null;
  /** JSON of the first respond step's answer. */
  response?: string | null;
}

/** How a run ended. */
export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  error: RunError | null;
  stepCount: number;
  recordsOmitted: number;
  /** The first respond step's answer (a calling workflow's `response`). */
  response?: RunResponse;
}

/** A run parked by a delay or a call that waits: it resumes from the checkpoint just saved. */
export interface RunParked {
  wait: RunWait;
  stepCount: number;
  recordsOmitted: number;
  response?: RunResponse;
}

/** One run's reports, in the order the executor makes them. */
export interface RunWriter {
  /**
   * The run is executing now. Resolves once that is stored: the crash-loop guard counts the
   * executions that began, and a step that stops the process may be the run's very first.
   */
  started(at: string): Promise<void>;
  /** A step execution began (live only, never stored). */
  stepStarted(info: StepStartInfo): void;
  /** A debug record, already scrubbed of secrets. Ordered; stored with the next commit. */
  record(record: DebugRecord): void;
  /**
   * The state after a completed step. `sensitive`: the run has used an authentication, so
   * stored outputs may hold an echoed secret and must be encrypted. `scrub`: what every value
   * stored from it must pass through first (the run's secret scrubber); a sink applies it once
   * per output it stores, not to the whole checkpoint after every step. Not awaited: a sink may
   * coalesce the checkpoints of one commit (only the last reaches the disk). Throws when an
   * earlier write of this run failed, which stops the run.
   */
  checkpoint(
    checkpoint: Checkpoint,
    options: { sensitive: boolean; scrub: <T>(value: T) => T },
  ): void;
  /**
   * Resolves once everything reported so far is stored. The executor waits for it before a
   * step that may have side effects, so that a resumed run never repeats a completed one.
   */
  settle(): Promise<void>;
  /** The final status. Resolves once it is stored. */
  finish(outcome: RunOutcome): Promise<void>;
  /**
   * The run is parked (status `waiting`): store why, and have it woken when the time comes or
   * the called run ends (the sink's parking lot). Resolves once it is stored.
   */
  park(parked: RunParked): Promise<void>;
  /** A respond step answered: whoever waits for it (a webhook request) hears it. */
  respond(response: RunResponse): Promise<void>;
  /** Always called last, whatever happened: drop what the writer keeps for this run. */
  close(): void;
}

export interface RunSink {
  /** Start reporting for a run the source handed out. */
  open(run: RunInfo): RunWriter;
}

export type { RunError };
