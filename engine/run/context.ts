// Everything a step handler needs during one run: the run document, the recorder, where we
// are (loop and branch frames), the run's secrets and verdict, and the injected services.
import type { StepError } from '../errors/step-error.js';
import type { RunError } from '../model/record.js';
import type { LoopBuffer, Recorder } from '../records/recorder.js';
import type { CallGuard } from '../steps/call-guard.js';
import type { Catalog, StepLogger, StepStateStore } from './catalog.js';
import type { RunDocument } from './run-document.js';
import type { Checkpoint, RunHost, RunOptions, RunResponse, RunWait } from './types.js';
import type { StepStorage } from './storage.js';

/**
 * What a step tells the sequence it is in: go on, break out of a loop, stop the run (it
 * failed or was cancelled), end it as succeeded (a terminate step), or park it (a delay or a
 * call with wait: the checkpoint to resume from is saved, and every level returns at once
 * without writing its own record, which comes when the resumed run ends it).
 */
export type Flow =
  | { kind: 'next' }
  | { kind: 'break'; loopId: string }
  | { kind: 'stop' }
  | { kind: 'end' }
  | { kind: 'park'; wait: RunWait };
export const NEXT: Flow = { kind: 'next' };
export const STOP: Flow = { kind: 'stop' };

export interface LoopFrame {
  kind: 'loop';
  id: string;
  index: number;
  /** Collected values so far (only when the loop has `collect`). Only ever appended to. */
  results: unknown[] | undefined;
  startedAt: number;
  buffer: LoopBuffer;
}
export interface BranchFrame {
  kind: 'branch';
  id: string;
  result: boolean;
  startedAt: number;
}
export interface CaseFrame {
  kind: 'case';
  id: string;
  /** The case taken; null for the default path. */
  index: number | null;
  startedAt: number;
}
export interface ErrorFrame {
  kind: 'error';
  id: string;
}
export type Frame = LoopFrame | BranchFrame | CaseFrame | ErrorFrame;

export type Verdict =
  | { status: 'running' }
  | { status: 'failed'; error: RunError }
  | { status: 'cancelled'; error: RunError };

export interface RunServices {
  runId: string;
  workflowId: string | undefined;
  catalog: Catalog;
  resolveAuth: RunOptions['resolveAuth'];
  stateFor: (stepId: string) => StepStateStore;
  storage: StepStorage;
  signal: AbortSignal;
  guard: CallGuard;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  stepTimeoutMs: number;
  log: StepLogger;
  onCheckpoint: RunOptions['onCheckpoint'];
  onSecret: RunOptions['onSecret'];
  onStepStart: RunOptions['onStepStart'];
  host: RunHost;
  beforeStep: RunOptions['beforeStep'];
  maxLoopItems: number;
}

export class RunContext {
  readonly frames: Frame[] = [];
  /** `loop-1[3] > ` inside a loop body; '' at the top level. */
  placePrefix = '';
  verdict: Verdict = { status: 'running' };
  /** The first respond step's answer (kept in checkpoints: the first one wins across a resume). */
  response: RunResponse | undefined;
  /** The trigger is `callable`, or a webhook with "reply": "respond-step": a respond step has someone to answer. */
  respondable = false;

  /** What a connector step needs, made once per run rather than once per step. */
  readonly invokeDeps: RunServices & { secrets: Set<string> };

  constructor(
    readonly doc: RunDocument,
    readonly recorder: Recorder,
    readonly secrets: Set<string>,
    readonly services: RunServices,
  ) {
    this.invokeDeps = { ...services, secrets };
  }

  now(): number {
    return this.services.now();
  }

  fail(error: StepError, stepId: string): void {
    if (this.verdict.status === 'running')
      this.verdict = {
        status: 'failed',
        error: { code: error.code, message: error.message, stepId },
      };
  }

  cancel(stepId: string | null): void {
    if (this.verdict.status !== 'cancelled') {
      this.verdict = {
        status: 'cancelled',
        error: { code: 'CANCELLED', message: 'The run was cancelled', stepId },
      };
    }
  }

  /**
   * After a completed step: hand the state over as plain JSON. Cheap on purpose (it runs
   * after every step of a 100,000-item loop): the outputs object is copied one level deep
   * and collected results are shared with a count, never deep-copied.
   */
  checkpoint(stepId: string, enteringErrorBranch = false): Promise<void> {
    // A failed step about to take its error branch: a resume must still run that branch.
    return this.checkpointAt(
      enteringErrorBranch ? { kind: 'error', id: stepId } : { kind: 'step', id: stepId },
    );
  }

  /** A checkpoint whose innermost position is `last` (a parked delay or call writes its own). */
  async checkpointAt(last: CursorEntry): Promise<void> {
    const onCheckpoint = this.services.onCheckpoint;
    if (!onCheckpoint) return;
    const at: CursorEntry[] = this.frames.map(toCursor);
    at.push(last);
    const steps: Record<string, unknown> = {};
    for (const key in this.doc.steps)
      if (this.doc.steps[key] !== undefined) steps[key] = this.doc.steps[key];
    const checkpoint: EngineCheckpoint = {
      version: 1,
      at,
      steps,
      seq: this.recorder.seq,
      recordsOmitted: this.recorder.recordsOmitted,
      ...(this.response ? { response: this.response } : {}),
    };
    await onCheckpoint(checkpoint);
  }
}

/** Position of the last completed step, outermost first, by step ids. */
export type CursorEntry =
  | { kind: 'step'; id: string }
  | {
      kind: 'loop';
      id: string;
      index: number;
      results?: unknown[];
      resultsCount?: number;
      startedAt: number;
    }
  | { kind: 'branch'; id: string; result: boolean; startedAt: number }
  /** Inside a multi-way branch: the case taken (null: default). */
  | { kind: 'case'; id: string; index: number | null; startedAt: number }
  /** A parked delay: it ends at `resumeAt` (epoch ms). */
  | { kind: 'delay'; id: string; resumeAt: number; startedAt: number; input: unknown }
  /** A parked call waiting for the run it started (`attempt` counts its retries). */
  | {
      kind: 'call';
      id: string;
      runId: string;
      attempt: number;
      startedAt: number;
      input: unknown;
    }
  | { kind: 'error'; id: string };

export interface EngineCheckpoint extends Checkpoint {
  version: 1;
  at: CursorEntry[];
  /** Outputs in scope, `$.steps`. */
  steps: Record<string, unknown>;
  seq: number;
  recordsOmitted: number;
  /** The first respond step's answer, once one ran. */
  response?: RunResponse;
}

function toCursor(frame: Frame): CursorEntry {
  if (frame.kind === 'loop') {
    return frame.results
      ? {
          kind: 'loop',
          id: frame.id,
          index: frame.index,
          results: frame.results,
          resultsCount: frame.results.length,
          startedAt: frame.startedAt,
        }
      : { kind: 'loop', id: frame.id, index: frame.index, startedAt: frame.startedAt };
  }
  if (frame.kind === 'branch')
    return { kind: 'branch', id: frame.id, result: frame.result, startedAt: frame.startedAt };
  if (frame.kind === 'case')
    return { kind: 'case', id: frame.id, index: frame.index, startedAt: frame.startedAt };
  return { kind: 'error', id: frame.id };
}
