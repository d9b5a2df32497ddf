// The engine's public run API. The server, the queue worker and the CLI all call
// runWorkflow(options) from engine/index.ts with these shapes.
import type { Step, Workflow } from '../model/workflow.schema.js';
import type { DebugRecord, RunError } from '../model/record.js';
import type { Catalog, ResolvedAuth, StepLogger, StepStateStore } from './catalog.js';
import type { StepStorage } from './storage.js';

/**
 * The run's state after a completed step, as plain JSON (JSON.stringify-able, no class
 * instances). Opaque to callers: they store it and hand it back as `resumeFrom`.
 * It shares data with the running loop (outputs, collected results) instead of copying it:
 * treat it as read-only, and serialize it before the onCheckpoint promise resolves.
 */
export interface Checkpoint {
  version: 1;
  /** Anything else is the engine's business. */
  [key: string]: unknown;
}

export interface RunEnv {
  workflowId?: string;
  workflowVersion?: number;
  runId: string;
  startedAt: string;
}

export interface StepStartInfo {
  stepId: string;
  /** Where the step runs, as in its debug record: `slack-1`, `loop-1[3] > slack-1`. */
  place: string;
  /** ISO time the execution started. */
  startedAt: string;
}

/** What a respond step answers: the caller's `response`, or a webhook's HTTP answer. */
export interface RunResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The respond step that answered. */
  stepId: string;
}

/** A call step asks its host to start a run of another workflow. */
export interface CallRequest {
  /** The workflow to call (its trigger must be `callable`). */
  workflowId: string;
  /** `$.trigger` of the called run. */
  payload: unknown;
  /** Who calls: the called run records it as `calledBy`. */
  caller: { runId: string; workflowId: string | undefined; stepId: string };
  /**
   * The same for every re-execution of this call (`<runId>:<place>#<attempt>`): a call step run
   * again after a crash gets the run it already started instead of a second one.
   */
  key: string;
  /** How deep the called run is in the chain of calls (a run started otherwise is 0). */
  depth: number;
}

/** Where a called run is. */
export type CallOutcome =
  | { status: 'going' }
  | { status: 'succeeded'; response: unknown }
  | {
      status: 'failed' | 'cancelled';
      error: { code: string; message: string; stepId: string | null } | null;
    };

/** Why a parked run waits, and what wakes it: a time, or the end of a called run. */
export interface RunWait {
  /** ISO time a delay step resumes. */
  resumeAt?: string;
  /** A called run whose end the run waits for. */
  forRunId?: string;
  /** The step that parked the run. */
  stepId: string;
}

/**
 * What the engine asks of whoever runs it, beyond connectors: the server implements all of
 * it; the command-line runner none (a delay then sleeps in process, a call step fails).
 */
export interface RunHost {
  /**
   * The host can park a run (delay, call with wait): the engine saves a checkpoint, returns
   * status `waiting` with `wait`, and the host runs it again with `resumeFrom` when it is due.
   * Without it a delay sleeps in process.
   */
  park?: boolean;
  /** Start a run of a callable workflow; throws a StepError when it cannot (NOT_FOUND, INPUT_INVALID). */
  startCall?(request: CallRequest): Promise<{ runId: string }>;
  /** Where a called run is (asked when a parked caller wakes, or polled when the host cannot park). */
  callOutcome?(runId: string): Promise<CallOutcome>;
  /** A respond step answered (awaited): e.g. the webhook request waiting for it. */
  respond?(response: RunResponse): void | Promise<void>;
  /** How deep this run is in a chain of calls (0 unless started by a call step). */
  callDepth?: number;
}

export interface RunOptions {
  /** A parsed document (parseWorkflow). */
  workflow: Workflow;
  runId: string;
  /** The trigger output, `$.trigger` (manual payload, webhook body/query/headers, schedule slot). */
  trigger?: unknown;
  workflowId?: string;
  workflowVersion?: number;
  catalog: Catalog;
  /** Look up a stored authentication; throw StepError AUTH_MISSING / FORBIDDEN when it cannot be used. */
  resolveAuth?: (
    authId: string,
    ctx: { connector: string; stepId: string; service: string | null },
  ) => Promise<ResolvedAuth>;
  /** Persistent per-step state for connectors (sync cursors); defaults to an in-memory map. */
  stateFor?: (stepId: string) => StepStateStore;
  /**
   * This run's storage (the storage connector), bound to its run and workflow ids. Default: in
   * memory, for this run only (the CLI). A host drops the run's `run` values when it ends.
   */
  storage?: StepStorage;
  signal?: AbortSignal;
  /** Awaited before the next step starts, so a store can commit it first. */
  onRecord?: (record: DebugRecord) => void | Promise<void>;
  /**
   * Called (not awaited) just before each execution of a connector, loop or boolean step starts,
   * with the `place` its debug record will have (`loop-1[3] > slack-1`), so a UI can show the
   * step as running long before its record arrives. An exception it throws is ignored.
   */
  onStepStart?: (info: StepStartInfo) => void;
  /** Awaited after every completed step. */
  onCheckpoint?: (checkpoint: Checkpoint) => void | Promise<void>;
  /**
   * Told of each credential a connector obtained during the run (an OAuth token, a session
   * id), the moment it is obtained; the engine already redacts it from records and errors.
   */
  onSecret?: (value: string) => void;
  /**
   * Called before each step runs (not when a resumed run re-enters a loop or branch). When it
   * returns a promise the step waits for it: a store uses this to make earlier checkpoints
   * durable before a step that may have side effects, and lets pure steps run on at once.
   */
  beforeStep?: (step: Step) => void | Promise<void>;
  /** Start from this state: completed steps are not run again. */
  resumeFrom?: Checkpoint;
  limits?: {
    /** At most this many records per run (default 10,000); past it errors and each loop's last iteration are kept. */
    maxRecords?: number;
    /** A record's input/output are cut past this many bytes of JSON, with a visible marker (default 64 KiB). */
    maxValueBytes?: number;
    /** Default per-step timeout when the step sets none (default 5 minutes). */
    stepTimeoutMs?: number;
    /** A loop over a longer list fails at once, naming the step and the size (default 1,000,000). */
    maxLoopItems?: number;
  };
  log?: StepLogger;
  /** Delay, call and respond reach the outside through this (see RunHost). */
  host?: RunHost;
  /** Injected for tests of backoff; defaults to real timers that stop on abort. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface RunResult {
  /** `waiting`: parked by a delay or a call (only when the host can park); see `wait`. */
  status: 'succeeded' | 'failed' | 'cancelled' | 'waiting';
  error: RunError | null;
  /** Set when `waiting`: what the run waits for. The checkpoint to resume from was just saved. */
  wait?: RunWait;
  /** The first respond step's answer, when one ran (also across a park and resume). */
  response?: RunResponse;
  /** Records emitted (including any kept back and emitted at a loop's end). */
  stepCount: number;
  recordsOmitted: number;
  /** Top-level steps' outputs by step id. */
  outputs: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
}

export interface ValidationProblem {
  /** Dotted path in the document: `steps.1.input.text`. */
  path: string;
  message: string;
  /** The step the problem concerns, so the editor can mark it. */
  stepId?: string;
}
